// Fastify request -> the NextRequest a handler receives.
//
// Building an undici Request costs 5-16 us per request, more than all of Fastify's own work, so the
// bridge hands out a light object instead: its prototype chains to NextRequest.prototype (so
// `instanceof Request` and `instanceof NextRequest` hold), and url, headers, nextUrl, cookies, signal
// and the body readers are computed from the Node request on first use. Anything else (formData,
// blob, clone, cache, ...) builds the real NextRequest once and delegates to it.
import type { IncomingMessage } from 'node:http'
import type { TLSSocket } from 'node:tls'
import { Readable } from 'node:stream'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { RequestCookies } from '@edge-runtime/cookies'
import { outerBodyLimit, readBody, toWebStream } from './body.js'
import { NextRequest, kToRequest } from './next/request.js'
import { NextURL } from './next/url.js'
import { forwardToReal } from './lazy.js'
import { isInternalRawName } from './internal-headers.js'
import { STATIC_ORIGIN } from './cache/static-request.js'
import { canonicalOf, displayPath, stripBasePath, type CanonicalPath, type SlashPolicy } from './canonical.js'
import { kBufferedBody, kOriginalCanonical } from './symbols.js'

/** Per-plugin settings the request needs; built once at registration. */
export interface RequestSettings {
  /** host name used in request.url (Next uses its own hostname, not the Host header) */
  readonly hostname: string
  /** use the Host header (via Fastify's request.host, which honours trustProxy) instead */
  readonly trustHostHeader: boolean
  /** keep a body read here for a later reader (middleware: the handler reads it again) */
  readonly bufferBody?: boolean
  /** `dynamic = 'force-static'`: no headers, no cookies, `http://localhost:3000<path>` (spec 92) */
  readonly stripped?: boolean
  /** the canonical basePath (the plugin's prefix), '' for none */
  readonly basePath: string
  /** next.config's trailing-slash policy: with 'always' the app sees paths with their slash (default 'never') */
  readonly slash?: SlashPolicy
  /** the middleware's view: request.url keeps the basePath and nextUrl.basePath is it; a handler's has neither (Next 16.4.6) */
  readonly middlewareView?: boolean
  /** `runtime = 'edge'` route: after a middleware rewrite it sees the destination's query (the
   * client's path still); a Node route sees the client's URL as it was (next start 16.4.6) */
  readonly edge?: boolean
}

const kRequest = Symbol('fastify-next-routes.fastifyRequest')
const kReply = Symbol('fastify-next-routes.reply')
const kSettings = Symbol('fastify-next-routes.settings')
const kUrl = Symbol('fastify-next-routes.url')
const kHeaders = Symbol('fastify-next-routes.headers')
const kNextUrl = Symbol('fastify-next-routes.nextUrl')
const kCookies = Symbol('fastify-next-routes.cookies')
const kAbort = Symbol('fastify-next-routes.abort')
const kBody = Symbol('fastify-next-routes.body')
const kBodyUsed = Symbol('fastify-next-routes.bodyUsed')
const kReal = Symbol('fastify-next-routes.real')

// As Body.text() decodes (UTF-8, a leading BOM dropped, malformed bytes as U+FFFD); Buffer's
// decoder gives the same string as TextDecoder's and is faster on small bodies.
function decodeText (buf: Buffer): string {
  return buf.toString('utf8', buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0)
}

function parseJson (buf: Buffer): unknown {
  return JSON.parse(decodeText(buf))
}

