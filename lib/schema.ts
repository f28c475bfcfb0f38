// `export const schema = { querystring, params, body, headers, response }` in a route file: handed to
// Fastify so it validates the request (400 in Fastify's own error format) and tools such as
// @fastify/swagger list the route. Bodies stay unparsed for the handler, so a route with a body
// schema reads a JSON body once before validation and keeps the bytes for request.json()/text().
import type { IncomingMessage } from 'node:http'
import type { Readable } from 'node:stream'
import { errorCodes as fastifyErrors, type FastifySchema, type preValidationAsyncHookHandler } from 'fastify'
import { readBody } from './body.js'
import { FST_ERR_NEXT_SCHEMA } from './errors.js'
import { kBufferedBody } from './symbols.js'

const PARTS = ['querystring', 'params', 'body', 'headers', 'response'] as const
// Methods whose requests may carry a body (Next reads DELETE bodies too).
export const BODY_METHODS = ['POST', 'PUT', 'PATCH', 'DELETE']

/** The route's schema export, checked; null when it has none. */
export function readRouteSchema (mod: Record<string, unknown>, file: string): FastifySchema | null {
  const schema = mod.schema
  if (schema === undefined) return null
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) {
    throw new FST_ERR_NEXT_SCHEMA(file, `expected an object with ${PARTS.join(', ')}; got ${schema === null ? 'null' : typeof schema}`)
  }
  for (const key of Object.keys(schema)) {
    if (!(PARTS as readonly string[]).includes(key)) {
      throw new FST_ERR_NEXT_SCHEMA(file, `unknown key '${key}' (use ${PARTS.join(', ')}; other route options such as tags or summary go under those JSON schemas or in @fastify/swagger's transform)`)
    }
  }
  return schema as FastifySchema
}

/** The schema for methods without a body: Fastify would validate an absent body against `body`. */
export function withoutBody (schema: FastifySchema): FastifySchema {
  const { body: _body, ...rest } = schema
  return rest
}

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i

/**
 * preValidation hook of a route with a body schema: read the body (within bodyLimit), keep the
 * bytes where the handler's body readers look first, and parse JSON for the validator. A body of
 * another type is left unparsed and fails the body schema as absent.
 */
export const parseBodyForValidation: preValidationAsyncHookHandler = async function parseBodyForValidation (request) {
  const raw = request.raw as IncomingMessage & { [kBufferedBody]?: Buffer }
  const source = request.body as Readable | undefined
  const bytes = raw[kBufferedBody] ?? await readBody(source !== undefined && source !== null && typeof source.pipe === 'function' ? source : raw, request.routeOptions.bodyLimit)
  raw[kBufferedBody] = bytes
  if (!JSON_TYPE.test(request.headers['content-type'] ?? '')) {
    request.body = undefined
    return
  }
  if (bytes.length === 0) throw new fastifyErrors.FST_ERR_CTP_EMPTY_JSON_BODY()
  try {
    request.body = JSON.parse(bytes.toString('utf8'))
  } catch (err) {
    const error = err as Error & { statusCode?: number }
    error.statusCode = 400
    throw error
  }
}
