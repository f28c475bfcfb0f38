// req.body as Next's API body parser makes it (api-utils/node/parse-body in Next): the body is read
// for every method up to sizeLimit (a declared length over it is refused before reading), decoded
// with the charset of the content type (utf-8 by default), then JSON for application/json and
// application/ld+json ('' is {}), a querystring object for urlencoded forms, the text otherwise.
import { decode } from 'node:querystring'
import type { Readable } from 'node:stream'

/** Next's ApiError: answered with its status, the message as status text and body. */
export class ApiError extends Error {
  constructor (readonly statusCode: number, message: string) {
    super(message)
  }
}

interface ContentType { readonly type: string, readonly charset: string | undefined }

function contentTypeOf (header: string | undefined): ContentType {
  // An unparsable or missing type counts as text/plain, as in Next.
  const value = (header ?? '').trim()
  const [type, ...params] = value.split(';')
  const t = type.trim().toLowerCase()
  if (!/^[\w!#$&^.+-]+\/[\w!#$&^.+-]+$/.test(t)) return { type: 'text/plain', charset: undefined }
  let charset: string | undefined
  for (const param of params) {
    const m = /^\s*charset\s*=\s*"?([^";\s]+)"?\s*$/i.exec(param)
    if (m !== null) charset = m[1].toLowerCase()
  }
  return { type: t, charset }
}

/**
 * `source` is the body stream Fastify handed the route (the request itself, or what a preParsing
 * hook made of it), or a buffered copy left by the middleware, or undefined for a request without
 * a body.
 */
export async function parseApiBody (source: Readable | Buffer | undefined, headers: Record<string, string | string[] | undefined>, limit: number, label: string | number): Promise<unknown> {
  const ct = contentTypeOf(headers['content-type'] as string | undefined)
  const declared = headers['content-length']
  if (declared !== undefined && Number(declared) > limit) throw new ApiError(413, `Body exceeded ${label} limit`)
  const buffer = source === undefined ? Buffer.alloc(0) : Buffer.isBuffer(source) ? source : await readAll(source, limit, label)
  if (buffer.length > limit) throw new ApiError(413, `Body exceeded ${label} limit`)
  let text: string
  try {
    text = new TextDecoder(ct.charset ?? 'utf-8').decode(buffer)
  } catch {
    throw new ApiError(415, `unsupported charset "${(ct.charset ?? '').toUpperCase()}"`)
  }
  if (ct.type === 'application/json' || ct.type === 'application/ld+json') {
    if (text.length === 0) return {}
    try {
      return JSON.parse(text)
    } catch {
      throw new ApiError(400, 'Invalid JSON')
    }
  }
  if (ct.type === 'application/x-www-form-urlencoded') return decode(text)
  return text
}

function readAll (stream: Readable, limit: number, label: string | number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let total = 0
    const onData = (chunk: Buffer): void => {
      total += chunk.length
      if (total > limit) {
        // The rest is read and dropped, not kept (the 413 can then be sent on a live connection);
        // async iteration would destroy the request, and with it the socket, on the way out.
        stream.off('data', onData)
        stream.off('end', onEnd)
        stream.resume()
        reject(new ApiError(413, `Body exceeded ${label} limit`))
        return
      }
      chunks.push(chunk)
    }
    const onEnd = (): void => resolve(Buffer.concat(chunks))
    stream.on('data', onData)
    stream.once('end', onEnd)
    stream.once('error', reject)
  })
}