// Queries that `new URL()` would leave unchanged: printable ASCII without the characters the
// WHATWG parser escapes there (space " # < > ').
const SAFE_SEARCH = /^[!$%&(-;=?-~]*$/

function bodyUnusable (): TypeError {
  return new TypeError('Body is unusable: Body has already been read')
}

class LightRequest {
  declare [kRequest]: FastifyRequest
  declare [kReply]: FastifyReply
  declare [kSettings]: RequestSettings
  declare [kUrl]: string | null
  declare [kHeaders]: Headers | null
  declare [kNextUrl]: NextURL | null
  declare [kCookies]: RequestCookies | null
  declare [kAbort]: AbortController | null
  declare [kBody]: ReadableStream<Uint8Array> | null
  declare [kBodyUsed]: boolean
  declare [kReal]: NextRequest | null

  constructor (request: FastifyRequest, reply: FastifyReply, settings: RequestSettings) {
    // Every slot set here so all light requests share one hidden class.
    this[kRequest] = request
    this[kReply] = reply
    this[kSettings] = settings
    this[kUrl] = null
    this[kHeaders] = null
    this[kNextUrl] = null
    this[kCookies] = null
    this[kAbort] = null
    this[kBody] = null
    this[kBodyUsed] = false
    this[kReal] = null
  }

  get method (): string {
    return this[kRequest].raw.method as string
  }

  get url (): string {
    return (this[kUrl] ??= buildUrl(this))
  }

  get headers (): Headers {
    return (this[kHeaders] ??= buildHeaders(this))
  }

  get nextUrl (): NextURL {
    const settings = this[kSettings]
    const trailingSlash = settings.slash === 'always'
    return (this[kNextUrl] ??= new NextURL(this.url, { basePath: settings.middlewareView === true ? settings.basePath : '', trailingSlash }))
  }

  get cookies (): RequestCookies {
    return (this[kCookies] ??= new RequestCookies(this.headers))
  }

  get signal (): AbortSignal {
    return (this[kAbort] ??= createAbort(this[kReply])).signal
  }

  get duplex (): 'half' {
    return 'half'
  }

  get body (): ReadableStream<Uint8Array> | null {
    if (this[kReal] !== null) return this[kReal].body
    if (!hasBody(this)) return null
    if (this[kBody] === null) {
      if (this[kBodyUsed]) throw bodyUnusable()
      this[kBody] = toWebStream(bodySource(this), limitOf(this))
    }
    return this[kBody]
  }

  get bodyUsed (): boolean {
    if (this[kReal] !== null) return this[kReal].bodyUsed
    return this[kBodyUsed] || (this[kBody] !== null && this[kBody].locked)
  }

  async arrayBuffer (): Promise<ArrayBuffer> {
    const buf = await consume(this)
    return buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer
  }

  async bytes (): Promise<Uint8Array> {
    const buf = await consume(this)
    return new Uint8Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength))
  }

  // No async functions stacked on consume(): each would cost the request another promise and tick.
  text (): Promise<string> {
    return consume(this, decodeText)
  }

  json (): Promise<unknown> {
    return consume(this, parseJson)
  }

  // Parsed from the bytes (a form body is held in memory by undici anyway), so the same path
  // works for a body a middleware already read.
  async formData (): Promise<FormData> {
    const type = this.headers.get('content-type') ?? ''
    return await new Response(await consume(this) as unknown as BodyInit, { headers: { 'content-type': type } }).formData()
  }

  async blob (): Promise<Blob> {
    return new Blob([await consume(this) as unknown as BlobPart], { type: this.headers.get('content-type') ?? '' })
  }

  [kToRequest] (): NextRequest {
    return (this[kReal] ??= materialize(this))
  }
}

// Chain to NextRequest so instanceof checks and NextRequest's stateless getters (ip, geo, page, ua)
// work; everything else of undici's Request goes to the real request, built on first use.
forwardToReal<LightRequest>(LightRequest, NextRequest.prototype, Request, self => self[kToRequest]())

export function createRequest (request: FastifyRequest, reply: FastifyReply, settings: RequestSettings): NextRequest {
  return new LightRequest(request, reply, settings) as unknown as NextRequest
}

/** The real NextRequest behind a light one (or the request itself): for `fetch(request)` and friends. */
export function toRequest (request: Request): Request {
  const source = (request as { [kToRequest]?: () => Request })[kToRequest]
  return typeof source === 'function' ? source.call(request) : request
}

/** The Fastify request a bridge request came from, for session, decorators or request.ip. */
export function getFastifyRequest (request: Request): FastifyRequest | undefined {
  return (request as unknown as Partial<LightRequest>)[kRequest]
}

