// Route-file errors through Fastify's error handling. A thrown error is handed to reply.send(), so
// Fastify runs the onError hooks and then the error handler of the route files' context, which is
// this one: it passes every error on to the handler of the context the plugin is registered in,
// read when the error happens (the app may set its handler after registering the plugin), except
// that with Fastify's default handler there a route file's own error keeps Next's answer: an empty
// 500, logged with the file and method.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { isRouteFileError, type NextRouteErrorInfo } from './outcome.js'

type ErrorHandler = (this: FastifyInstance, error: FastifyError, request: FastifyRequest, reply: FastifyReply) => unknown

// Fastify's own default handler; an app that never called setErrorHandler has it (by name: Fastify
// does not export it).
const isFastifyDefault = (handler: ErrorHandler): boolean => handler.name === 'defaultErrorHandler'

export function routeErrorHandler (parent: FastifyInstance): ErrorHandler {
  return function nextRouteErrorHandler (error, request, reply) {
    const handler = parent.errorHandler as ErrorHandler
    if (isFastifyDefault(handler)) {
      if (isRouteFileError(error)) {
        const { file, method } = (error as unknown as { nextRoute: NextRouteErrorInfo }).nextRoute
        request.log.error({ err: error, file, method }, 'route handler threw')
        return reply.code(500).send()
      }
      // Anything else (a 413 from the body reader, a schema's 400): on to Fastify's default, once.
      return reply.send(error)
    }
    return handler.call(parent, error, request, reply)
  }
}
