// notFound() in a route handler goes to the app's Fastify not-found handler when it has one (set
// with setNotFoundHandler in the plugin's context or a parent), so an app's house 404 answers for
// route files too. Without one the answer stays Next's: an empty 404 (test/conformance).
//
// Fastify has no public way to ask whether a not-found handler was set. Each route keeps the
// not-found context reply.callNotFound() would use (Fastify links it at ready, so setting the
// handler before or after registering the plugin both count), and Fastify's own default handler is
// the function named `basic404`. Reading them reaches into Fastify's internals by symbol
// description, as hook-placement.ts does; if that ever fails this answers "no handler", which keeps
// Next's answer rather than sending Fastify's JSON 404 to apps that never asked for one.
import type { FastifyRequest } from 'fastify'

let kRouteContext: symbol | null | undefined
let kFourOhFourContext: symbol | null | undefined

function symbolOf (object: object, description: string): symbol | null {
  return Object.getOwnPropertySymbols(object).find(s => s.description === description) ?? null
}

/** true when reply.callNotFound() would reach a not-found handler the app set (not Fastify's default). */
export function hasAppNotFoundHandler (request: FastifyRequest): boolean {
  if (kRouteContext === undefined) kRouteContext = symbolOf(request, 'fastify.context')
  if (kRouteContext === null) return false
  const context = (request as unknown as Record<symbol, object | undefined>)[kRouteContext]
  if (context == null) return false
  if (kFourOhFourContext === undefined) kFourOhFourContext = symbolOf(context, 'fastify.404ContextKey')
  if (kFourOhFourContext === null) return false
  const notFoundContext = (context as Record<symbol, { handler?: unknown } | null | undefined>)[kFourOhFourContext]
  const handler = notFoundContext?.handler
  return typeof handler === 'function' && handler.name !== 'basic404'
}
