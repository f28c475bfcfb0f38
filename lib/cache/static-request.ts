// The request a cached route is generated with. Next prerenders with no client request at all: the
// handler gets `http://localhost:3000<path>` with no headers, cookies or query. With `dynamic`
// 'auto' or 'error', reading request data while generating means the route cannot be cached:
// 'auto' quietly makes it dynamic, 'error' fails (next-route-handlers.md items 90-92).
import { NextRequest } from '../next/request.js'

/** Where Next's static request data points, whatever the server's real host and port. */
export const STATIC_ORIGIN = 'http://localhost:3000'

/** One generation of a cached route (or of a force-static request). */
export interface Generation {
  readonly mode: 'force-static' | 'auto' | 'error'
  /** Next pattern of the route, for messages */
  readonly route: string
  /** the first request data the handler touched (auto/error modes), e.g. `request.headers` */
  used: string | null
  /** tags the entry will carry: implicit path tags plus unstable_cache tags used */
  readonly tags: Set<string>
  /** the route's revalidate, lowered by any unstable_cache({ revalidate }) used */
  revalidate: number | false
}

/** Next's words for request data used while generating (build error with `dynamic = 'error'`). */
export function dynamicUsageMessage (route: string, expression: string, mode: Generation['mode']): string {
  return mode === 'error'
    ? `Route ${route} with \`dynamic = "error"\` couldn't be rendered statically because it used \`${expression}\`. See more info here: https://nextjs.org/docs/app/building-your-application/rendering/static-and-dynamic#dynamic-rendering`
    : `Route ${route} couldn't be rendered statically because it used \`${expression}\`.`
}

/** Thrown on request data access while generating a route that must stay static. */
export class DynamicUsageError extends Error {
  constructor (readonly route: string, readonly expression: string, mode: Generation['mode']) {
    super(dynamicUsageMessage(route, expression, mode))
    this.name = 'DynamicUsageError'
  }
}

/** Note request data use while generating; throws unless the route strips it (force-static). */
export function trackDynamic (generation: Generation, expression: string): void {
  if (generation.mode === 'force-static') return
  generation.used ??= expression
  throw new DynamicUsageError(generation.route, expression, generation.mode)
}

// What counts as request data (Next's proxyNextRequest); nextUrl.pathname does not.
const REQUEST_DATA = new Set(['headers', 'cookies', 'url', 'body', 'json', 'text', 'arrayBuffer', 'bytes', 'formData', 'blob', 'ip', 'geo'])
const URL_DATA = new Set(['search', 'searchParams', 'url', 'href', 'toJSON', 'toString', 'origin'])

function tracked<T extends object> (target: T, data: Set<string>, prefix: string, generation: Generation, wrap?: (key: string, value: unknown) => unknown): T {
  return new Proxy(target, {
    get (t, key) {
      if (typeof key === 'string' && data.has(key)) trackDynamic(generation, `${prefix}.${key}`)
      const value: unknown = Reflect.get(t, key, t)
      if (wrap !== undefined && typeof key === 'string') {
        const wrapped = wrap(key, value)
        if (wrapped !== undefined) return wrapped
      }
      // undici and NextURL keep their state in private fields: call methods on the real object.
      return typeof value === 'function' ? value.bind(t) : value
    }
  })
}

/** The request a generation hands the GET handler. */
export function staticRequest (pathname: string, generation: Generation): NextRequest {
  const request = new NextRequest(STATIC_ORIGIN + pathname)
  if (generation.mode === 'force-static') return request
  let nextUrl: unknown
  return tracked(request, REQUEST_DATA, 'request', generation, (key, value) => {
    if (key !== 'nextUrl') return undefined
    return (nextUrl ??= tracked(value as object, URL_DATA, 'nextUrl', generation))
  })
}
