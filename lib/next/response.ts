// NextResponse: Response plus Next's middleware helpers. next(), rewrite() and cookie changes speak
// the `x-middleware-*` header protocol, so the bridge handles a real `next` NextResponse the same way.
import { ResponseCookies, stringifyCookie } from '@edge-runtime/cookies'
import { forwardToReal } from '../lazy.js'
import { NextURL } from './url.js'

const kCookies = Symbol('fastify-next-routes.NextResponse.cookies')
/** The string body a NextResponse was built from, so the bridge can send it without reading a stream. */
export const kStringBody = Symbol.for('fastify-next-routes.stringBody')

const REDIRECTS = new Set([301, 302, 303, 307, 308])
const NULL_BODY = new Set([101, 103, 204, 205, 304])

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
    const text = JSON.stringify(body)
    if (text === undefined) throw new TypeError('Value is not JSON serializable')
    const status = init?.status ?? 200
    if (status < 200 || status > 599 || NULL_BODY.has(status)) {
      // Let undici raise its own RangeError/TypeError for statuses a JSON body cannot have.
      return new NextResponse<JsonBody>(text, { ...init, headers: jsonHeaders(init?.headers) })
    }
    return new LightResponse({ text, type: 'application/json', status, statusText: init?.statusText ?? '', init: init?.headers, headers: null, entries: null, real: null }) as unknown as NextResponse<JsonBody>
  }

  static redirect (url: string | URL | NextURL, init?: number | ResponseInit): NextResponse {
    const status = typeof init === 'number' ? init : (init?.status ?? 307)
    if (!REDIRECTS.has(status)) {
      throw new RangeError('Failed to execute "redirect" on "response": Invalid status code')
    }
    const initObj = typeof init === 'object' ? init : {}
    const headers = new Headers(initObj.headers)
    headers.set('Location', validateURL(url))
    return withoutBody(headers, initObj, status)
  }

  static rewrite (destination: string | URL | NextURL, init?: MiddlewareResponseInit): NextResponse {
    const headers = new Headers(init?.headers)
    headers.set('x-middleware-rewrite', validateURL(destination))
    applyRequestHeaders(init, headers)
    return withoutBody(headers, init, init?.status ?? 200)
  }

  static next (init?: MiddlewareResponseInit): NextResponse {
    // The usual middleware answer, next() or next({ headers: { name: value } }): its headers are
    // known without a Headers object (building one is the largest part of a matched request).
    const entries = plainNextEntries(init)
    if (entries !== null) {
      return new LightResponse({ text: null, type: null, status: init?.status ?? 200, statusText: init?.statusText ?? '', init: entries as unknown as HeadersInit, headers: null, entries, real: null }) as unknown as NextResponse
    }
    const headers = new Headers(init?.headers)
    headers.set('x-middleware-next', '1')
    applyRequestHeaders(init, headers)
    return withoutBody(headers, init, init?.status ?? 200)
  }
}

// next(), rewrite() and redirect() carry only headers; middleware runs them on every matched
// request, so they are light too unless the init holds something only undici can judge.
function withoutBody (headers: Headers, init: MiddlewareResponseInit | undefined, status: number): NextResponse {
  if (validInit(init, MIDDLEWARE_INIT_KEYS, status)) {
    return new LightResponse({ text: null, type: null, status, statusText: init?.statusText ?? '', init: headers, headers, entries: null, real: null }) as unknown as NextResponse
  }
  return new NextResponse(null, { ...init, headers, status })
}

function jsonHeaders (init: HeadersInit | undefined): Headers {
  return headersWithType(init, 'application/json')
}

function headersWithType (init: HeadersInit | undefined, type: string | null): Headers {
  const headers = new Headers(init)
  if (type !== null && !headers.has('content-type')) headers.set('content-type', type)
  return headers
}

