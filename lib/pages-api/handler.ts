// The per-request path of a Pages Router API route (Node runtime): the same canonical-path gate as
// route files (lib/handler.ts: Next's 308s, the 400s, the spelling check, params read from the
// canonical path), then Next's apiResolver: req/res decorated (./api.ts), the body parsed
// (./body.ts), the default export called with the Node request and response. The handler writes
// to the Node response itself, as in Next, and Fastify is not asked to send anything (no hijack:
// Fastify treats the reply as sent once the Node response has ended, its onResponse hooks and
// request log run as for any route, and an error before the first byte still goes to Fastify's
// error handling through reply.send). Decided at registration: the config, the params plan.
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Readable } from 'node:stream'
import type { FastifyReply, FastifyRequest, RouteHandlerMethod } from 'fastify'
import { canonicalOf, type CanonicalPath } from '../canonical.js'
import { stripInternalHeaders } from '../internal-headers.js'
import type { RequestSettings } from '../request.js'
import type { PluginShared } from '../context.js'
import { FST_ERR_NEXT_API_ROUTE_FAILED, FST_ERR_NEXT_BAD_URL } from '../errors.js'
import type { HookPlacement } from '../hook-placement.js'
import { answerNonCanonical, applyRewriteHeaders } from '../middleware.js'
import { isThenable } from '../outcome.js'
import type { ParamReader } from '../params.js'
import type { RouteSpelling } from '../route-spelling.js'
import { kBufferedBody, kOriginalCanonical } from '../symbols.js'
import { decorate } from './api.js'
import { ApiError, parseApiBody } from './body.js'
import type { ApiConfig } from './config.js'

export type ApiHandler = (req: IncomingMessage, res: ServerResponse) => unknown

export interface PagesApiSettings {
  readonly file: string
  readonly fn: ApiHandler
  readonly api: ApiConfig
  readonly readParams: ParamReader | null
  readonly spells: RouteSpelling
  readonly shared: PluginShared
  /** as in lib/handler.ts: set when there is middleware but no hook on this route */
  readonly rewriteHeaders: HookPlacement | null
  /** ms to wait, once the handler returned without answering, before answering 500 for it */
  readonly resolveTimeout: number
  /** the route files' request settings (the slash policy of the canonical path) */
  readonly request: RequestSettings
}

/** Next's req.query: the query string (repeated keys as arrays), then the params over it. */
function queryOf (search: string, params: Record<string, string | string[]> | undefined): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {}
  if (search.length > 1) {
    for (const [key, value] of new URLSearchParams(search)) {
      const had = query[key]
      query[key] = had === undefined ? value : Array.isArray(had) ? [...had, value] : [had, value]
    }
  }
  return params === undefined ? query : Object.assign(query, params)
}

export function buildPagesApiHandler (settings: PagesApiSettings): RouteHandlerMethod {
  const { readParams, spells, rewriteHeaders, api } = settings
  const slash = settings.request.slash ?? 'never'

  return function nextApiRoute (request: FastifyRequest, reply: FastifyReply) {
    const raw = request.raw
    if (rewriteHeaders !== null && rewriteHeaders.routeLevel) applyRewriteHeaders(raw, reply)
    // The handler gets the Node request itself: Next's internal headers a client sent go first,
    // with or without a middleware (route files drop them when their headers are built).
    stripInternalHeaders(raw)
    const c = answerNonCanonical(request, reply, canonicalOf(raw, slash), false)
    if (c === null) return reply
    if (!spells(c.path)) return reply.callNotFound()
    let params: Record<string, string | string[]> | undefined
    if (readParams !== null) {
      const read = readParams(c.path)
      if (read === null) {
        request.log.info({ err: new FST_ERR_NEXT_BAD_URL(c.path) }, 'malformed percent-encoding in route params')
        return reply.code(400).send()
      }
      params = read
    }
    const res = reply.raw
    // Headers already on the reply (a middleware's continue headers, the app's own hooks) go on
    // the Node response the handler writes; the handler's own setHeader calls come after them.
    const pending = reply.getHeaders()
    for (const name in pending) {
      const value = pending[name]
      if (value !== undefined) res.setHeader(name, value as string | string[])
    }
    // As in Next: req.url is the URL the client asked for (before a middleware rewrite), its query
    // written anew; req.query is that of the URL routed here.
    const shown = (raw as { [kOriginalCanonical]?: CanonicalPath })[kOriginalCanonical] ?? c
    const search = shown.search.length > 1 ? new URLSearchParams(shown.search).toString() : ''
    raw.url = shown.path + (search === '' ? '' : '?' + search)
    const req = decorate(raw, res, queryOf(c.search, params), settings.shared)
    if (api.responseLimit !== null && !api.externalResolver) watchSize(api.responseLimit, req, res, request.log)
    if (api.bodyParser === null || req.body !== undefined) {
      run(settings, request, reply, req, res)
      return
    }
    const buffered = (raw as { [kBufferedBody]?: Buffer })[kBufferedBody]
    const source = buffered ?? (request.body as Readable | undefined)
    parseApiBody(source, raw.headers, api.bodyParser.limit, api.bodyParser.label).then(body => {
      req.body = body
      run(settings, request, reply, req, res)
    }, (err: unknown) => {
      if (err instanceof ApiError) {
        request.log.info({ file: settings.file, status: err.statusCode }, err.message)
        sendApiError(res, err.statusCode, err.message)
      } else {
        failed(settings, request, reply, err)
      }
    })
  }
}

