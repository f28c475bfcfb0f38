// The one place that calls @fastify/error (see lib/errors.ts for why it is apart).
import createError, { type FastifyErrorConstructor } from '@fastify/error'

export function coded<C extends string, S extends number> (code: C, message: string, statusCode: S, Base?: ErrorConstructor): FastifyErrorConstructor<{ code: C, statusCode: S }> {
  return createError(code, message, statusCode, Base)
}
