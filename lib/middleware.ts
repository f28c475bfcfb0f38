// middleware.ts / proxy.ts as a Fastify onRequest hook, interpreting the middleware's Response in the
// order Next's router does (next-middleware.md 3 and 11): exception -> 500; request-header override;
// external rewrite -> proxy; 3xx + Location -> redirect; internal rewrite -> re-dispatch through
// Fastify's router; x-middleware-next -> continue; anything else -> sent as the answer.
import type { IncomingMessage } from 'node:http'
import { Readable } from 'node:stream'
import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestHookHandler, preParsingHookHandler } from 'fastify'
import { parseSetCookie } from '@edge-runtime/cookies'
import { canonicalOf, canonicalize, displayPath, sendRedirect308, settleCanonical, type Canonical, type CanonicalPath } from './canonical.js'
import { createStore, requestScope, type PluginShared, type RequestStore } from './context.js'
import { stripInternalHeaders } from './internal-headers.js'
import type { CompiledMatcher } from './matcher.js'
import { RequestView } from './request-view.js'
import type { MiddlewareModule } from './middleware-file.js'
import { isResponse, isThenable } from './outcome.js'
import { proxyRequest } from './proxy.js'
import { createRequest, requestOrigin, type RequestSettings } from './request.js'
import { plainHeaderEntries } from './next/response.js'
import { discardBody, sendResponse } from './response.js'
import { respellForRoute } from './route-spelling.js'
import { kBufferedBody, kMiddlewareCookies, kMiddlewareHeaders, kOriginalCanonical } from './symbols.js'

export interface MiddlewareSettings {
  readonly module: MiddlewareModule
  readonly matcher: CompiledMatcher
  readonly request: RequestSettings
  readonly scope: boolean
  readonly shared: PluginShared
  /** external rewrite timeout, ms */
  readonly proxyTimeout: number
  /** Fastify's request entry point, for internal rewrites */
  readonly routing: FastifyInstance['routing']
}

// Never copied from a continue/rewrite response to the final response or the request (3.9).
const NOT_COPIED = new Set(['x-middleware-next', 'x-middleware-override-headers', 'x-middleware-rewrite', 'x-middleware-redirect',
  'x-middleware-refresh', 'x-middleware-set-cookie', 'content-length', 'accept-encoding', 'keepalive', 'keep-alive',
  'content-encoding', 'transfer-encoding', 'connection', 'expect', 'location'])

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308])

/** Replace (override) or extend the downstream request's headers; keeps headers and rawHeaders in step. */
function setRequestHeaders (raw: IncomingMessage, entries: Array<[string, string]>, replace: boolean): void {
  if (replace) {
    for (const name of Object.keys(raw.headers)) delete raw.headers[name]
    raw.rawHeaders.length = 0
  }
  for (const [name, value] of entries) {
    raw.headers[name] = value
    for (let i = raw.rawHeaders.length - 2; i >= 0; i -= 2) {
      if (raw.rawHeaders[i].toLowerCase() === name) raw.rawHeaders.splice(i, 2)
    }
    raw.rawHeaders.push(name, value)
  }
}

/**
 * For a request re-dispatched after an internal rewrite (middleware ran already: Next runs it
 * once), put the headers the middleware set on the new reply; false for any other request.
 */
export function applyRewriteHeaders (raw: IncomingMessage, reply: FastifyReply): boolean {
  if ((raw as { [kOriginalCanonical]?: CanonicalPath })[kOriginalCanonical] === undefined) return false
  const carried = (raw as { [kMiddlewareHeaders]?: Array<[string, string]> })[kMiddlewareHeaders]
  if (carried !== undefined) for (const [name, value] of carried) reply.header(name, value)
  return true
}

/**
 * Answer a request whose target has no canonical path: 400, or a 308 to the canonical location.
 * Returns the path to decide on, or null when answered. For the host app's own routes
 * (`appRoute`), a trailing slash alone is not redirected: their slash policy is the app's; the
 * canonical path (without it) is what the matcher and the middleware see.
 */
export function answerNonCanonical (request: FastifyRequest, reply: FastifyReply, c: Canonical, appRoute: boolean): CanonicalPath | null {
  if (c.kind === 'path') return c
  if (c.kind === 'bad') {
    request.log.info({ url: request.raw.url, reason: c.reason }, 'request target refused')
    reply.code(400).send()
    return null
  }
  if (appRoute && c.slashOnly) {
    const settled: CanonicalPath = { kind: 'path', path: c.path, search: c.search }
    settleCanonical(request.raw, settled)
    return settled
  }
  sendRedirect308(reply, c.location)
  return null
}

