// What a route handler's result (or thrown error) means as a response, following Next's app-route
// module: navigation errors become redirects or 404/403/401, anything else that is not a Response is
// a logged 500 with an empty body (next-route-handlers.md items 47-51, 68, 72-74).
import type { FastifyRequest } from 'fastify'
import type { RequestStore } from './context.js'
import { untouchedLight } from './next/response.js'

export interface Outcome {
  readonly response: Response
  /** Set-Cookie lines from next/headers cookies() to send after the Response's own */
  readonly setCookies: string[] | null
  /** what the handler threw: handed to Fastify's error handling (onError hooks, the app's error handler); `response` is Next's answer where the app has none */
  readonly error?: unknown
  /** notFound() was called: the app's Fastify not-found handler answers when it has one (lib/not-found.ts); `response` is Next's answer otherwise */
  readonly notFound?: true
}

/** What a route-file error carries for an error handler: `error.nextRoute.file`, `.method`. */
export interface NextRouteErrorInfo {
  readonly file: string
  readonly method: string
}

const kRouteError = Symbol('fastify-next-routes.routeError')

/** true for an error a route file threw (marked by outcomeOfError). */
export function isRouteFileError (error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { [kRouteError]?: true })[kRouteError] === true
}

function markRouteError (error: unknown, file: string, method: string): unknown {
  if (typeof error !== 'object' || error === null || !Object.isExtensible(error)) return error
  Object.defineProperty(error, kRouteError, { value: true, configurable: true })
  // Non-enumerable, so a serialised error (a JSON error body, a log line) stays as the app made it.
  Object.defineProperty(error, 'nextRoute', { value: { file, method } satisfies NextRouteErrorInfo, configurable: true, writable: true })
  return error
}

const NEXT_MIDDLEWARE_NEXT = 'NextResponse.next() was used in a app route handler, this is not supported. See here for more info: https://nextjs.org/docs/messages/next-response-next-in-app-route-handler'
const NEXT_MIDDLEWARE_REWRITE = 'NextResponse.rewrite() was used in a app route handler, this is not currently supported. Please remove the invocation to continue.'

function empty (status: number, headers?: HeadersInit): Response {
  return new Response(null, { status, headers })
}

/** A promise or any thenable a handler may return; a plain value is used as is, without a tick. */
export function isThenable (value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null)?.then === 'function'
}

/** A Response from this realm, a real `next` install, or another fetch implementation. */
export function isResponse (value: unknown): value is Response {
  if (value instanceof Response) return true
  const v = value as Response | null
  return typeof v === 'object' && v !== null && typeof v.status === 'number' && typeof v.headers?.get === 'function' && 'body' in v
}

function describe (value: unknown): string {
  if (value === null) return 'null'
  if (typeof value === 'object') return (value as object).constructor?.name ?? 'Object'
  return typeof value
}

// "Possible server action" requests get 303 redirects (spec item 73).
function isActionLike (request: FastifyRequest): boolean {
  if (request.raw.method !== 'POST') return false
  const type = request.headers['content-type'] ?? ''
  return request.headers['next-action'] !== undefined ||
    type.startsWith('application/x-www-form-urlencoded') || type.startsWith('multipart/form-data')
}

/** What a handler's return value means. */
export function outcomeOf (result: unknown, request: FastifyRequest, file: string, store: RequestStore | null): Outcome {
  const setCookies = store?.setCookies ?? null
  const method = request.raw.method
  if (!isResponse(result)) {
    request.log.error({ file, method },
      `No response is returned from route handler '${file}'. Expected a Response object but received '${describe(result)}' (method: ${method}, url: ${request.raw.url}). Ensure you return a \`Response\` or a \`NextResponse\` in all branches of your handler.`)
    return { response: empty(500), setCookies: null }
  }
  if (untouchedLight(result) !== null) return { response: result, setCookies }
  const headers = result.headers
  if (headers.has('x-middleware-next')) {
    request.log.error({ file, method }, NEXT_MIDDLEWARE_NEXT)
    return { response: empty(500), setCookies: null }
  }
  if (headers.has('x-middleware-rewrite')) {
    request.log.error({ file, method }, NEXT_MIDDLEWARE_REWRITE)
    return { response: empty(500), setCookies: null }
  }
  return { response: result, setCookies }
}

/** What a thrown (or rejected) value means; any value, `undefined` included, may be thrown. */
export function outcomeOfError (error: unknown, request: FastifyRequest, file: string, store: RequestStore | null): Outcome {
  const setCookies = store?.setCookies ?? null
  const digest = (error as { digest?: unknown } | null)?.digest
  if (typeof digest === 'string') {
    if (digest.startsWith('NEXT_REDIRECT;')) {
      // NEXT_REDIRECT;<type>;<url>;<status>; — the URL itself may contain ';'.
      const parts = digest.split(';')
      const location = parts.slice(2, -2).join(';')
      const status = isActionLike(request) ? 303 : Number(parts.at(-2))
      let response: Response
      try {
        response = empty(status, { location })
      } catch (err) {
        // A target with CR/LF or other bytes no header may carry (often a decoded param): Headers
        // refuses it, as in Next, which answers 500. It never reaches the wire.
        request.log.error({ err, file, method: request.raw.method }, 'redirect() target is not a valid Location header')
        return { response: empty(500), setCookies: null }
      }
      // Cookies set before redirect() are kept (spec item 68).
      return { response, setCookies }
    }
    if (digest.startsWith('NEXT_HTTP_ERROR_FALLBACK;')) {
      // ...and dropped on notFound(), forbidden() and unauthorized().
      const status = Number(digest.slice('NEXT_HTTP_ERROR_FALLBACK;'.length))
      if (status === 404) return { response: empty(404), setCookies: null, notFound: true }
      return { response: empty(status), setCookies: null }
    }
  }
  const status = (error as { statusCode?: unknown } | null)?.statusCode
  if (status === 413) {
    // The body went over Fastify's bodyLimit while the handler read it.
    request.log.info({ err: error, file }, 'request body too large')
    return { response: empty(413), setCookies: null }
  }
  if ((error as Error | null)?.name === 'AbortError' && request.raw.destroyed) {
    // The client went away mid body (lib/body.ts): its failure, not the handler's or ours.
    request.log.info({ err: error, file, method: request.raw.method }, 'client aborted the request body')
    return { response: empty(400), setCookies: null }
  }
  const method = request.raw.method as string
  // Thrown values that are not objects (`throw 'x'`) cannot carry the route; Fastify's error
  // handling wants an Error, so they get one.
  const err = typeof error === 'object' && error !== null ? error : new Error(`Route handler threw a non-error value: ${String(error)}`)
  return { response: empty(500), setCookies: null, error: markRouteError(err, file, method) }
}