// Building an undici Response costs 7-12 us, more than the rest of a request. A light response keeps
// (text, status, headers init) and is sent from those; prototype chaining keeps `instanceof
// NextResponse/Response` true, and any member that needs the real thing (body, text(), clone(), ...)
// builds it once and delegates. Used by NextResponse.json() and by `Response` inside route modules
// (lib/route-response.ts).
interface LightState {
  readonly text: string | null
  /** content-type the body implies, unless the headers init sets one */
  readonly type: string | null
  readonly status: number
  readonly statusText: string
  readonly init: HeadersInit | undefined
  headers: Headers | null
  /** the headers as iterating a Headers built from `init` yields them, when known without one (next()) */
  readonly entries: ReadonlyArray<readonly [string, string]> | null
  real: NextResponse | null
}

const kLight = Symbol('fastify-next-routes.lightResponse')

class LightResponse {
  declare [kLight]: LightState
  declare [kCookies]: MiddlewareCookies | null

  constructor (state: LightState) {
    this[kLight] = state
    this[kCookies] = null
  }

  get status (): number { return this[kLight].status }
  get statusText (): string { return this[kLight].statusText }
  get ok (): boolean { return this[kLight].status >= 200 && this[kLight].status < 300 }
  get redirected (): boolean { return false }
  get type (): ResponseType { return 'default' }
  get url (): string { return '' }

  get headers (): Headers {
    const state = this[kLight]
    if (state.real !== null) return state.real.headers
    return (state.headers ??= headersWithType(state.init, state.type))
  }

  get bodyUsed (): boolean { return this[kLight].real?.bodyUsed ?? false }

  // A null body needs no real Response (middleware cancels the body of every result it consumes).
  get body (): ReadableStream<Uint8Array> | null {
    const state = this[kLight]
    return state.real === null && state.text === null ? null : realResponse(this).body
  }

  get [kStringBody] (): string | undefined {
    const state = this[kLight]
    return state.real === null && state.text !== null ? state.text : undefined
  }
}

forwardToReal<LightResponse>(LightResponse, NextResponse.prototype, Response, realResponse)

function realResponse (res: LightResponse): NextResponse {
  const state = res[kLight]
  return (state.real ??= new NextResponse(state.text, { status: state.status, statusText: state.statusText, headers: res.headers }))
}

// RFC 9110 reason-phrase, as undici validates it.
const REASON = /^[\t\x20-\x7e\x80-\xff]*$/
const INIT_KEYS = new Set(['status', 'statusText', 'headers'])
const MIDDLEWARE_INIT_KEYS = new Set(['status', 'statusText', 'headers', 'request'])

/** An init undici would accept without surprises: known keys, a 200-599 status, a valid reason. */
function validInit (init: unknown, keys: Set<string>, status: unknown): boolean {
  if (init !== undefined && init !== null) {
    if (typeof init !== 'object') return false
    for (const key in init) if (!keys.has(key)) return false
  }
  if (!Number.isInteger(status) || (status as number) < 200 || (status as number) > 599) return false
  const statusText = (init as ResponseInit | null | undefined)?.statusText ?? ''
  return typeof statusText === 'string' && REASON.test(statusText)
}

/**
 * A light Response for `new Response(body, init)` when undici would build it without surprises
 * (string or no body, plain init, valid status); undefined otherwise, so the caller builds a real one.
 */
export function lightResponse (body: unknown, init: ResponseInit | undefined): Response | undefined {
  if (body !== undefined && body !== null && typeof body !== 'string') return undefined
  const status = init?.status ?? 200
  if (!validInit(init, INIT_KEYS, status)) return undefined
  const text = typeof body === 'string' ? body : null
  if (text !== null && NULL_BODY.has(status)) return undefined
  const statusText = init?.statusText ?? ''
  const type = text === null ? null : 'text/plain;charset=UTF-8'
  return new LightResponse({ text, type, status, statusText, init: init?.headers, headers: null, entries: null, real: null }) as unknown as Response
}