function hasBody (req: LightRequest): boolean {
  const method = req[kRequest].raw.method
  return method !== 'GET' && method !== 'HEAD'
}

// The pass-through content-type parser leaves the (possibly preParsing-transformed) stream in
// request.body; without a body Fastify never calls the parser and we read the raw request.
function bodySource (req: LightRequest): Readable {
  // Read before the handler (a route's body schema): replay the bytes.
  const buffered = (req[kRequest].raw as { [kBufferedBody]?: Buffer })[kBufferedBody]
  if (buffered !== undefined) return Readable.from([buffered])
  const body = req[kRequest].body as Readable | undefined
  return body !== undefined && body !== null && typeof body.pipe === 'function' ? body : req[kRequest].raw
}

// A middleware's read keeps the app's bodyLimit on every route (lib/body.ts outerBodyLimit).
function limitOf (req: LightRequest): number {
  return req[kSettings].middlewareView === true ? outerBodyLimit(req[kRequest]) : req[kRequest].routeOptions.bodyLimit
}

// Not an async function: reading from the stream, the body reaches text()/json() as the stream
// ends, `map` applied there (an async function, or a .then, would add a promise and a tick each).
function consume (req: LightRequest): Promise<Buffer>
function consume<T> (req: LightRequest, map: (buf: Buffer) => T): Promise<T>
function consume<T> (req: LightRequest, map?: (buf: Buffer) => T): Promise<Buffer | T> {
  try {
    const buffered = bufferedOrNull(req)
    if (buffered !== null) return map === undefined ? buffered : buffered.then(map)
    const raw = req[kRequest].raw as IncomingMessage & { [kBufferedBody]?: Buffer }
    const keep = req[kSettings].bufferBody === true
    const src = bodySource(req)
    const limit = limitOf(req)
    if (map === undefined) return keep ? readBody(src, limit, buf => (raw[kBufferedBody] = buf)) : readBody(src, limit)
    return readBody(src, limit, keep ? buf => map(raw[kBufferedBody] = buf) : map)
  } catch (err) {
    return Promise.reject(err)
  }
}

// The body when it does not come from the stream (or cannot be read), else null; marks it used.
function bufferedOrNull (req: LightRequest): Promise<Buffer> | null {
  if (req[kReal] !== null) return req[kReal].arrayBuffer().then(bufferOf)
  if (req.bodyUsed) return Promise.reject(bodyUnusable())
  req[kBodyUsed] = true
  if (!hasBody(req)) return Promise.resolve(Buffer.alloc(0))
  const raw = req[kRequest].raw as IncomingMessage & { [kBufferedBody]?: Buffer }
  if (raw[kBufferedBody] !== undefined) return Promise.resolve(raw[kBufferedBody])
  if (req[kBody] !== null) return new Response(req[kBody]).arrayBuffer().then(bufferOf)
  return null
}

const bufferOf = (ab: ArrayBuffer): Buffer => Buffer.from(ab)

/** `proto://host:port` of request.url: the server's own origin unless trustHostHeader is set. */
export function requestOrigin (request: FastifyRequest, settings: RequestSettings): string {
  const raw = request.raw
  const socket = raw.socket as TLSSocket
  const forwardedProto = raw.headers['x-forwarded-proto']
  // As Next: https when the socket is TLS or x-forwarded-proto says so (spec 3.58).
  const proto = socket.encrypted === true || (typeof forwardedProto === 'string' && forwardedProto.includes('https')) ? 'https' : 'http'
  if (settings.trustHostHeader) return `${proto}://${request.host}`
  return `${proto}://${settings.hostname}:${socket.localPort ?? ''}`
}

