// `Response` as route modules see it. The loader binds this in place of the global inside the files
// it loads (app/ and what they import; never node_modules, never the rest of the process), so
// `Response.json(data)` and `new Response(text)` skip undici's construction cost (next to the whole
// rest of a request) unless a member that needs a real Response is used. `instanceof Response`
// holds for these and for every native Response; subclasses and unusual bodies get native ones.
import { NextResponse, lightResponse } from './next/response.js'

const Native = globalThis.Response

function RouteResponse (this: unknown, body?: BodyInit | null, init?: ResponseInit): Response {
  if (new.target === undefined) throw new TypeError("Class constructor Response cannot be invoked without 'new'")
  if (new.target === RouteResponse) {
    const light = lightResponse(body, init)
    if (light !== undefined) return light
  }
  return Reflect.construct(Native, [body, init], new.target === RouteResponse ? Native : new.target) as Response
}

// Same prototype object as the global: `class X extends Response`, `Response.prototype` and
// `instanceof Response` behave exactly as with the global.
RouteResponse.prototype = Native.prototype
Object.defineProperty(RouteResponse, 'name', { value: 'Response' })
Object.setPrototypeOf(RouteResponse, Native)
Object.assign(RouteResponse, {
  json (data: unknown, init?: ResponseInit): Response {
    return NextResponse.json(data, init)
  }
})

const kRouteResponse = Symbol.for('fastify-next-routes.RouteResponse')
;(globalThis as Record<symbol, unknown>)[kRouteResponse] = RouteResponse

// Declarations or imports of the name in the file itself: leave such a file alone.
const OWN_BINDING = /(?:^|[^.\w$])(?:class|function|const|let|var)\s+Response\b|import\s*\{[^}]*\bResponse\b[^}]*\}|import\s+Response\b|import\s*\*\s*as\s+Response\b/
const USES = /(?:^|[^.\w$])Response\s*(?:\.json\s*\(|\()/

/**
 * Source with a module-local `Response` bound to RouteResponse, put on the first line so line
 * numbers in stack traces do not move. Files that do not construct Responses are left untouched.
 */
export function withRouteResponse (source: string): string {
  if (!USES.test(source) || OWN_BINDING.test(source)) return source
  return `const Response = globalThis[Symbol.for("fastify-next-routes.RouteResponse")];${source}`
}