/**
 * `routeFiles`: the hook sits on our route files only (route-level); otherwise it is the context's
 * hook (host app routes, unrouted paths) and checks each matched route. Either way it decides on
 * the canonical path (lib/canonical.ts) and nothing else.
 */
export function buildMiddlewareHook (settings: MiddlewareSettings, routeFiles: boolean): onRequestHookHandler {
  const { matcher } = settings
  const slash = settings.request.slash ?? 'never'
  const middlewareRequestSettings: RequestSettings = { ...settings.request, bufferBody: true, middlewareView: true }

  // Hot path: every request of the routes it is on. A callback hook, so unmatched requests finish
  // synchronously without a promise.
  return function nextMiddleware (request: FastifyRequest, reply: FastifyReply, done: (err?: Error) => void) {
    const raw = request.raw
    if (applyRewriteHeaders(raw, reply)) {
      done()
      return
    }
    stripInternalHeaders(raw)
    const ours = routeFiles || (request.routeOptions.config as { nextFile?: string }).nextFile !== undefined
    // Unrouted paths get Next's slash redirect; a host route keeps its own slash policy.
    const c = answerNonCanonical(request, reply, canonicalOf(raw, slash), !ours && request.routeOptions.url !== undefined)
    if (c === null) return
    // A host route reached under another spelling of its static segments (case folding, `;`,
    // encoded letters): redirected to the routed spelling, so the middleware's code and the
    // matcher see what the router chose. Route files check their spelling in the handler.
    if (!ours && request.routeOptions.url !== undefined) {
      const respelled = respellForRoute(c.path, request.routeOptions.url)
      if (respelled !== null) {
        sendRedirect308(reply, respelled + c.search)
        return
      }
    }
    // With trailingSlash the matcher reads the path with its slash, as Next's (`/docs/` matches `/docs/:path*`).
    if (!matcher.matchesAll && !matcher.matches(slash === 'always' ? displayPath(c.path, slash) : c.path, new RequestView(raw, c.search))) {
      done()
      return
    }
    const answered = runMiddleware(settings, middlewareRequestSettings, request, reply)
    // An answered (or hijacked) reply must not continue down the lifecycle.
    if (answered === false) done()
    else if (answered !== true) answered.then(a => { if (!a) done() }, done)
  }
}

type Answered = boolean | Promise<boolean>

/**
 * Runs the middleware; true when it answered the request (or handed it on) itself. Synchronous
 * while the middleware and its result are: a sync middleware returning next() makes no promise.
 */
function runMiddleware (settings: MiddlewareSettings, middlewareRequestSettings: RequestSettings, request: FastifyRequest, reply: FastifyReply): Answered {
  const req = createRequest(request, reply, middlewareRequestSettings)
  const event = {
    sourcePage: '/middleware',
    waitUntil: (promise: Promise<unknown>) => settings.shared.tasks.track(Promise.resolve(promise), request.log, 'middleware waitUntil()'),
    passThroughOnException: () => {}
  }
  let result: unknown
  let store: RequestStore | null = null
  try {
    if (settings.scope) {
      store = createStore(req, request, reply, 'middleware', settings.module.file, settings.shared)
      result = requestScope.run(store, settings.module.fn, req, event)
    } else {
      result = settings.module.fn(req, event)
    }
  } catch (err) {
    return failed(settings, request, reply, err)
  }
  if (isThenable(result)) {
    return Promise.resolve(result).then(
      value => handleResult(settings, request, reply, value, store),
      (err: unknown) => failed(settings, request, reply, err)
    )
  }
  return handleResult(settings, request, reply, result, store)
}

function failed (settings: MiddlewareSettings, request: FastifyRequest, reply: FastifyReply, err: unknown): true {
  // A body over bodyLimit (read by request.json() & co.) is the client's fault, as in a handler.
  if ((err as { statusCode?: unknown } | null)?.statusCode === 413) {
    request.log.info({ file: settings.module.file }, 'request body over bodyLimit, read by the middleware')
    reply.code(413).send()
    return true
  }
  request.log.error({ err, file: settings.module.file }, 'middleware failed')
  const report = settings.shared.onRequestError
  if (report != null) {
    // As Next's middleware template: the URL's path and query, Pages Router, /proxy or /middleware.
    const proxy = /(^|[\\/])proxy\.[a-z]+$/.test(settings.module.file)
    const c = canonicalOf(request.raw, settings.request.slash ?? 'never')
    report(err, { path: c.kind === 'path' ? displayPath(c.path, settings.request.slash ?? 'never') + c.search : '/', method: request.raw.method ?? 'GET', headers: request.raw.headers }, {
      routerKind: 'Pages Router',
      routePath: proxy ? '/proxy' : '/middleware',
      routeType: 'proxy',
      revalidateReason: undefined
    })
  }
  reply.code(500).send()
  return true
}