// From the canonical path only, behind our own origin: never `new URL(untrusted, base)`, which
// reads `/\\host` or `//host` as another origin (shared/docs/canonical-path.md 3).
function buildUrl (req: LightRequest): string {
  // After a middleware rewrite the handler still sees the URL the client asked for, as in Next.
  const raw = req[kRequest].raw as IncomingMessage & { [kOriginalCanonical]?: CanonicalPath }
  const settings = req[kSettings]
  const original = raw[kOriginalCanonical]
  const slash = settings.slash ?? 'never'
  const c = original === undefined ? canonicalOf(raw, slash) : settings.edge === true ? withSearchOf(original, canonicalOf(raw, slash)) : original
  // Only requests with a canonical path reach a handler or the middleware.
  if (c.kind !== 'path') throw new Error('fastify-next-routes: request.url read on a request without a canonical path')
  const path = displayPath(settings.middlewareView === true ? c.path : stripBasePath(c.path, settings.basePath), settings.slash ?? 'never')
  if (settings.stripped === true) return STATIC_ORIGIN + path
  const base = requestOrigin(req[kRequest], settings)
  const search = groupQuery(c.search)
  if (SAFE_SEARCH.test(search)) return base + path + search
  return new URL(base + path + search).href
}

function withSearchOf (original: CanonicalPath, now: ReturnType<typeof canonicalOf>): CanonicalPath {
  return now.kind === 'path' ? { ...original, search: now.search } : original
}

/**
 * Next parses the query into an object and writes it back, so a repeated key's values come
 * together at its first place (`?a=1&b=two&a=3` -> `?a=1&a=3&b=two`) and empty pieces go; each
 * pair keeps the bytes the client sent. Anything else is returned as it is.
 */
export function groupQuery (search: string): string {
  if (search.indexOf('&') === -1) return search
  const pairs = search.slice(1).split('&')
  const order = new Map<string, string[]>()
  let moved = false
  let last = ''
  for (const pair of pairs) {
    if (pair === '') { moved = true; continue }
    const eq = pair.indexOf('=')
    const key = eq === -1 ? pair : pair.slice(0, eq)
    const group = order.get(key)
    if (group === undefined) order.set(key, [pair])
    else {
      if (key !== last) moved = true
      group.push(pair)
    }
    last = key
  }
  if (!moved) return search
  let out = ''
  for (const group of order.values()) for (const pair of group) out += (out === '' ? '?' : '&') + pair
  return out
}

// Request headers as sent, less Next's internal ones, plus the x-forwarded-* Next adds when the
// client did not (spec 3.62).
function buildHeaders (req: LightRequest): Headers {
  if (req[kSettings].stripped === true) return new Headers()
  const raw: IncomingMessage = req[kRequest].raw
  const rawHeaders = raw.rawHeaders
  const headers = new Headers()
  for (let i = 0; i < rawHeaders.length; i += 2) {
    if (!isInternalRawName(rawHeaders[i])) headers.append(rawHeaders[i], rawHeaders[i + 1])
  }
  const h = raw.headers
  const socket = raw.socket as TLSSocket
  if (h['x-forwarded-host'] === undefined && h.host !== undefined) headers.set('x-forwarded-host', h.host)
  if (h['x-forwarded-port'] === undefined && socket.localPort !== undefined) headers.set('x-forwarded-port', String(socket.localPort))
  if (h['x-forwarded-proto'] === undefined) headers.set('x-forwarded-proto', socket.encrypted === true ? 'https' : 'http')
  if (h['x-forwarded-for'] === undefined && socket.remoteAddress !== undefined) headers.set('x-forwarded-for', socket.remoteAddress)
  return headers
}

function abortReason (): Error {
  const err = new Error('This operation was aborted')
  err.name = 'ResponseAborted'
  return err
}

// Abort when the client goes away before the response is complete. We listen on the response side:
// the request's own 'close' also fires when its body has merely been read.
function createAbort (reply: FastifyReply): AbortController {
  const controller = new AbortController()
  const res = reply.raw
  if (res.writableFinished) return controller
  if (res.destroyed) {
    controller.abort(abortReason())
    return controller
  }
  res.once('close', () => {
    if (!res.writableFinished) controller.abort(abortReason())
  })
  return controller
}

function materialize (req: LightRequest): NextRequest {
  const method = req.method
  const init: RequestInit & { duplex?: 'half' } = { method, headers: req.headers, signal: req.signal }
  if (hasBody(req) && !req[kBodyUsed]) {
    init.body = req.body
    init.duplex = 'half'
  }
  return new NextRequest(req.url, init)
}