/** A light response untouched beyond status: sendable as (status, content-type, text) without Headers. */
export function untouchedLight (res: unknown): { readonly text: string | null, readonly type: string | null } | null {
  if (!(res instanceof LightResponse)) return null
  const state = res[kLight]
  return state.real === null && state.headers === null && state.init === undefined && res[kCookies] === null ? state : null
}

/**
 * The headers of a light response as `[...res.headers]` would list them, without building a
 * Headers object: only for next() with plain headers that nothing has touched since; null otherwise.
 */
export function plainHeaderEntries (res: unknown): ReadonlyArray<readonly [string, string]> | null {
  if (!(res instanceof LightResponse)) return null
  const state = res[kLight]
  return state.real === null && state.headers === null && res[kCookies] === null ? state.entries : null
}

// Names and values Headers keeps exactly as given: a lower-case token, and a value with no
// leading or trailing whitespace and no control character but tab inside (anything else takes the
// Headers path, which lower-cases, trims or throws).
const PLAIN_NAME = /^[!#$%&'*+\-.^_`|~0-9a-z]+$/
const PLAIN_VALUE = /^(?:[\x21-\x7e\x80-\xff](?:[\t\x20-\x7e\x80-\xff]*[\x21-\x7e\x80-\xff])?)?$/
const NEXT_ENTRY: readonly [string, string] = ['x-middleware-next', '1']
const ONLY_NEXT: ReadonlyArray<readonly [string, string]> = [NEXT_ENTRY]

/**
 * What `new Headers(init.headers)` plus `x-middleware-next: 1` iterates as (sorted by name), for
 * an init of plain keys and a plain-object `headers` of plain names and string values; null for
 * anything else (a Headers or array init, `request`, symbols, set-cookie), which goes through Headers.
 */
function plainNextEntries (init: MiddlewareResponseInit | undefined): ReadonlyArray<readonly [string, string]> | null {
  if (init === undefined) return ONLY_NEXT
  if (typeof init !== 'object' || init === null || !isPlainObject(init)) return null
  // One pass over the init: the keys and values withoutBody's validInit accepts, and no `request`.
  let headers: unknown
  for (const key in init) {
    const value = (init as Record<string, unknown>)[key]
    if (key === 'headers') headers = value
    else if (key === 'status') {
      if (value !== undefined && (!Number.isInteger(value) || (value as number) < 200 || (value as number) > 599)) return null
    } else if (key === 'statusText') {
      if (value !== undefined && (typeof value !== 'string' || !REASON.test(value))) return null
    } else return null
  }
  if (headers === undefined) return ONLY_NEXT
  if (typeof headers !== 'object' || headers === null || !isPlainObject(headers) || Object.getOwnPropertySymbols(headers).length !== 0) return null
  const entries: Array<readonly [string, string]> = [NEXT_ENTRY]
  for (const name in headers) {
    const value = (headers as Record<string, unknown>)[name]
    if (typeof value !== 'string' || !plain(name, value)) return null
    // Sorted by name, as Headers iterates (names are unique: plain names are lower case already).
    const entry: readonly [string, string] = [name, value]
    let i = entries.length
    entries.push(entry)
    while (i > 0 && entries[i - 1][0] > name) {
      entries[i] = entries[i - 1]
      i--
    }
    entries[i] = entry
  }
  return entries
}

// A middleware sends the same few headers on every request: names and values found plain are
// remembered (a bounded number), so most requests skip the regular expressions.
const plainNames = new Set<string>()
const plainValues = new Set<string>()
const REMEMBERED = 256

function plain (name: string, value: string): boolean {
  if (!plainNames.has(name)) {
    if (name === 'x-middleware-next' || name === 'set-cookie' || !PLAIN_NAME.test(name)) return false
    if (plainNames.size < REMEMBERED) plainNames.add(name)
  }
  if (!plainValues.has(value)) {
    if (!PLAIN_VALUE.test(value)) return false
    if (plainValues.size < REMEMBERED && value.length <= 64) plainValues.add(value)
  }
  return true
}

function isPlainObject (value: object): boolean {
  const proto = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}