function handleResult (settings: MiddlewareSettings, request: FastifyRequest, reply: FastifyReply, result: unknown, store: RequestStore | null): Answered {
  const cookies = store?.setCookies ?? null
  if (result === undefined || result === null) {
    if (cookies !== null) for (const line of cookies) reply.header('set-cookie', line)
    return false
  }
  if (!isResponse(result)) return failed(settings, request, reply, new TypeError('Expected an instance of Response to be returned'))
  try {
    return applyResult(settings, request, reply, result, cookies)
  } catch (err) {
    return failed(settings, request, reply, err)
  }
}

/** A middleware result's headers, walked once: every header as iterated (Set-Cookie one line each). */
type ResultHeaders = ReadonlyArray<readonly [string, string]>

// next() with plain headers lists them without a Headers object (lib/next/response.ts).
function readHeaders (res: Response): ResultHeaders {
  return plainHeaderEntries(res) ?? [...res.headers]
}

function headerOf (headers: ResultHeaders, name: string): string | null {
  // Iteration combines repeated names (Set-Cookie aside), as Headers.get() does.
  for (const entry of headers) if (entry[0] === name) return entry[1]
  return null
}

function applyResult (settings: MiddlewareSettings, request: FastifyRequest, reply: FastifyReply, res: Response, cookies: string[] | null): Answered {
  const raw = request.raw
  const headers = readHeaders(res)
  const rewrite = headerOf(headers, 'x-middleware-rewrite')
  const isNext = headerOf(headers, 'x-middleware-next') !== null
  const location = headerOf(headers, 'location')

  // Request header override replaces the downstream set (3.3); applies to next() and rewrite().
  const override = headerOf(headers, 'x-middleware-override-headers')
  if (override !== null && (isNext || rewrite !== null)) {
    const names = override === '' ? [] : override.split(',')
    const entries: Array<[string, string]> = []
    for (const name of names) {
      const value = headerOf(headers, 'x-middleware-request-' + name.toLowerCase())
      if (value !== null) entries.push([name.toLowerCase(), value])
    }
    setRequestHeaders(raw, entries, true)
  }

  if (rewrite !== null) {
    const origin = requestOrigin(request, settings.request)
    let dest: URL
    try {
      dest = new URL(rewrite, origin)
    } catch (err) {
      request.log.error({ err, file: settings.module.file }, 'middleware rewrite target is not a URL')
      reply.code(500).send()
      return true
    }
    // `new URL()` drops a default port (:80, :443) and an empty one (inject): compare origins so.
    if (dest.origin !== new URL(origin).origin) {
      discardBody(res)
      applyContinueHeaders(reply, raw, headers, cookies)
      return proxyRequest(request, reply, dest, settings.proxyTimeout).then(() => true)
    }
    // The target is routed by its canonical form too; `new URL()` already resolved dots and `\\`,
    // so only a `//` or a trailing slash can be left, and those are normalised here (internal).
    const c = canonicalize(dest.pathname + dest.search)
    if (c.kind === 'bad') {
      request.log.error({ file: settings.module.file, target: rewrite, reason: c.reason }, 'middleware rewrite target has no canonical path')
      reply.code(500).send()
      return true
    }
    const target = c.path + c.search
    const carried = applyContinueHeaders(reply, raw, headers, cookies)
    // Next shows the rewrite target to the client, relative to the origin (3.4), spelled as the
    // middleware gave it (with trailingSlash, `/a/` -> `url.pathname = '/b'` shows `/b/`).
    carried.push(['x-middleware-rewrite', dest.pathname + dest.search])
    discardBody(res)
    ;(raw as { [kOriginalCanonical]?: Canonical })[kOriginalCanonical] = canonicalOf(raw, settings.request.slash ?? 'never')
    ;(raw as { [kMiddlewareHeaders]?: Array<[string, string]> })[kMiddlewareHeaders] = carried
    raw.url = target
    // An internal path: no slash policy applies to it (with trailingSlash it would be redirected).
    settleCanonical(raw, { kind: 'path', path: c.path, search: c.search })
    // Fastify routes before onRequest, so a new path needs a new trip through the router. The old
    // reply is given up; the new request runs the hooks again (our hook then only applies headers).
    reply.hijack()
    settings.routing(raw, reply.raw)
    return true
  }

  if (location !== null && REDIRECT_STATUSES.has(res.status)) {
    discardBody(res)
    sendRedirect(settings, request, reply, res.status, headers, location, cookies)
    return true
  }

  if (isNext) {
    discardBody(res)
    applyContinueHeaders(reply, raw, headers, cookies)
    return false
  }

  // Any other Response is the answer, Location included as a plain header (CVE-2025-57822).
  const sending = sendResponse(reply, res, { setCookies: cookies, file: settings.module.file })
  return sending === undefined ? true : sending.then(() => true)
}

