// State that must survive a re-dispatch through Fastify's router (an internal rewrite makes a new
// Fastify request for the same Node request), so it lives on the IncomingMessage under these keys.

/** the canonical form of the URL the client asked for, before a middleware rewrite; the handler's request.url uses it, as in Next */
export const kOriginalCanonical = Symbol('fastify-next-routes.originalCanonical')
/** headers a continue/rewrite middleware response put on the final response: they win over the handler's */
export const kMiddlewareHeaders = Symbol('fastify-next-routes.middlewareHeaders')
/** the body bytes a middleware read, replayed to the handler */
export const kBufferedBody = Symbol('fastify-next-routes.bufferedBody')
/** cookies a middleware set on a continue/rewrite response: cookies() in the handler sees them */
export const kMiddlewareCookies = Symbol('fastify-next-routes.middlewareCookies')
/** next.config routing state of a request (stage reached, headers() to re-apply after a re-dispatch) */
export const kConfigRouting = Symbol('fastify-next-routes.configRouting')
