// Public entry: the plugin (default and named), its option types, error codes and request helpers.
import { plugin } from './plugin.js'

export default plugin
export { plugin as fastifyNextRoutes, loadApp, type LoadedApp, type LoadedRoute } from './plugin.js'
export type { FastifyNextRoutesOptions } from './options.js'
export { errorCodes } from './errors.js'
export { toRequest, getFastifyRequest } from './request.js'
export { nextClientErrorHandler } from './client-error.js'
export { NextRequest, NextResponse } from './next/server.js'
export type { RouteFunction } from './methods.js'
export { memoryStore, MemoryStore, type CacheStore, type CacheEntry, type TagTimes } from './cache/store.js'
export { redisStore, RedisStore, type RedisStoreOptions, type RedisClientLike } from './cache/redis.js'
export type { NextRouteErrorInfo } from './outcome.js'

// What the plugin puts on the routes it registers, for hooks that read `request.routeOptions.config`.
declare module 'fastify' {
  interface FastifyContextConfig {
    /** the Next pattern of a route file's route (`/users/[id]`) */
    nextRoute?: string
    /** the route file's absolute path */
    nextFile?: string
  }
}
