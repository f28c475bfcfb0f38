// Web Response -> Fastify reply. We never hand Fastify the Response object itself: that path is always
// chunked, answers 500 on Fastify's automatic HEAD, and is slow. Instead the status and headers go
// through reply.code()/reply.header() and the body as a Buffer (when it is complete at once, so
// Fastify sets Content-Length and writes once) or as a Web stream with backpressure.
import { STATUS_CODES } from 'node:http'
import { Readable } from 'node:stream'
import type { FastifyReply } from 'fastify'
import { kStringBody, untouchedLight } from './next/response.js'
import { kMiddlewareHeaders } from './symbols.js'

// Connection-level headers describe the handler's own framing, not ours.
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'te', 'trailer', 'proxy-connection'])

const noop = (): void => {}

/**
 * A Response that will not be sent (a consumed middleware result, an answer for a client that is
 * gone): cancel its body so the producer stops. A locked or already-read body has nobody to stop.
 */
export function discardBody (res: Response): void {
  try {
    res.body?.cancel().catch(noop)
  } catch {
    // locked: its reader owns it
  }
}

export interface SendOptions {
  /** Set-Cookie lines written through next/headers, sent after the Response's own */
  readonly setCookies: string[] | null
  /** route file, for the log line of a stream that fails after the headers */
  readonly file: string
}

/**
 * Sends `res` through `reply`. Synchronous (returns undefined) when the body is known at once, the
 * common case; a promise only when the body has to be read from a stream first.
 */
export function sendResponse (reply: FastifyReply, res: Response, opts: SendOptions): Promise<void> | undefined {
  const status = res.status
  reply.code(status)
  const statusText = res.statusText
  if (statusText !== '' && statusText !== STATUS_CODES[status]) reply.raw.statusMessage = statusText

  const middlewareWins = middlewareSetHeaders(reply)

  // A light response with nothing else set (NextResponse.json(data), Response.json(data) or
  // new Response(text) in a route module): no Headers object is ever built.
  const light = untouchedLight(res)
  if (light !== null) {
    if (light.type !== null && (!middlewareWins || !reply.hasHeader('content-type'))) reply.header('content-type', light.type)
    if (opts.setCookies !== null) for (const line of opts.setCookies) reply.header('set-cookie', line)
    if (light.text === null) reply.send()
    else if (light.type !== null || reply.hasHeader('content-type')) sendText(reply, light.text)
    else sendBuffer(reply, Buffer.from(light.text), false)
    return
  }

  let hasContentType = false
  let contentLength: string | null = null
  // Iterating Headers yields each Set-Cookie on its own; reply.header() accumulates them.
  for (const [name, value] of res.headers) {
    if (name === 'content-length') contentLength = value
    else if (sendable(name)) {
      if (name === 'content-type') hasContentType = true
      putHeader(reply, name, value, middlewareWins)
    }
  }
  if (opts.setCookies !== null) for (const line of opts.setCookies) reply.header('set-cookie', line)

  const text = (res as { [kStringBody]?: string })[kStringBody]
  if (text !== undefined && !res.bodyUsed) {
    if (hasContentType) sendText(reply, text)
    else sendBuffer(reply, Buffer.from(text), false)
    return
  }
  const body = res.body
  if (body === null) {
    reply.send()
    return
  }
  if (res.bodyUsed || body.locked) throw new TypeError('The Response body was already read; return a new Response.')
  if (status === 204 || status === 304 || reply.request.raw.method === 'HEAD') {
    // No body goes out; let the producer stop. A handler-given Content-Length is kept for HEAD.
    body.cancel().catch(noop)
    if (contentLength !== null && status !== 204 && status !== 304) reply.header('content-length', contentLength)
    reply.send()
    return
  }
  return sendStream(reply, body, hasContentType, contentLength, opts.file)
}

// x-middleware-* is Next's internal protocol (NextResponse.cookies mirrors into one) and
// x-next-cache-tags Next's internal tag list: never sent.
function sendable (name: string): boolean {
  return !HOP_BY_HOP.has(name) && !name.startsWith('x-middleware-') && name !== 'x-next-cache-tags'
}

// Headers a middleware put on the response win over the handler's (next-middleware.md 3.9).
function middlewareSetHeaders (reply: FastifyReply): boolean {
  return (reply.request.raw as { [kMiddlewareHeaders]?: unknown })[kMiddlewareHeaders] !== undefined
}

function putHeader (reply: FastifyReply, name: string, value: string, middlewareWins: boolean): void {
  if (middlewareWins && name !== 'set-cookie' && reply.hasHeader(name)) return
  reply.header(name, value)
}

/** The headers of `res` worth storing with a cached body (what sendResponse would send, less the length). */
export function storableHeaders (res: Response): Array<[string, string]> {
  const light = untouchedLight(res)
  if (light !== null) return light.type === null ? [] : [['content-type', light.type]]
  const out: Array<[string, string]> = []
  for (const [name, value] of res.headers) if (name !== 'content-length' && sendable(name)) out.push([name, value])
  return out
}

/** The complete body of `res`, read without a stream round-trip when it is a light response. */
export async function readWholeBody (res: Response): Promise<Buffer> {
  const light = untouchedLight(res)
  if (light !== null) return light.text === null ? Buffer.alloc(0) : Buffer.from(light.text)
  return Buffer.from(await res.arrayBuffer())
}

