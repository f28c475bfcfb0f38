// NextResponse: Response plus Next's middleware helpers. next(), rewrite() and cookie changes speak
// the `x-middleware-*` header protocol, so the bridge handles a real `next` NextResponse the same way.
import { ResponseCookies, stringifyCookie } from '@edge-runtime/cookies'
import { NextURL } from './url.js'

const kCookies = Symbol('fastify-next-routes.NextResponse.cookies')
/** The string body a NextResponse was built from, so the bridge can send it without reading a stream. */
export const kStringBody = Symbol.for('fastify-next-routes.stringBody')

const REDIRECTS = new Set([301, 302, 303, 307, 308])

export interface MiddlewareResponseInit extends ResponseInit {
  request?: { headers?: Headers }
}

function validateURL (url: string | URL): string {
  try {
    return String(new URL(String(url)))
  } catch (error) {
    throw new Error(
      `URL is malformed "${String(url)}". Please use only absolute URLs - https://nextjs.org/docs/messages/middleware-relative-urls`,
      { cause: error }
    )
  }
}

// next({ request: { headers } }) replaces the downstream request headers: the names go in
// x-middleware-override-headers and each value in x-middleware-request-<name>.
function applyRequestHeaders (init: MiddlewareResponseInit | undefined, headers: Headers): void {
  const requestHeaders = init?.request?.headers
  if (requestHeaders === undefined) return
  if (!(requestHeaders instanceof Headers)) throw new Error('request.headers must be an instance of Headers')
  const keys: string[] = []
  for (const [key, value] of requestHeaders) {
    headers.set('x-middleware-request-' + key, value)
    keys.push(key)
  }
  headers.set('x-middleware-override-headers', keys.join(','))
}

/** ResponseCookies that mirrors every change into x-middleware-set-cookie, for the downstream request. */
class MiddlewareCookies extends ResponseCookies {
  readonly #headers: Headers
  constructor (headers: Headers) {
    super(headers)
    this.#headers = headers
  }

  set (...args: Parameters<ResponseCookies['set']>): this {
    super.set(...args)
    this.#mirror()
    return this
  }

  delete (...args: Parameters<ResponseCookies['delete']>): this {
    super.delete(...args)
    this.#mirror()
    return this
  }

  #mirror (): void {
    this.#headers.set('x-middleware-set-cookie', this.getAll().map(c => stringifyCookie(c)).join(','))
  }
}

export class NextResponse<Body = unknown> extends Response {
  declare [kCookies]: MiddlewareCookies | null
  declare [kStringBody]: string | undefined
  /** Next types NextResponse.json() by its body; kept for type compatibility. */
  declare readonly __bodyType?: Body

  constructor (body?: BodyInit | null, init: ResponseInit = {}) {
    super(body, init)
    this[kCookies] = null
    this[kStringBody] = typeof body === 'string' ? body : undefined
  }

  get cookies (): ResponseCookies {
    return (this[kCookies] ??= new MiddlewareCookies(this.headers))
  }

  static json<JsonBody> (body: JsonBody, init?: ResponseInit): NextResponse<JsonBody> {
    // One construction instead of Next's Response.json() + copy: same status, headers and bytes.
    const text = JSON.stringify(body)
    if (text === undefined) throw new TypeError('Value is not JSON serializable')
    const headers = new Headers(init?.headers)
    if (!headers.has('content-type')) headers.set('content-type', 'application/json')
    return new NextResponse<JsonBody>(text, { status: init?.status, statusText: init?.statusText, headers })
  }

  static redirect (url: string | URL | NextURL, init?: number | ResponseInit): NextResponse {
    const status = typeof init === 'number' ? init : (init?.status ?? 307)
    if (!REDIRECTS.has(status)) {
      throw new RangeError('Failed to execute "redirect" on "response": Invalid status code')
    }
    const initObj = typeof init === 'object' ? init : {}
    const headers = new Headers(initObj.headers)
    headers.set('Location', validateURL(url))
    return new NextResponse(null, { ...initObj, headers, status })
  }

  static rewrite (destination: string | URL | NextURL, init?: MiddlewareResponseInit): NextResponse {
    const headers = new Headers(init?.headers)
    headers.set('x-middleware-rewrite', validateURL(destination))
    applyRequestHeaders(init, headers)
    return new NextResponse(null, { ...init, headers })
  }

  static next (init?: MiddlewareResponseInit): NextResponse {
    const headers = new Headers(init?.headers)
    headers.set('x-middleware-next', '1')
    applyRequestHeaders(init, headers)
    return new NextResponse(null, { ...init, headers })
  }
}
