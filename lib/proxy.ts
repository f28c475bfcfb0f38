// External rewrites: the request is proxied, streamed both ways, to the other origin with undici.
import type { TLSSocket } from 'node:tls'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { request as UndiciRequest } from 'undici'
import { limitedBody, outerBodyLimit } from './body.js'
import { stripInternalHeaders } from './internal-headers.js'
import { kBufferedBody } from './symbols.js'

// undici costs about 100 ms to import: loaded only for apps with a middleware (plugin.ts), the only
// source of external rewrites, and at registration so no request waits for it.
let undiciRequest: typeof UndiciRequest | null = null
export async function loadProxy (): Promise<void> {
  undiciRequest ??= (await import('undici')).request
}

// Connection-level headers are hop-by-hop (RFC 9110 7.6.1); host is set from the target.
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'host', 'expect'])

function tooLarge (err: unknown): boolean {
  for (let e = err as { statusCode?: unknown, cause?: unknown } | undefined, depth = 0; e !== undefined && e !== null && depth < 3; e = e.cause as typeof e, depth++) {
    if (e.statusCode === 413) return true
  }
  return false
}

export async function proxyRequest (request: FastifyRequest, reply: FastifyReply, target: URL, timeout: number): Promise<FastifyReply> {
  const raw = request.raw
  // Next's internal headers a client sent never go upstream, whoever rewrote (middleware or config).
  stripInternalHeaders(raw)
  const headers: Record<string, string | string[]> = {}
  for (const [name, value] of Object.entries(raw.headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = value
  }
  // As Next's proxy (changeOrigin): the upstream sees its own host, and where the request came
  // from, told by the connection: a client's own X-Forwarded-* would let it name any host or
  // address to the upstream.
  const socket = raw.socket as TLSSocket
  headers['x-forwarded-host'] = raw.headers.host ?? ''
  headers['x-forwarded-proto'] = socket.encrypted === true ? 'https' : 'http'
  headers['x-forwarded-port'] = String(socket.localPort ?? '')
  headers['x-forwarded-for'] = socket.remoteAddress ?? ''
  const method = raw.method as string
  const hasBody = method !== 'GET' && method !== 'HEAD'
  // A body the middleware read is gone from the stream; its copy goes upstream in full.
  const buffered = (raw as { [kBufferedBody]?: Buffer })[kBufferedBody]
  if (buffered !== undefined) {
    headers['content-length'] = String(buffered.length)
    delete headers['transfer-encoding']
  }
  // The route's bodyLimit holds here too: a declared oversize body never leaves, a chunked one is
  // cut off at the limit (the upstream request then fails and the client gets the 413).
  const limit = outerBodyLimit(request)
  if (hasBody && buffered === undefined && Number(raw.headers['content-length'] ?? 0) > limit) return reply.code(413).send()
  try {
    await loadProxy()
    const upstream = await (undiciRequest as typeof UndiciRequest)(target, {
      method: method as 'GET',
      headers,
      body: hasBody ? buffered ?? limitedBody(raw, limit) : undefined,
      headersTimeout: timeout,
      bodyTimeout: timeout,
      maxRedirections: 0
    } as Parameters<typeof UndiciRequest>[1])
    reply.code(upstream.statusCode)
    for (const [name, value] of Object.entries(upstream.headers)) {
      if (value !== undefined && !HOP_BY_HOP.has(name) && name !== 'content-length') reply.header(name, value)
    }
    const length = upstream.headers['content-length']
    if (length !== undefined) reply.header('content-length', length)
    return reply.send(upstream.body)
  } catch (err) {
    if (tooLarge(err)) {
      request.log.info({ target: target.href }, 'request body over bodyLimit on an external rewrite')
      return reply.code(413).send()
    }
    request.log.error({ err, target: target.href }, 'middleware external rewrite: upstream unreachable')
    return reply.code(502).send()
  }
}
