// The per-request path of a route file. Everything that can be decided at registration (method
// table, params plan, scope use) is decided in buildRouteHandler; the returned function stays flat.
import type { FastifyReply, FastifyRequest, RouteHandlerMethod } from 'fastify'
import type { CachedRoute } from './cache/cached-route.js'
import { canonicalOf, displayPath, stripBasePath, type CanonicalPath, type SlashPolicy } from './canonical.js'
import { createStore, requestScope, scheduleAfter, type PluginShared, type RequestStore } from './context.js'
import { FST_ERR_NEXT_BAD_URL } from './errors.js'
import type { HookPlacement } from './hook-placement.js'
import type { MethodAction } from './methods.js'
import { answerNonCanonical, applyRewriteHeaders } from './middleware.js'
import { inDraftMode, stalePreviewCookies } from './preview.js'
import { hasAppNotFoundHandler } from './not-found.js'
import { isThenable, outcomeOf, outcomeOfError, type Outcome } from './outcome.js'
import type { ParamReader } from './params.js'
import { createRequest, type RequestSettings } from './request.js'
import type { RouteSpelling } from './route-spelling.js'
import { discardBody, sendResponse } from './response.js'
import { kOriginalCanonical } from './symbols.js'

export interface RouteHandlerSettings {
  readonly file: string
  readonly table: Record<string, MethodAction>
  /** null for static routes */
  readonly readParams: ParamReader | null
  /** which canonical paths this route serves (anything else the router sent here is a 404) */
  readonly spells: RouteSpelling
  /** enter a request scope for next/headers & co. (decided once all modules are loaded) */
  readonly scope: boolean
  /** how request.url/headers are built (force-static routes get stripped ones) */
  readonly request: RequestSettings
  readonly shared: PluginShared
  /** the route's GET/HEAD cache, when its segment config makes Next cache it */
  readonly cached: CachedRoute | null
  /** the route's Next pattern (`/api/users/[id]`), onRequestError's routePath */
  readonly pattern?: string
  /** set when there is middleware but no hook on this route: a rewrite's headers are applied here
   * (while the route files run the middleware from their own hooks) */
  readonly rewriteHeaders: HookPlacement | null
  /** `runtime = 'edge'`: Next's edge adapter gives a static route `params` resolving to `{}`
   * (the Node runtime gives none) */
  readonly edge?: boolean
}

/**
 * The route at `/x/` of route files whose `/x` needs no slash (lib/slash-twins.ts): what a route
 * file's own handler answers there, without the file. Every path routed here ends in a slash, so
 * its canonical form is a 308 to the path without it, or a refusal; one that is neither (as when
 * the router cut it at `;`) is not ours, as in the route file's handler.
 */
export function buildSlashTwinHandler (slash: SlashPolicy, rewriteHeaders: HookPlacement | null): RouteHandlerMethod {
  return function nextSlashTwin (request: FastifyRequest, reply: FastifyReply) {
    if (rewriteHeaders !== null && rewriteHeaders.routeLevel) applyRewriteHeaders(request.raw, reply)
    if (answerNonCanonical(request, reply, canonicalOf(request.raw, slash), false) === null) return reply
    return reply.callNotFound()
  }
}

export function buildRouteHandler (settings: RouteHandlerSettings): RouteHandlerMethod {
  const { table, readParams, cached, rewriteHeaders, spells } = settings
  const slash = settings.request.slash ?? 'never'
  const previewModeId = settings.shared.previewModeId
  const edge = settings.edge === true

  // Hot path: per request. Change with care.
  return function nextRouteHandler (request: FastifyRequest, reply: FastifyReply) {
    if (rewriteHeaders !== null && rewriteHeaders.routeLevel) applyRewriteHeaders(request.raw, reply)
    // Next answers `/x/`, `//x` and `\\x` with a 308 before routing (spec 1.15, 1.27); we also
    // refuse what has no canonical path (lib/canonical.ts). A middleware hook did this already.
    const c = answerNonCanonical(request, reply, canonicalOf(request.raw, slash), false)
    if (c === null) return reply
    const path = c.path
    // The router may have reached this route by decoding, folding case or cutting at `;`: Next
    // would not have, and the middleware decided on the canonical path, so it is not ours.
    if (!spells(path)) return reply.callNotFound()
    const method = request.raw.method as string
    const action = table[method]
    if (action === undefined) return reply.code(400).send()
    if (action.kind === 'status') return reply.code(action.status).send()
    if (action.kind === 'options') return reply.code(204).header('allow', action.allow).send()

    let values: Record<string, string | string[]> | undefined
    if (readParams !== null) {
      const read = readParams(path)
      if (read === null) {
        request.log.info({ err: new FST_ERR_NEXT_BAD_URL(path) }, 'malformed percent-encoding in route params')
        return reply.code(400).send()
      }
      values = read
    }
    const cookie = request.headers.cookie
    const stale = stalePreviewCookies(cookie, previewModeId)
    if (stale !== null) reply.header('set-cookie', stale)
    const params = values !== undefined ? Promise.resolve(values) : edge ? Promise.resolve({}) : undefined
    // A cached route answers GET/HEAD from its cache unless it turned dynamic or draft mode is on.
    if (cached !== null && cached.dynamicReason === null && (method === 'GET' || method === 'HEAD') && !inDraftMode(cookie, previewModeId)) {
      const appPath = cached.pathOf(values)
      if (appPath !== null) return cached.serve(request, reply, appPath, values, () => invoke(settings, request, reply, action.fn, params))
    }
    return invoke(settings, request, reply, action.fn, params)
  }
}

