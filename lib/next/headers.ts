// next/headers: headers(), cookies() and draftMode(), read from the per-request scope.
import { RequestCookies, ResponseCookies, stringifyCookie, type RequestCookie, type ResponseCookie } from '@edge-runtime/cookies'
import { trackDynamic } from '../cache/static-request.js'
import { getStore, type RequestStore } from '../context.js'
import { kMiddlewareCookies } from '../symbols.js'
import { BYPASS_COOKIE } from '../preview.js'

const READONLY = 'Headers cannot be modified. Read more: https://nextjs.org/docs/app/api-reference/functions/headers'

/** The request headers as headers() returns them: readable, never writable (as in Next 15+). */
class ReadonlyHeaders extends Headers {
  append (): never { throw new Error(READONLY) }
  delete (): never { throw new Error(READONLY) }
  set (): never { throw new Error(READONLY) }
}

export async function headers (): Promise<Headers> {
  const store = getStore('headers')
  // Generating a cached route: no client request (force-static), or the route cannot be cached.
  if (store.generation !== null) {
    trackDynamic(store.generation, 'headers()')
    return new ReadonlyHeaders()
  }
  return new ReadonlyHeaders(store.request.headers)
}

/**
 * What cookies() returns: reads see the request cookies plus this request's own writes; set() and
 * delete() become Set-Cookie lines sent after the Response's own (next-route-handlers.md 66-68).
 */
export class RequestScopeCookies {
  readonly #store: RequestStore
  readonly #read: RequestCookies
  readonly #write = new ResponseCookies(new Headers())
  // Next keeps one cookie map seeded with the request's cookies, so a written cookie the request
  // already had keeps the request's position in the Set-Cookie order; new ones follow in write order.
  readonly #rank = new Map<string, number>()

  constructor (store: RequestStore) {
    this.#store = store
    // A private copy: writes must not change request.headers, which the handler may still read.
    this.#read = new RequestCookies(new Headers({ cookie: store.request.headers.get('cookie') ?? '' }))
    const fromMiddleware = (store.fastifyRequest?.raw as { [kMiddlewareCookies]?: Array<[string, string]> } | undefined)?.[kMiddlewareCookies]
    if (fromMiddleware !== undefined) for (const [name, value] of fromMiddleware) this.#read.set(name, value)
    for (const { name } of this.#read.getAll()) this.#rank.set(name, this.#rank.size)
  }

  get size (): number { return this.#read.size }
  // Next reads through a ResponseCookies seeded with the request's cookies, so every cookie read
  // back carries `path: '/'` (next start 16.4.6: middleware.ts, proxy.ts and route handlers).
  get (...args: [name: string] | [RequestCookie]): RequestCookie | undefined {
    const cookie = this.#read.get(...args)
    if (cookie === undefined) return cookie
    return (this.#write.get(cookie.name) ?? { ...cookie, path: '/' }) as RequestCookie
  }

  getAll (...args: [name: string] | [RequestCookie] | []): RequestCookie[] {
    const all = this.#read.getAll(...args)
    return all.map(cookie => (this.#write.get(cookie.name) ?? { ...cookie, path: '/' }) as RequestCookie)
  }
  has (name: string): boolean { return this.#read.has(name) }

  set (...args: [key: string, value: string, cookie?: Partial<ResponseCookie>] | [options: ResponseCookie]): this {
    this.#write.set(...args)
    const name = typeof args[0] === 'string' ? args[0] : args[0].name
    const written = this.#write.get(name)
    if (written !== undefined) this.#read.set(written.name, written.value)
    this.#sync()
    return this
  }

  delete (...args: [key: string] | [options: Omit<ResponseCookie, 'value' | 'expires'>]): this {
    this.#write.delete(...args)
    const name = typeof args[0] === 'string' ? args[0] : args[0].name
    // As in Next, a deleted cookie still reads back, blanked.
    this.#read.set(name, '')
    this.#sync()
    return this
  }

  clear (): this {
    for (const cookie of this.#read.getAll()) this.delete(cookie.name)
    return this
  }

  toString (): string { return this.#read.toString() }
  [Symbol.iterator] (): IterableIterator<[string, RequestCookie]> { return this.#read[Symbol.iterator]() }

  #sync (): void {
    const rank = (name: string): number => {
      let r = this.#rank.get(name)
      if (r === undefined) this.#rank.set(name, r = this.#rank.size)
      return r
    }
    const written = this.#write.getAll()
    for (const cookie of written) rank(cookie.name)
    this.#store.setCookies = written.sort((a, b) => rank(a.name) - rank(b.name)).map(c => stringifyCookie(c))
  }
}

export async function cookies (): Promise<RequestScopeCookies> {
  const store = getStore('cookies')
  if (store.generation !== null) trackDynamic(store.generation, 'cookies()')
  return (store.cookieView ??= new RequestScopeCookies(store)) as RequestScopeCookies
}

export interface DraftMode {
  readonly isEnabled: boolean
  enable (): void
  disable (): void
}

/** draftMode(): Next's `__prerender_bypass` cookie, checked against the `previewModeId` option. */
export async function draftMode (): Promise<DraftMode> {
  const store = getStore('draftMode')
  const jar = await cookies()
  let enabled = jar.get(BYPASS_COOKIE)?.value === store.previewModeId
  return {
    get isEnabled () { return enabled },
    enable () {
      jar.set({ name: BYPASS_COOKIE, value: store.previewModeId, path: '/', secure: true, httpOnly: true, sameSite: 'none' })
      enabled = true
    },
    disable () {
      jar.set({ name: BYPASS_COOKIE, value: '', path: '/', secure: true, httpOnly: true, sameSite: 'none', expires: new Date(0) })
      enabled = false
    }
  }
}
