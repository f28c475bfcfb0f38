// Public entry: the plugin (default and named), its option types, error codes and request helpers.
import type { FastifyPluginAsync } from 'fastify'
import fp from 'fastify-plugin'
import type { LoadedApp } from './plugin.js'
import type { FastifyNextRoutesOptions } from './options.js'

// The plugin's body (discovery, loading, routing, caching: some 50 modules) is imported when the
// plugin is registered, not when the package is: importing the package costs little more than the
// helpers below (next/server and the stores), for code that imports it without registering it.
const lazyPlugin: FastifyPluginAsync<FastifyNextRoutesOptions> = async function fastifyNextRoutes (fastify, opts) {
  const { fastifyNextRoutes: register } = await import('./plugin.js')
  await register(fastify, opts)
}
const plugin = fp(lazyPlugin, { fastify: '5.x', name: 'fastify-next-routes' })

/** Discover and import every route file of a folder, as the plugin does (the CLI's route table uses it). */
async function loadApp (...args: Parameters<typeof import('./plugin.js').loadApp>): Promise<LoadedApp> {
  return await (await import('./plugin.js')).loadApp(...args)
}

export default plugin
export { plugin as fastifyNextRoutes, loadApp }
export type { LoadedApp, LoadedRoute } from './plugin.js'
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
    /** the Next pattern of a route file's route (`/users/[id]`; on a shared `/x/` route: the first file's) */
    nextRoute?: string
    /** the route file's absolute path (on a `/x/` route sibling files share for Next's 308: the first of them) */
    nextFile?: string
  }
}
