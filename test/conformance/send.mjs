// Send one conformance case with node:http (any method, exactly the headers given) and return what
// came back, with the listener's port written as PORT (and the build's draft-mode id as PREVIEW_ID)
// so recordings from any port and any build compare.
import { createHash } from 'node:crypto'
import { request } from 'node:http'

// `repeat: [text, times, tail?]` sends text.repeat(times) + tail (bodies of megabytes stay out of
// suite.json); `digest: true` records a body as its length and SHA-256 (so do replies that echo it).
function requestBody (c) {
  if (c.repeat !== undefined) return c.repeat[0].repeat(c.repeat[1]) + (c.repeat[2] ?? '')
  return typeof c.body === 'string' ? c.body : undefined
}

function digestOf (buffer) {
  return `${buffer.length} bytes, sha256 ${createHash('sha256').update(buffer).digest('hex')}`
}

export function sendCase (port, c, { previewModeId = null } = {}) {
  return new Promise((resolve, reject) => {
    const headers = {}
    for (const [name, value] of Object.entries(c.send ?? {})) {
      headers[name] = previewModeId === null ? value : value.replaceAll('PREVIEW_ID', previewModeId)
    }
    const body = requestBody(c)
    if (body !== undefined) headers['content-length'] = Buffer.byteLength(body)
    const req = request({ host: '127.0.0.1', port, method: c.method ?? 'GET', path: c.path, headers, agent: false }, res => {
      const chunks = []
      res.on('data', chunk => chunks.push(chunk))
      res.on('end', () => {
        const hide = value => previewModeId === null ? value : value.replaceAll(previewModeId, 'PREVIEW_ID')
        const fix = value => typeof value === 'string'
          ? hide(value === String(port) ? 'PORT' : value.replaceAll(`:${port}`, ':PORT').replaceAll(`"${port}"`, '"PORT"'))
          : value.map(fix)
        const out = {}
        for (const [name, value] of Object.entries(res.headers)) out[name] = fix(value)
        const raw = Buffer.concat(chunks)
        resolve({ status: res.statusCode, statusText: res.statusMessage, headers: out, body: c.digest ? digestOf(raw) : fix(raw.toString('utf8')) })
      })
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end(body)
  })
}