/**
 * Copy the continue/rewrite response's headers to the final response (middleware wins over the
 * handler, its Set-Cookie lines go first) and to the downstream request (3.9, 3.10).
 */
function applyContinueHeaders (reply: FastifyReply, raw: IncomingMessage, headers: ResultHeaders, cookies: string[] | null): Array<[string, string]> {
  const carried: Array<[string, string]> = []
  const toRequest: Array<[string, string]> = []
  for (const [name, value] of headers) {
    if (NOT_COPIED.has(name) || name.startsWith('x-middleware-request-')) continue
    // As under next start: a header the middleware set to '' is not sent (NextResponse.next({
    // headers: { 'x-a': '' } }), here nor after a rewrite (middleware-general's /rewrite-1); the
    // downstream request still gets it.
    if (value !== '') {
      reply.header(name, value)
      carried.push([name, value])
    }
    toRequest.push([name, value])
  }
  if (cookies !== null) {
    for (const line of cookies) {
      reply.header('set-cookie', line)
      carried.push(['set-cookie', line])
    }
  }
  // Cookies the middleware set are seen by cookies() in the handler (3.10); the request's own
  // Cookie header is left as the client sent it, as under next start.
  const mirrored = headerOf(headers, 'x-middleware-set-cookie')
  const setLines = mirrored === null && cookies === null ? null : [...(mirrored !== null ? splitSetCookie(mirrored) : []), ...(cookies ?? [])]
  if (setLines !== null && setLines.length > 0) {
    const jar: Array<[string, string]> = []
    for (const line of setLines) {
      const cookie = parseSetCookie(line)
      // A deleted cookie stays, blanked, as Next's router leaves it.
      if (cookie !== undefined) jar.push([cookie.name, cookie.value ?? ''])
    }
    ;(raw as { [kMiddlewareCookies]?: Array<[string, string]> })[kMiddlewareCookies] = jar
  }
  if (toRequest.length > 0) setRequestHeaders(raw, toRequest, false)
  ;(raw as { [kMiddlewareHeaders]?: Array<[string, string]> })[kMiddlewareHeaders] = carried
  return carried
}

// `Expires=Thu, 01 Jan 1970` contains a comma: split only on commas that start a new name=value.
function splitSetCookie (joined: string): string[] {
  return joined.split(/,(?=\s*[^;,\s]+=)/).map(s => s.trim()).filter(Boolean)
}

function sendRedirect (settings: MiddlewareSettings, request: FastifyRequest, reply: FastifyReply, status: number, headers: ResultHeaders, location: string, cookies: string[] | null): void {
  const origin = requestOrigin(request, settings.request)
  let target = location
  try {
    const url = new URL(location, origin)
    // Same-origin targets are made relative, as Next's router does (3.5).
    if (url.origin === new URL(origin).origin) target = url.pathname + url.search + url.hash
  } catch {
    // Not a URL at all: pass it on as given.
  }
  reply.code(status)
  for (const [name, value] of headers) {
    if (name === 'location' || name === 'content-length' || name === 'content-type' || name.startsWith('x-middleware-') || NOT_COPIED.has(name)) continue
    reply.header(name, value)
  }
  if (cookies !== null) for (const line of cookies) reply.header('set-cookie', line)
  reply.header('location', target)
  if (status === 308) reply.header('refresh', `0;url=${target}`)
  // Next writes the target as the body with no content-type (recorded: Auth.js's sign-in
  // redirect). A string would get Fastify's text/plain; a stream gets none, and is chunked as
  // Next's answer is.
  reply.send(Readable.from([Buffer.from(target)]))
}

/**
 * A middleware that read the body left a buffered copy; hand it to Fastify's parsers of the app's
 * own routes (route files read the copy themselves).
 */
export const replayBufferedBody: preParsingHookHandler = function replayBufferedBody (request, _reply, payload, done) {
  const buffered = (request.raw as { [kBufferedBody]?: Buffer })[kBufferedBody]
  done(null, buffered === undefined ? payload : Readable.from([buffered]))
}