/**
 * Send stored headers and body (a cached entry), with `extra` headers added last. `text` is the
 * body as a string when it is valid UTF-8: sent as a string, Node writes head and body at once.
 */
const PRIVATE_NO_STORE = 'private, no-cache, no-store, max-age=0, must-revalidate'

function sharedCacheable (cacheControl: unknown): boolean {
  return typeof cacheControl !== 'string' || !/\b(?:private|no-store)\b/i.test(cacheControl)
}

export function sendStored (reply: FastifyReply, status: number, headers: ReadonlyArray<[string, string]>, body: Buffer, text: string | null, extra: ReadonlyArray<[string, string]>): void {
  reply.code(status)
  const middlewareWins = middlewareSetHeaders(reply)
  let hasContentType = false
  for (const [name, value] of headers) {
    if (name === 'content-type') hasContentType = true
    putHeader(reply, name, value, middlewareWins)
  }
  for (const [name, value] of extra) {
    // A Cache-Control already on the reply is the middleware's (or the entry's own): it may say
    // `private`, and the cache's `s-maxage` must not turn it into a shared one (cache deception).
    if (name === 'cache-control' && reply.hasHeader('cache-control')) continue
    reply.header(name, value)
  }
  // A cached body goes to everyone, a Set-Cookie (the middleware's, a preview cookie's) to one
  // client: such a response is never stored by a shared cache. Next would let a CDN keep it.
  if (reply.hasHeader('set-cookie') && sharedCacheable(reply.getHeader('cache-control'))) reply.header('cache-control', PRIVATE_NO_STORE)
  if (text !== null && hasContentType) sendText(reply, text)
  else sendBuffer(reply, body, hasContentType)
}

async function sendStream (reply: FastifyReply, body: ReadableStream<unknown>, hasContentType: boolean, contentLength: string | null, file: string): Promise<void> {
  const reader = body.getReader()
  const first = await reader.read()
  if (first.done) {
    sendBuffer(reply, Buffer.alloc(0), hasContentType)
    return
  }
  // A body that is already complete (string, bytes, JSON, FormData) ends within a few microtasks
  // (measured: 1-2 on Node 20 and 24, FormData 3-5): send it as one Buffer. Otherwise stream it,
  // replaying what we read. A Blob body on Node 22+ is read by real I/O and takes the stream path.
  let next: ReadableStreamReadResult<unknown> | null = null
  let nextError: unknown = null
  let settled = false
  const pending = reader.read().then(
    r => { next = r; settled = true; return r },
    (err: unknown) => { nextError = err; settled = true; throw err }
  )
  pending.catch(noop)
  for (let i = 0; i < 6 && !settled; i++) await undefined
  if (settled && nextError === null && (next as ReadableStreamReadResult<unknown> | null)?.done === true) {
    sendBuffer(reply, toBuffer(first.value), hasContentType)
    return
  }
  if (contentLength !== null) reply.header('content-length', contentLength)
  reply.send(replayStream(reply, reader, first.value, pending, file))
}

const asIs = (payload: string): string => payload

/**
 * A string body with its Content-Type already set. Node joins the head and a string body into one
 * chunk (a Buffer body is queued as a second one). The identity serializer keeps Fastify from
 * appending `; charset=utf-8` to a JSON type, which Next never does.
 */
function sendText (reply: FastifyReply, text: string): void {
  reply.serializer(asIs)
  reply.send(text)
}

function sendBuffer (reply: FastifyReply, buf: Buffer, hasContentType: boolean): void {
  if (hasContentType) {
    reply.send(buf)
    return
  }
  // Fastify would label a bare Buffer application/octet-stream; Next sends no Content-Type. A Node
  // stream is passed through unlabelled, so send the bytes that way with an explicit length.
  reply.header('content-length', buf.length)
  reply.send(Readable.from([buf]))
}

function toBuffer (chunk: unknown): Buffer {
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)
  if (typeof chunk === 'string') return Buffer.from(chunk)
  throw new TypeError(`Response body chunks must be Uint8Array, got ${typeof chunk}`)
}

function replayStream (
  reply: FastifyReply,
  reader: ReadableStreamDefaultReader<unknown>,
  first: unknown,
  pending: Promise<ReadableStreamReadResult<unknown>>,
  file: string
): ReadableStream<Uint8Array> {
  let queued: Promise<ReadableStreamReadResult<unknown>> | null = pending
  // Set when the client went away (Fastify cancels this stream): a read still in flight must then
  // settle quietly, since the controller is gone.
  let cancelled = false
  return new ReadableStream<Uint8Array>({
    start (controller) {
      controller.enqueue(toBuffer(first))
    },
    async pull (controller) {
      try {
        const result = queued ?? reader.read()
        queued = null
        const { done, value } = await result
        if (cancelled) return
        if (done) controller.close()
        else controller.enqueue(toBuffer(value))
      } catch (err) {
        if (cancelled) return
        // Headers are out: Fastify ends the connection; the log says why.
        reply.request.log.error({ err, file }, 'route handler response stream failed after the headers were sent')
        controller.error(err)
      }
    },
    cancel (reason) {
      cancelled = true
      return reader.cancel(reason).catch(noop)
    }
  }, { highWaterMark: 0 })
}