/** Next's sendError: the message as status text and as the body. */
function sendApiError (res: ServerResponse, status: number, message: string): void {
  res.statusCode = status
  res.statusMessage = message
  res.end(message)
}

function run (settings: PagesApiSettings, request: FastifyRequest, reply: FastifyReply, req: IncomingMessage, res: ServerResponse): void {
  let piped = false
  res.once('pipe', () => { piped = true })
  let result: unknown
  try {
    result = settings.fn(req, res)
  } catch (err) {
    failed(settings, request, reply, err)
    return
  }
  if (isThenable(result)) {
    Promise.resolve(result).then(() => resolved(settings, request, reply, res, piped), (err: unknown) => failed(settings, request, reply, err))
  } else {
    resolved(settings, request, reply, res, piped)
  }
}

// The handler returned and nothing is sent: Next's warning (Next prints it in development only and
// leaves the request open for ever); here it is also answered 500 if nothing is sent within
// resolveTimeout, so a forgotten res.end() costs a slow error, not a stalled connection.
// `externalResolver` says something else answers: neither the warning nor the timeout.
function resolved (settings: PagesApiSettings, request: FastifyRequest, reply: FastifyReply, res: ServerResponse, piped: boolean): void {
  if (settings.api.externalResolver || res.headersSent || piped) return
  request.log.warn({ file: settings.file }, `API resolved without sending a response for ${request.raw.url}, this may result in stalled requests.`)
  const timer = setTimeout(() => {
    if (res.headersSent || res.destroyed) return
    const err = new FST_ERR_NEXT_API_ROUTE_FAILED() as Error & { file?: string }
    err.cause = new Error(`the API route did not send a response within ${settings.resolveTimeout} ms of returning`)
    err.file = settings.file
    reply.send(err)
  }, settings.resolveTimeout)
  const stop = (): void => clearTimeout(timer)
  res.once('finish', stop)
  res.once('close', stop)
}

// A throw (or rejection) before the first byte goes to Fastify's error handling (setErrorHandler,
// onError hooks, its log line) as a 500 that names the file and carries the error as `cause`,
// with a message that says nothing of it; after the first byte the response can only be cut.
function failed (settings: PagesApiSettings, request: FastifyRequest, reply: FastifyReply, error: unknown): void {
  const res = reply.raw
  if (res.headersSent) {
    request.log.error({ err: error, file: settings.file }, 'API route failed after its response started')
    res.destroy()
    return
  }
  // Headers the handler set before it failed belong to the answer it did not give.
  for (const name of res.getHeaderNames()) res.removeHeader(name)
  const err = new FST_ERR_NEXT_API_ROUTE_FAILED() as Error & { file?: string }
  err.cause = error
  err.file = settings.file
  reply.send(err)
}

// Next's responseLimit: a warning (never a refusal) when an answer reaches the limit.
function watchSize (limit: { limit: number, label: string | number }, req: IncomingMessage, res: ServerResponse, log: FastifyRequest['log']): void {
  let length = 0
  const write = res.write
  const end = res.end
  const count = (chunk: unknown): void => {
    if (typeof chunk === 'string' || Buffer.isBuffer(chunk) || chunk instanceof Uint8Array) length += Buffer.byteLength(chunk as string)
  }
  res.write = function (this: ServerResponse, ...args: unknown[]) {
    count(args[0])
    return (write as (...a: unknown[]) => boolean).apply(this, args)
  } as ServerResponse['write']
  res.end = function (this: ServerResponse, ...args: unknown[]) {
    if (args.length > 0 && typeof args[0] !== 'function') count(args[0])
    if (length >= limit.limit) {
      log.warn(`API response for ${req.url ?? ''} exceeds ${String(limit.label)}. API Routes are meant to respond quickly. https://nextjs.org/docs/messages/api-routes-response-size-limit`)
    }
    return (end as (...a: unknown[]) => ServerResponse).apply(this, args)
  } as ServerResponse['end']
}
