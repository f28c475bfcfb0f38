// The Fastify plugin: validate options, discover and load route files, register one Fastify route
// per route file in an encapsulated child context that leaves request bodies unparsed.
import { errorCodes as fastifyErrors, type FastifyBaseLogger, type FastifyInstance, type FastifyPluginAsync, type FastifySchema, type HTTPMethods, type RouteOptions } from 'fastify'
import fp from 'fastify-plugin'
import { CachedRoute } from './cache/cached-route.js'
import { cachePolicy } from './cache/policy.js'
import { ResponseCache } from './cache/response-cache.js'
import { memoryStore, type CacheStore } from './cache/store.js'
import { TaskTracker, type PluginShared } from './context.js'
import { discoverRoutes, findAppDir, type RouteEntry } from './discover.js'
import { buildRouteHandler } from './handler.js'
import { createLoader } from './load.js'
import { compileMatcher } from './matcher.js'
import { buildMiddlewareHook, replayBufferedBody } from './middleware.js'
import { loadMiddleware, type MiddlewareModule } from './middleware-file.js'
import { metadataRoute } from './metadata.js'
import { HTTP_METHODS, buildMethodTable, readModuleMethods, type ModuleMethods } from './methods.js'
import { registerCache } from './next/cache.js'
import { resolveOptions, type FastifyNextRoutesOptions, type ResolvedOptions } from './options.js'
import { buildParamReader } from './params.js'
import { BODY_METHODS, parseBodyForValidation, readRouteSchema, withoutBody } from './schema.js'
import { readSegmentConfig, type SegmentConfig } from './segment-config.js'
import { toFastifyPaths } from './segments.js'

export interface LoadedRoute {
  readonly entry: RouteEntry
  readonly methods: ModuleMethods
  readonly config: SegmentConfig
  /** the route's `schema` export, validated by Fastify */
  readonly schema: FastifySchema | null
}

export interface LoadedApp {
  readonly appDir: string
  readonly routes: LoadedRoute[]
  readonly middleware: MiddlewareModule | undefined
  /** some module needs the per-request scope (next/headers, next/navigation, next/cache, after) */
  readonly scopeWanted: boolean
}

/** Discover and import every route file of `dir`; shared by the plugin and the CLI's route table. */
export async function loadApp (options: ResolvedOptions, log: FastifyBaseLogger): Promise<LoadedApp> {
  const appDir = findAppDir(options.dir)
  const entries = discoverRoutes(appDir)
  const loader = createLoader(options.dir, { lightResponse: options.lightResponse, fresh: options.freshModules })
  const routes: LoadedRoute[] = []
  for (const found of entries) {
    let entry = found
    let mod = await loader.load(found.file)
    if (found.metadata !== undefined) ({ entry, module: mod } = metadataRoute({ ...found, metadata: found.metadata }, mod))
    const methods = readModuleMethods(mod, entry.file)
    const config = readSegmentConfig(mod, entry.pattern, entry.file)
    for (const warning of [...methods.warnings, ...config.warnings]) log.warn(warning)
    routes.push({ entry, methods, config, schema: readRouteSchema(mod, entry.file) })
  }
  const middleware = options.middleware ? await loadMiddleware(options.dir, appDir, loader, log) : undefined
  return { appDir, routes, middleware, scopeWanted: loader.scopeWanted }
}

type RouterFlag = 'ignoreTrailingSlash' | 'ignoreDuplicateSlashes' | 'caseSensitive' | 'useSemicolonDelimiter'

// Router options live at the top level (deprecated) or under routerOptions in Fastify 5.
function routerOption (fastify: FastifyInstance, name: RouterFlag): boolean | undefined {
  const config = fastify.initialConfig as Record<string, unknown> & { routerOptions?: Record<string, unknown> }
  return (config.routerOptions?.[name] ?? config[name]) as boolean | undefined
}

/**
 * The path find-my-way actually routes on, so the middleware matcher decides on the same path the
 * router routes and no router option (`;` delimiter, `//`) opens a bypass. (A case-insensitive
 * router is met by a case-insensitive matcher instead: lowercasing here would miss `%41`, which the
 * router decodes to `A` and then routes as `a`.)
 */
function buildRoutedPath (fastify: FastifyInstance): ((path: string) => string) | null {
  const semicolon = routerOption(fastify, 'useSemicolonDelimiter') === true
  const duplicates = routerOption(fastify, 'ignoreDuplicateSlashes') === true
  // Fastify's defaults route the path as sent.
  if (!semicolon && !duplicates) return null
  return (path) => {
    if (semicolon) {
      const i = path.indexOf(';')
      if (i !== -1) path = path.slice(0, i)
    }
    if (duplicates && path.includes('//')) path = path.replace(/\/{2,}/g, '/')
    return path
  }
}