type RouteFn = (req: Request, ctx: { params: Promise<Record<string, string | string[]>> | undefined }) => unknown

// Synchronous from the call to the send when the handler is (no promise is made at all); an async
// handler costs one .then. The promise resolves to the reply, Fastify's "return reply": it settles
// once the response is out even when an async onSend hook (compression, say) holds it back.
function invoke (
  settings: RouteHandlerSettings,
  request: FastifyRequest,
  reply: FastifyReply,
  fn: RouteFn,
  params: Promise<Record<string, string | string[]>> | undefined
): Promise<FastifyReply> | undefined {
  const req = createRequest(request, reply, settings.request)
  const ctx = { params }
  let store: RequestStore | null = null
  let result: unknown
  try {
    if (settings.scope) {
      store = createStore(req, request, reply, 'route', settings.file, settings.shared)
      result = requestScope.run(store, fn, req, ctx)
    } else {
      result = fn(req, ctx)
    }
  } catch (err) {
    return send(settings, request, reply, store, failure(settings, request, err, store))
  }
  if (isThenable(result)) {
    return Promise.resolve(result).then(
      value => send(settings, request, reply, store, outcomeOf(value, request, settings.file, store)) ?? reply,
      (err: unknown) => send(settings, request, reply, store, failure(settings, request, err, store)) ?? reply
    )
  }
  return send(settings, request, reply, store, outcomeOf(result, request, settings.file, store))
}

// A thrown error's answer; an error answered 500 (not redirect(), notFound(), a client's fault) is
// told to instrumentation's onRequestError as Next's app-route template tells it.
function failure (settings: RouteHandlerSettings, request: FastifyRequest, err: unknown, store: RequestStore | null): Outcome {
  const outcome = outcomeOfError(err, request, settings.file, store)
  const report = settings.shared.onRequestError
  if (report != null && outcome.response.status === 500) {
    // Next's path is the URL the client asked for within the app: canonical, without the basePath.
    const raw = request.raw as typeof request.raw & { [kOriginalCanonical]?: CanonicalPath }
    const c = raw[kOriginalCanonical] ?? canonicalOf(raw, settings.request.slash ?? 'never')
    const path = c.kind === 'path' ? displayPath(stripBasePath(c.path, settings.request.basePath), settings.request.slash ?? 'never') + c.search : '/'
    report(err, { path, method: request.raw.method ?? 'GET', headers: request.raw.headers }, {
      routerKind: 'App Router',
      routePath: settings.pattern ?? '/',
      routeType: 'route',
      revalidateReason: undefined
    })
  }
  return outcome
}

// Every path hands the reply its answer, so Fastify never has to send for us.
function send (settings: RouteHandlerSettings, request: FastifyRequest, reply: FastifyReply, store: RequestStore | null, outcome: Outcome): Promise<FastifyReply> | undefined {
  // revalidatePath()/revalidateTag() writes land before the answer, so the next request sees them.
  if (store !== null && store.pending !== null) {
    const pending = store.pending
    store.pending = null
    return Promise.all(pending).then(() => send(settings, request, reply, store, outcome) ?? reply)
  }
  if (reply.raw.destroyed) {
    // The client went away while the handler ran: nobody to answer. Stop a stream's producer.
    request.log.info({ file: settings.file, method: request.raw.method }, 'client closed the connection before the response')
    discardBody(outcome.response)
    runAfter(store)
    return undefined
  }
  if (outcome.error !== undefined) {
    // Fastify's error handling: onError hooks, then the app's error handler (Sentry, house error
    // formats); without one, routeErrorHandler (plugin.ts) answers Next's empty 500.
    reply.send(outcome.error)
    runAfter(store)
    return undefined
  }
  if (outcome.notFound === true && hasAppNotFoundHandler(request)) {
    // notFound() with a not-found handler set by the app: that handler answers, with this route's
    // onSend hooks and its context's hooks (Fastify's callNotFound).
    reply.callNotFound()
    runAfter(store)
    return undefined
  }
  let sending: Promise<void> | undefined
  try {
    sending = sendResponse(reply, outcome.response, { setCookies: outcome.setCookies, file: settings.file })
  } catch (err) {
    sendFailed(settings, request, reply, err)
  }
  if (sending === undefined) {
    runAfter(store)
    return undefined
  }
  return sending.then(
    () => {
      runAfter(store)
      return reply
    },
    (err: unknown) => {
      sendFailed(settings, request, reply, err)
      runAfter(store)
      return reply
    }
  )
}

// after() callbacks, once the answer is out (scheduleAfter returns at once when none were registered).
function runAfter (store: RequestStore | null): void {
  if (store !== null) scheduleAfter(store)
}

function sendFailed (settings: RouteHandlerSettings, request: FastifyRequest, reply: FastifyReply, err: unknown): void {
  request.log.error({ err, file: settings.file, method: request.raw.method }, 'could not send the route handler response')
  if (!reply.sent) reply.code(500).send()
}
