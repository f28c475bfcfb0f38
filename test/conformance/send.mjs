// Send one conformance case with node:http (any method, exactly the headers given) and return what
// came back, with the listener's port written as PORT (and the build's draft-mode id as PREVIEW_ID)
// so recordings from any port and any build compare.
import { request } from 'node:http'

export function sendCase (port, c, { previewModeId = null } = {}) {
  return new Promise((resolve, reject) => {
    const headers = {}
    for (const [name, value] of Object.entries(c.send ?? {})) {
      headers[name] = previewModeId === null ? value : value.replaceAll('PREVIEW_ID', previewModeId)
    }
    if (c.body !== undefined && typeof c.body === 'string') headers['content-length'] = Buffer.byteLength(c.body)
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
        resolve({ status: res.statusCode, statusText: res.statusMessage, headers: out, body: fix(Buffer.concat(chunks).toString('utf8')) })
      })
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end(typeof c.body === 'string' ? c.body : undefined)
  })
}