const fastifyNextRoutes: FastifyPluginAsync<FastifyNextRoutesOptions> = async function fastifyNextRoutes (fastify, opts) {
  const options = resolveOptions(opts)
  const app = await loadApp(options, fastify.log)
  const scope = options.asyncContext === 'auto' ? app.scopeWanted : options.asyncContext
  const tasks = new TaskTracker()
  const store: CacheStore | null = options.cache === false ? null : options.cache ?? memoryStore()
  await store?.ready?.()
  const cache = store === null ? null : new ResponseCache(store, fastify.log, options.cacheErrorLogInterval)
  const shared: PluginShared = { tasks, previewModeId: options.previewModeId, cache }
  const requestSettings = { hostname: options.hostname, trustHostHeader: options.trustHostHeader }
  // `dynamic = 'force-static'` handlers see no request data, cached or not (spec 92).
  const strippedSettings = { ...requestSettings, stripped: true }
  // Methods Fastify routes that Next does not recognise (TRACE, QUERY): Next answers them 400.
  const extraMethods = fastify.supportedMethods.filter(m => !(HTTP_METHODS as readonly string[]).includes(m))
  const methods = [...HTTP_METHODS, ...extraMethods]
  const slashVariants = routerOption(fastify, 'ignoreTrailingSlash') !== true

  // Fastify's close stops accepting and ends the idle keep-alive sockets once; a socket whose request
  // is still in flight stays open after its response until keepAliveTimeout (72 s by default),
  // holding app.close() that long. A short timeout from here on closes each right after its
  // response, at no per-request cost.
  fastify.addHook('preClose', function shortenKeepAlive (done) {
    if (fastify.server.keepAliveTimeout > 0) fastify.server.keepAliveTimeout = 1
    done()
  })

  const unregisterCache = cache === null ? null : registerCache(cache)
  fastify.addHook('onClose', async () => {
    const left = await tasks.drain(options.closeTimeout)
    if (left > 0) fastify.log.warn(`fastify-next-routes: closed with ${left} after()/waitUntil() task(s) still running after ${options.closeTimeout} ms`)
    unregisterCache?.()
    await store?.close?.()
  })

  // Middleware sees every request of the context the plugin is registered in (unmatched paths too,
  // so it can rewrite them onto a route), or only the route files' with middlewareScope 'routes'.
  const middlewareHooks = (target: FastifyInstance): void => {
    if (app.middleware === undefined) return
    const matcher = compileMatcher(app.middleware.matcher, { file: app.middleware.file, caseSensitive: routerOption(fastify, 'caseSensitive') !== false })
    target.addHook('onRequest', buildMiddlewareHook({
      module: app.middleware,
      matcher,
      request: requestSettings,
      scope,
      shared,
      routedPath: buildRoutedPath(fastify),
      proxyTimeout: options.proxyTimeout,
      routing: fastify.routing
    }))
    target.addHook('preParsing', replayBufferedBody)
  }
  if (options.middlewareScope === 'all') middlewareHooks(fastify)

  // The GET cache of a route Next would prerender; its entries are generated now unless
  // `prerender: 'request'` (then on first request), as `next build` generates them.
  const cacheRoute = async (entry: RouteEntry, handlers: ModuleMethods['handlers'], config: SegmentConfig, keyPrefix: string): Promise<CachedRoute | null> => {
    if (cache === null) return null
    const policy = cachePolicy(config, handlers)
    // cachePolicy is null without a GET; the second test is for the type checker.
    if (policy === null || handlers.GET === undefined) return null
    const cached = new CachedRoute({
      policy,
      pattern: entry.pattern,
      file: entry.file,
      segments: entry.segments,
      GET: handlers.GET,
      generateStaticParams: config.generateStaticParams,
      keyPrefix,
      shared,
      cache
    })
    const targets = await cached.listStaticParams()
    if (options.prerender === 'startup') await cached.prerender(targets, fastify.log)
    return cached
  }

  // Not wrapped in fp: its parser changes and routes stay in this child, and `prefix` applies here.
  await fastify.register(async function nextRoutesContext (child) {
    child.removeAllContentTypeParsers()
    // Leave the body stream unread for request.json()/text()/formData()/body. Fastify enforces
    // bodyLimit only when it reads the body itself, so a declared oversize body is refused here
    // and the readers count the rest (lib/body.ts).
    child.addContentTypeParser('*', function passThrough (request, payload, done) {
      const length = request.headers['content-length']
      if (length !== undefined && Number(length) > request.routeOptions.bodyLimit) {
        done(new fastifyErrors.FST_ERR_CTP_BODY_TOO_LARGE(), undefined)
        return
      }
      done(null, payload)
    })
    if (options.middlewareScope === 'routes') middlewareHooks(child)
    const depth = child.prefix.split('/').filter(Boolean).length
    for (const { entry, methods: { handlers }, config: segmentConfig, schema } of app.routes) {
      const cached = await cacheRoute(entry, handlers, segmentConfig, child.prefix)
      const handler = buildRouteHandler({
        file: entry.file,
        table: buildMethodTable(handlers, extraMethods),
        readParams: buildParamReader(entry.segments, depth),
        scope,
        request: segmentConfig.dynamic === 'force-static' ? strippedSettings : requestSettings,
        shared,
        cached
      })
      const config = { nextRoute: entry.pattern, nextFile: entry.file }
      // HEAD is ours (Next's automatic HEAD), so Fastify must not add its own.
      const base = { handler, exposeHeadRoute: false, config }
      // With a schema, methods with a body get the body schema (read before validation); the
      // others are validated without it.
      const variants: Array<Omit<RouteOptions, 'url'>> = schema === null
        ? [{ ...base, method: methods }]
        : [
            { ...base, method: methods.filter(m => !BODY_METHODS.includes(m)) as HTTPMethods[], schema: withoutBody(schema) },
            { ...base, method: BODY_METHODS as HTTPMethods[], schema, ...(schema.body !== undefined ? { preValidation: parseBodyForValidation } : {}) }
          ]
      for (const url of toFastifyPaths(entry.segments)) {
        for (const variant of variants) {
          child.route({ ...variant, url })
          // `/x/` is routed too, so the handler can answer Next's 308 to `/x`.
          if (slashVariants && url !== '/' && !url.endsWith('*')) child.route({ ...variant, url: url + '/' })
        }
      }
    }
  }, { prefix: options.prefix })
}

export const plugin = fp(fastifyNextRoutes, { fastify: '5.x', name: 'fastify-next-routes' })
export { fastifyNextRoutes }

