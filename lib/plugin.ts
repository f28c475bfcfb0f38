// The Fastify plugin: validate options, discover and load route files, register one Fastify route
// per route file in an encapsulated child context that leaves request bodies unparsed.
import type { IncomingMessage } from 'node:http'
import { errorCodes as fastifyErrors, type FastifyBaseLogger, type FastifyInstance, type FastifyPluginAsync, type FastifyRequest, type FastifySchema, type HTTPMethods, type onRequestHookHandler, type RouteHandlerMethod, type RouteOptions } from 'fastify'
import fp from 'fastify-plugin'
import { cachedRouteFor, type CachedRoute } from './cache/cached-route.js'
import type { Prerendered } from './cache/prerendered.js'
import { ResponseCache } from './cache/response-cache.js'
import { memoryStore, type CacheStore } from './cache/store.js'
import { TaskTracker, type PluginShared } from './context.js'
import type { RouteEntry } from './discover.js'
import { appModules, locateApp, type AppLayout } from './app-files.js'
import { routeErrorHandler } from './error-handling.js'
import { FST_ERR_NEXT_CONFIG, FST_ERR_NEXT_PAGES_API, FST_ERR_NEXT_PUBLIC_CONFLICT, FST_ERR_NEXT_ROUTE_CONFLICT } from './errors.js'
import { buildRouteHandler, buildSlashTwinHandler } from './handler.js'
import { withdrawInheritedHook, type HookPlacement } from './hook-placement.js'
import type { Loader } from './load.js'
import { loadError, type LoadFailure } from './load-failure.js'
import { prepareEnvironment } from './env.js'
import { compileMatcher } from './matcher.js'
import { answerNonCanonical, buildMiddlewareHook, replayBufferedBody, type MiddlewareSettings } from './middleware.js'
import { loadMiddleware, type MiddlewareModule } from './middleware-file.js'
import { readApiConfig, type ApiConfig } from './pages-api/config.js'
import { buildPagesApiHandler, type ApiHandler } from './pages-api/handler.js'
import { metadataRoute } from './metadata.js'
import { HTTP_METHODS, buildMethodTable, readModuleMethods, type ModuleMethods, type RouteFunction } from './methods.js'
import { registerCache } from './next/cache.js'
import { resolveOptions, type FastifyNextRoutesOptions, type ResolvedOptions } from './options.js'
import { buildParamReader } from './params.js'
import { buildRouteSpelling } from './route-spelling.js'
import { canonicalBasePath, canonicalOf, spellSegment, type SlashPolicy } from './canonical.js'
import { findInstrumentation, setupInstrumentation, type OnRequestError } from './instrumentation.js'
import { loadConfigFile } from './next-config/file.js'
import { EMPTY_SETTINGS, readSettings, type NextConfigSettings } from './next-config/keys.js'
import { compileRules } from './next-config/rules.js'
import { buildConfigRouter, type FilesystemCheck } from './next-config/router.js'
import { listPublicFiles } from './public-files.js'
import { loadProxy } from './proxy.js'
import { BODY_METHODS, parseBodyForValidation, readRouteSchema, withoutBody } from './schema.js'
import { readSegmentConfig, type SegmentConfig } from './segment-config.js'
import { routeShape, toFastifyPaths } from './segments.js'
import { planSlashTwins } from './slash-twins.js'
import { isAbsolute } from 'node:path'
import { appPath } from './app-path.js'
import { warmNextTick } from './warm-up.js'

export interface LoadedRoute {
  readonly entry: RouteEntry
  readonly methods: ModuleMethods
  readonly config: SegmentConfig
  /** the route's `schema` export, validated by Fastify */
  readonly schema: FastifySchema | null
  /** a `pages/api` route on the Node runtime: its default export and `config.api` (an edge API
   * route has none: its default export answers every method, as a route file's methods do) */
  readonly pagesApi?: { readonly fn: ApiHandler, readonly api: ApiConfig }
  /** a `pages/api` route with `runtime: 'edge'` */
  readonly edge?: true
}

export interface LoadedApp {
  /** the app/ folder, or undefined for a folder with only pages/ (or only a middleware) */
  readonly appDir: string | undefined
  /** the pages/ folder, when there is one */
  readonly pagesDir: string | undefined
  /** files of pages/ outside pages/api: pages, not served */
  readonly pageCount: number
  readonly routes: LoadedRoute[]
  readonly middleware: MiddlewareModule | undefined
  /** some module needs the per-request scope (next/headers, next/navigation, next/cache, after) */
  readonly scopeWanted: boolean
  /** files that failed to load (only with `skipFailedFiles`, which `dev` sets; else startup throws) */
  readonly failures: FailedRoute[]
  /** what of next.config applies (EMPTY_SETTINGS without one) */
  readonly nextConfig: NextConfigSettings
  /** instrumentation.ts onRequestError, or null */
  readonly onRequestError: OnRequestError | null
  /** the .env files loaded (relative to dir), for the startup summary */
  readonly envFiles: string[]
  /** the build served, or null when route files were compiled at startup */
  readonly build: ServedBuild | null
}

export interface ServedBuild {
  /** its id (manifest.json) */
  readonly id: string
  /** the cached routes' entries it generated (null: built with --no-prerender) */
  readonly prerendered: Prerendered | null
}

export interface FailedRoute {
  readonly failure: LoadFailure
  readonly entry: RouteEntry
}

/** Discover and import every route file of `dir`; shared by the plugin and the CLI's route table. */
export async function loadApp (options: ResolvedOptions, log: FastifyBaseLogger): Promise<LoadedApp> {
  // Before any app file runs: its modules read process.env at top level.
  const envFiles = prepareEnvironment(options.dir, options.env, log)
  const layout = locateApp(options.dir)
  const { appDir, pagesDir, scan, treeRoot, middlewareAnchor, entries } = layout
  const label = (folder: string): string => appPath(options.dir, folder)
  if (scan.pageCount > 0) {
    log.warn(`fastify-next-routes: ${scan.pageCount} page file(s) in ${label(pagesDir as string)}/ are not served: only pages/api routes are (${scan.routes.length} found)`)
  }
  const { loader, build } = await appLoader(options, layout, log)
  const nextConfig = await readNextConfig(options, loader, log)
  // next.config env is inlined by Next's build: it wins over the environment, before app code runs.
  for (const [key, value] of Object.entries(nextConfig.env)) process.env[key] = value
  const instrumentation = findInstrumentation(options.dir, treeRoot)
  const onRequestError = instrumentation === undefined ? null : await setupInstrumentation(instrumentation, loader, log)
  const routes: LoadedRoute[] = []
  // Every file is tried, so one startup names every file that fails to load (dub has 510 route
  // files); other startup errors (segment config, schema, conflicts) still stop at once.
  const failures: FailedRoute[] = []
  const attempt = async <T>(entry: RouteEntry, load: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await load()
    } catch (err) {
      const listed = (err as { code?: string, errors?: LoadFailure[] }).code === 'FST_ERR_NEXT_MODULE_LOAD' ? (err as { errors?: LoadFailure[] }).errors : undefined
      if (!Array.isArray(listed)) throw err
      for (const failure of listed) failures.push({ failure, entry })
      return undefined
    }
  }
  for (const found of entries) {
    await attempt(found, async () => {
      let entry = found
      // A static metadata file (favicon.ico, icon.png, …) is served as it is, never imported.
      let mod = found.staticFile === true ? {} : await loader.load(found.file)
      if (found.pagesApi === true) {
        routes.push(pagesApiRoute(found, mod))
        return
      }
      if (found.metadata !== undefined) ({ entry, module: mod } = metadataRoute({ ...found, metadata: found.metadata }, mod))
      const methods = readModuleMethods(mod, entry.file)
      const config = readSegmentConfig(mod, entry.pattern, entry.file)
      for (const warning of [...methods.warnings, ...config.warnings]) log.warn(warning)
      routes.push({ entry, methods, config, schema: readRouteSchema(mod, entry.file) })
    })
  }
  // A middleware that fails is never skipped: the routes it guards would be served unguarded.
  const middleware = options.middleware ? await loadMiddleware(options.dir, middlewareAnchor, loader, log) : undefined
  if (failures.length > 0) {
    const error = loadError(failures.map(f => f.failure))
    if (options.skipFailedFiles === false) throw error
    if (typeof options.skipFailedFiles === 'function') options.skipFailedFiles(error)
    else log.error(error.message)
  }
  return { appDir, pagesDir, pageCount: scan.pageCount, routes, middleware, scopeWanted: loader.scopeWanted, failures, nextConfig, onRequestError, envFiles, build }
}

// The app's modules: from a build folder when the options name one (no compiler is imported), else
// compiled as they load (jiti and babel, imported only then).
async function appLoader (options: ResolvedOptions, layout: AppLayout, log: FastifyBaseLogger): Promise<{ loader: Loader, build: ServedBuild | null }> {
  if (options.build !== undefined) {
    const { freshManifest } = await import('./build/manifest.js')
    const { openBuild } = await import('./build/loader.js')
    const manifest = freshManifest(options.dir, options.build, appModules(options.dir, layout), options.lightResponse)
    const modules = Object.keys(manifest.modules).length
    const onFirstRequest = Object.values(manifest.modules).filter(m => m.shape !== undefined).length
    log.info({ build: options.build, builtAt: manifest.builtAt, modules, onFirstRequest, prerendered: manifest.prerendered?.entries ?? null }, `fastify-next-routes: serving the build in ${options.build} (${modules} modules, built ${manifest.builtAt}; ${onFirstRequest} route files imported on first request)`)
    const prerendered = manifest.prerendered === undefined ? null : (await import('./cache/prerendered.js')).readPrerendered(options.build, manifest.prerendered)
    return { loader: openBuild(options.dir, options.build, manifest), build: { id: manifest.id, prerendered } }
  }
  const { createLoader } = await import('./load.js')
  return { loader: createLoader(options.dir, { lightResponse: options.lightResponse, fresh: options.freshModules }), build: null }
}

async function readNextConfig (options: ResolvedOptions, loader: Loader, log: FastifyBaseLogger): Promise<NextConfigSettings> {
  if (options.nextConfig === false) return EMPTY_SETTINGS
  const found = options.nextConfig === undefined ? await loadConfigFile(options.dir, loader) : { file: 'the nextConfig option', config: options.nextConfig }
  if (found === undefined) return EMPTY_SETTINGS
  const settings = await readSettings(found.config, found.file)
  if (settings.ignored.length > 0) log.info(`fastify-next-routes: next.config keys without effect here (rendering or build): ${settings.ignored.join(', ')}`)
  return settings
}

// A pages/api module as a loaded route, checked as Next's build checks it (config) plus one check
// Next leaves to the first request: the default export must be the handler.
function pagesApiRoute (entry: RouteEntry, mod: Record<string, unknown>): LoadedRoute {
  const api = readApiConfig(mod, entry.file)
  const fn = mod.default
  if (typeof fn !== 'function') {
    throw new FST_ERR_NEXT_PAGES_API(entry.file, `the default export must be the handler function (export default function handler (req, res) { … }), got ${fn === null ? 'null' : typeof fn}`)
  }
  const config = readSegmentConfig({}, entry.pattern, entry.file)
  const schema = readRouteSchema(mod, entry.file)
  if (api.edge) {
    // Next calls an edge API route's default export for every method, HEAD and OPTIONS included.
    const handlers: ModuleMethods['handlers'] = {}
    for (const method of HTTP_METHODS) handlers[method] = fn as RouteFunction
    // On the edge runtime as a route file with `runtime = 'edge'`: after a middleware rewrite it
    // sees the destination's query (Next's edge adapter; middleware-general's edge-search-params).
    return { entry, methods: { handlers, warnings: [] }, config: { ...config, runtime: 'edge' }, schema, edge: true }
  }
  return { entry, methods: { handlers: {}, warnings: [] }, config, schema, pagesApi: { fn: fn as ApiHandler, api } }
}

/** The methods a route file answers itself: its exports, HEAD with GET, OPTIONS (Next's automatic ones). */
function answeredMethods (handlers: ModuleMethods['handlers'], pagesApi: boolean): Set<string> {
  if (pagesApi) return new Set(HTTP_METHODS)
  const out = new Set<string>(Object.keys(handlers))
  if (out.has('GET')) out.add('HEAD')
  out.add('OPTIONS')
  return out
}

// Router options live at the top level (deprecated) or under routerOptions in Fastify 5.
function routerOption (fastify: FastifyInstance, name: 'ignoreTrailingSlash' | 'caseSensitive' | 'maxParamLength'): boolean | number | undefined {
  const config = fastify.initialConfig as Record<string, unknown> & { routerOptions?: Record<string, unknown> }
  return (config.routerOptions?.[name] ?? config[name]) as boolean | number | undefined
}

// The route files' context prefix as Fastify builds it from the parent's and ours.
function joinPrefix (parent: string, own: string): string {
  if (own === '') return parent
  return parent.endsWith('/') ? parent + own.slice(1) : parent + own
}

const fastifyNextRoutes: FastifyPluginAsync<FastifyNextRoutesOptions> = async function fastifyNextRoutes (fastify, opts) {
  const options = resolveOptions(opts)
  // The prefix (ours under the parents') is Next's basePath: matchers are relative to it, and
  // nextUrl leaves it out (lib/canonical.ts).
  const app = await loadApp(options, fastify.log)
  const nextConfig = app.nextConfig
  // next.config's basePath goes inside the plugin's prefix: an app at basePath /docs registered
  // under prefix /v1 is served at /v1/docs, its basePath as the middleware and nextUrl see it.
  // A prefix that already ends with it is almost surely the same basePath given twice: refused.
  if (nextConfig.basePath !== '' && joinPrefix(fastify.prefix, options.prefix).endsWith(nextConfig.basePath)) {
    throw new FST_ERR_NEXT_CONFIG(nextConfig.file, `basePath '${nextConfig.basePath}' would be served at '${joinPrefix(fastify.prefix, options.prefix)}${nextConfig.basePath}': the plugin's prefix already ends with it. Drop the prefix option (the basePath is the prefix) or the basePath`)
  }
  const ownPrefix = options.prefix + nextConfig.basePath
  const prefix = joinPrefix(fastify.prefix, ownPrefix)
  const basePath = canonicalBasePath(prefix)
  const slash: SlashPolicy = nextConfig.skipTrailingSlashRedirect ? 'either' : nextConfig.trailingSlash ? 'always' : 'never'
  const rule = (list: Parameters<typeof compileRules>[0], kind: Parameters<typeof compileRules>[1]): ReturnType<typeof compileRules> => compileRules(list, kind, basePath, nextConfig.file, false)
  const configRules = {
    headers: rule(nextConfig.headers, 'headers'),
    redirects: rule(nextConfig.redirects, 'redirects'),
    beforeFiles: rule(nextConfig.rewrites.beforeFiles, 'rewrites'),
    afterFiles: rule(nextConfig.rewrites.afterFiles, 'rewrites'),
    fallback: rule(nextConfig.rewrites.fallback, 'rewrites')
  }
  // Decided here: without a rule no router hook exists and the middleware keeps its own placement.
  const routerActive = Object.values(configRules).some(list => list.length > 0)
  const publicFiles = listPublicFiles(options.dir)
  const scope = options.asyncContext === 'auto' ? app.scopeWanted : options.asyncContext
  const tasks = new TaskTracker()
  const store: CacheStore | null = options.cache === false ? null : options.cache ?? memoryStore()
  await store?.ready?.()
  const cache = store === null ? null : new ResponseCache(store, fastify.log, options.cacheErrorLogInterval)
  const shared: PluginShared = { tasks, previewModeId: options.previewModeId, cache, onRequestError: app.onRequestError }
  const requestSettings = { hostname: options.hostname, trustHostHeader: options.trustHostHeader, basePath, slash }
  // `dynamic = 'force-static'` handlers see no request data, cached or not (spec 92).
  const strippedSettings = { ...requestSettings, stripped: true }
  const edgeSettings = { ...requestSettings, edge: true }
  // Methods Fastify routes that Next does not recognise (TRACE, QUERY): Next answers them 400.
  const extraMethods = fastify.supportedMethods.filter(m => !(HTTP_METHODS as readonly string[]).includes(m))
  const methods = [...HTTP_METHODS, ...extraMethods]
  const slashVariants = routerOption(fastify, 'ignoreTrailingSlash') !== true
  // A shared `/x/` route names its files in a regex parameter, which matches case-sensitively and
  // up to maxParamLength characters; with any other slash policy `/x/` is served, not redirected.
  const shareTwins = slash === 'never' && routerOption(fastify, 'caseSensitive') !== false
  const maxParamLength = Number(routerOption(fastify, 'maxParamLength') ?? 100)

  // Fastify's close stops accepting and ends the idle keep-alive sockets once; a socket whose request
  // is still in flight stays open after its response until keepAliveTimeout (72 s by default),
  // holding app.close() that long. A short timeout from here on closes each right after its
  // response, at no per-request cost.
  fastify.addHook('preClose', function shortenKeepAlive (done) {
    if (fastify.server.keepAliveTimeout > 0) fastify.server.keepAliveTimeout = 1
    done()
  })

  // Before the first request, so that no request runs before it ends (lib/warm-up.ts says why).
  if (options.warmUp) fastify.addHook('onReady', warmNextTick)

  const unregisterCache = cache === null ? null : registerCache(cache)
  fastify.addHook('onClose', async () => {
    const left = await tasks.drain(options.closeTimeout)
    if (left > 0) fastify.log.warn(`fastify-next-routes: closed with ${left} after()/waitUntil() task(s) still running after ${options.closeTimeout} ms`)
    unregisterCache?.()
    await store?.close?.()
  })

  // The middleware, when there is one: a hook on each route file whose paths its matcher could
  // match (decided here, per route, so the others pay nothing), and with middlewareScope 'all' also
  // on the context the plugin is registered in, for the app's own routes and unrouted paths (so it
  // can rewrite them onto a route), taken back out of the route files' context (lib/hook-placement.ts).
  const middleware: MiddlewareSettings | null = app.middleware === undefined
    ? null
    : {
        module: app.middleware,
        // Without a matcher it runs outside next.config's basePath too (as Next), never outside the prefix.
        matcher: compileMatcher(app.middleware.matcher, { file: app.middleware.file, basePath, reach: canonicalBasePath(joinPrefix(fastify.prefix, options.prefix)) }),
        request: requestSettings,
        scope,
        shared,
        proxyTimeout: options.proxyTimeout,
        routing: fastify.routing
      }
  if (middleware !== null || routerActive) await loadProxy()
  const placement: HookPlacement = { routeLevel: true }
  let routeFileHook: onRequestHookHandler | null = null
  // With config rules the router runs the middleware itself, between redirects and rewrites.
  if (middleware !== null && !routerActive) {
    const hook = buildMiddlewareHook(middleware, true)
    routeFileHook = function nextMiddlewareRoute (request, reply, done) {
      if (placement.routeLevel) hook.call(this, request, reply, done)
      else done()
    }
  }
  let routeFilesContext: FastifyInstance | null = null

  // What the rewrites' filesystem checks see: public/ files and static route files, dynamic route
  // files, and the host app's own routes (as static: they are not Next's to re-route).
  const staticPaths = new Set<string>()
  const dynamicSpellings: Array<(path: string) => boolean> = []
  const ourHandlers = new Set<unknown>()
  for (const { entry } of app.routes) {
    if (entry.segments.every(s => s.kind === 'static')) staticPaths.add(entry.segments.length === 0 && basePath !== '' ? basePath : basePath + (entry.segments.length === 0 ? '/' : '/' + entry.segments.map(s => spellSegment((s as { value: string }).value)).join('/')))
    else dynamicSpellings.push(buildRouteSpelling(basePath, entry.segments))
  }
  if (publicFiles !== null) {
    for (const f of publicFiles.files) {
      const path = basePath + f.url
      if (staticPaths.has(path)) throw new FST_ERR_NEXT_PUBLIC_CONFLICT(path)
      staticPaths.add(path)
    }
  }
  const filesystem: FilesystemCheck = path => {
    if (staticPaths.has(path)) return 'static'
    for (const spells of dynamicSpellings) if (spells(path)) return 'dynamic'
    const found = fastify.findRoute({ method: 'GET', url: path })
    return found !== null && !ourHandlers.has(found.handler) ? 'static' : null
  }
  if (routerActive) {
    // With config rules, the middleware runs before them on every request its matcher matches,
    // whatever `middlewareScope` says: a rewrite may lead any path onto a route file, and the
    // route was chosen before the rewrite (it would not tell us where the request ends up).
    const scoped: onRequestHookHandler | null = middleware === null ? null : buildMiddlewareHook(middleware, false)
    // On the plugin's context before the route files' is made, so they inherit it.
    fastify.addHook('onRequest', buildConfigRouter({ ...configRules, slash, filesystem, middleware: scoped, routing: fastify.routing, proxyTimeout: options.proxyTimeout, basePath }))
  }

  // The GET cache of a route Next would prerender. From a build that generated its entries, what
  // the build found (they are seeded below), as `next start` serves `next build`'s; else they are
  // generated now unless `prerender: 'request'` (then on first request), as `next build` would.
  const cacheRoute = async (entry: RouteEntry, handlers: ModuleMethods['handlers'], config: SegmentConfig, keyPrefix: string): Promise<CachedRoute | null> => {
    if (cache === null) return null
    const cached = cachedRouteFor({ pattern: entry.pattern, file: entry.file, segments: entry.segments, handlers, config }, { keyPrefix, shared, cache, scope })
    if (cached === null) return null
    const built = app.build?.prerendered?.routes[entry.pattern]
    if (built !== undefined) {
      cached.adopt(built, fastify.log)
      return cached
    }
    const targets = await cached.listStaticParams()
    if (options.prerender === 'startup') await cached.prerender(targets, fastify.log)
    return cached
  }

  // Not wrapped in fp: its parser changes and routes stay in this child, and `prefix` applies here.
  await fastify.register(async function nextRoutesContext (child) {
    routeFilesContext = child
    // Fastify built the same prefix (checked: the route checks and the matcher assume it).
    if (child.prefix !== prefix) throw new Error(`fastify-next-routes: route prefix '${child.prefix}' is not the expected '${prefix}'`)
    child.setErrorHandler(routeErrorHandler(fastify))
    child.removeAllContentTypeParsers()
    // Leave the body stream unread for request.json()/text()/formData()/body. Fastify enforces
    // bodyLimit only when it reads the body itself, so a declared oversize body is refused here
    // and the readers count the rest (lib/body.ts).
    const passThrough = function passThrough (request: FastifyRequest, payload: IncomingMessage, done: (err: Error | null, body?: unknown) => void): void {
      const length = request.headers['content-length']
      if (length !== undefined && Number(length) > request.routeOptions.bodyLimit) {
        done(new fastifyErrors.FST_ERR_CTP_BODY_TOO_LARGE(), undefined)
        return
      }
      done(null, payload)
    }
    child.addContentTypeParser('*', passThrough)
    // The same parser under the usual types too: Fastify caches its lookup of a named type, while
    // finding the catch-all parses the Content-Type anew on every request.
    for (const type of ['application/json', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data']) child.addContentTypeParser(type, passThrough)
    // Whether the middleware could run for a path of ours. A route with a schema always gets the
    // hook: its validation may answer before the handler could apply a rewrite's headers.
    const hooked = (url: string, schema: FastifySchema | null): boolean => {
      if (middleware === null || routerActive) return false
      if (schema !== null) return true
      const full = basePath + url
      // Under a prefix, Fastify serves `/` as both `/prefix` and `/prefix/`.
      const served = url === '/' && basePath !== '' ? [basePath, full] : [full]
      return served.some(path => middleware.matcher.mayMatchRoute(routeShape(path, !slashVariants)))
    }
    const depth = child.prefix.split('/').filter(Boolean).length
    // `dev`: a file that failed to load answers 500 with its error until it is fixed.
    // Behind the same canonical gate and middleware as the file would be: the error text (a code
    // frame of the source) is not for requests the middleware would refuse.
    for (const { entry, failure } of app.failures) {
      const text = loadError([failure]).message
      const spells = buildRouteSpelling(basePath, entry.segments)
      const failedFile: RouteHandlerMethod = function failedFile (request, reply) {
        const c = answerNonCanonical(request, reply, canonicalOf(request.raw, slash), false)
        if (c === null) return reply
        if (!spells(c.path)) return reply.callNotFound()
        return reply.code(500).type('text/plain; charset=utf-8').send(text)
      }
      for (const url of toFastifyPaths(entry.segments)) {
        child.route({ method: methods, url, exposeHeadRoute: false, handler: failedFile, ...(routeFileHook !== null ? { onRequest: routeFileHook } : {}) })
      }
    }
    // A cached route's key is its path under this registration's prefix; from a build, under the
    // build's id too: a shared store then never serves one deployment's responses to another
    // (a newer build's start would otherwise keep the entries the old one regenerated since).
    const routeKeyPrefix = app.build === null ? child.prefix : `build:${app.build.id}:${child.prefix}`
    if (cache !== null && app.build !== null && app.build.prerendered !== null) {
      const { seedCache } = await import('./cache/prerendered.js')
      await seedCache(cache, app.build.prerendered, routeKeyPrefix, fastify.log)
    }
    // A route of ours that another route of the app already serves is named by its file(s).
    const addRoute = (route: RouteOptions, whose: string): void => {
      try {
        child.route(route)
      } catch (err) {
        if ((err as { code?: string }).code !== 'FST_ERR_DUPLICATED_ROUTE') throw err
        throw new FST_ERR_NEXT_ROUTE_CONFLICT(`${whose} ${child.prefix}${route.url}, which another route of the Fastify app already serves (${(err as Error).message}). Give one of them another path or prefix.`)
      }
    }
    // Route paths whose `/x/` twin is registered after the loop (lib/slash-twins.ts).
    const twinFiles = new Map<string, RouteEntry>()
    for (const { entry, methods: { handlers }, config: segmentConfig, schema, pagesApi } of app.routes) {
      const cached = pagesApi === undefined ? await cacheRoute(entry, handlers, segmentConfig, routeKeyPrefix) : null
      const handlerSettings = {
        file: entry.file,
        table: buildMethodTable(handlers, extraMethods),
        readParams: buildParamReader(entry.segments, depth),
        spells: buildRouteSpelling(basePath, entry.segments),
        scope,
        request: segmentConfig.dynamic === 'force-static' ? strippedSettings : segmentConfig.runtime === 'edge' ? edgeSettings : requestSettings,
        shared,
        cached,
        pattern: entry.pattern,
        edge: segmentConfig.runtime === 'edge'
      }
      // A pages/api route (Node runtime) has its own request path (lib/pages-api/handler.ts) behind
      // the same canonical gate; an edge one is a route file with one function for every method.
      const build = pagesApi === undefined
        ? (rewriteHeaders: HookPlacement | null) => buildRouteHandler({ ...handlerSettings, rewriteHeaders })
        : (rewriteHeaders: HookPlacement | null) => buildPagesApiHandler({ ...handlerSettings, ...pagesApi, rewriteHeaders, resolveTimeout: options.apiResolveTimeout })
      const withHook = build(null)
      ourHandlers.add(withHook)
      // Without the hook (and with middleware), the handler applies a rewrite's headers itself.
      const withoutHook = middleware === null || routerActive ? withHook : build(placement)
      // Next's sizeLimit, not Fastify's bodyLimit, bounds an API route's body (its parser answers
      // Next's 413); with bodyParser: false there is no limit, as in Next. A middleware reading the
      // body, and an external rewrite, keep the app's bodyLimit (outerBodyLimit in lib/body.ts).
      const limits = pagesApi === undefined ? {} : { bodyLimit: Number.MAX_SAFE_INTEGER }
      const config = { nextRoute: entry.pattern, nextFile: entry.file, ...(pagesApi === undefined ? {} : { nextOuterBodyLimit: fastify.initialConfig.bodyLimit ?? 1024 * 1024 }) }
      // With a schema, methods with a body get the body schema (read before validation); the
      // others are validated without it.
      const variants: Array<Omit<RouteOptions, 'url' | 'handler'>> = schema === null
        ? [{ method: methods }]
        : [
            { method: methods.filter(m => !BODY_METHODS.includes(m)) as HTTPMethods[], schema: withoutBody(schema) },
            { method: BODY_METHODS as HTTPMethods[], schema, ...(schema.body !== undefined ? { preValidation: parseBodyForValidation } : {}) }
          ]
      // The methods the file answers (its exports, Next's automatic HEAD and OPTIONS; any method for
      // a pages/api handler) are its routes as the routes table and @fastify/swagger show them. The
      // others (Next's 405 for a method not exported, 400 for one it does not know) and the `/x/`
      // twins exist for the answers they give and are hidden from swagger (`schema.hide`).
      const answers = answeredMethods(handlers, pagesApi !== undefined)
      const register = (url: string, twin: boolean): void => {
        const hook = hooked(url, schema)
        for (const variant of variants) {
          for (const shown of [true, false]) {
            const method = (variant.method as HTTPMethods[]).filter(m => (!twin && answers.has(m)) === shown)
            if (method.length === 0) continue
            const hidden = shown ? {} : { schema: { ...(variant.schema as object | undefined), hide: true } as FastifySchema }
            // HEAD is ours (Next's automatic HEAD), so Fastify must not add its own.
            addRoute({ ...variant, ...hidden, method, ...limits, url, config, exposeHeadRoute: false, handler: hook ? withHook : withoutHook, ...(hook && routeFileHook !== null ? { onRequest: routeFileHook } : {}) }, `'${entry.relativeFile}' serves ${method.join(', ')}`)
          }
        }
      }
      // Where `/x/` only ever gets Next's 308 (no schema validated first, no pages/api handler),
      // siblings share one twin route (lib/slash-twins.ts).
      const shareTwin = shareTwins && schema === null && pagesApi === undefined
      for (const url of toFastifyPaths(entry.segments)) {
        register(url, false)
        // `/x/` is routed too, so that Next's 308 to `/x` is answered here.
        if (!slashVariants || url === '/' || url.endsWith('*')) continue
        if (shareTwin) {
          twinFiles.set(url, entry)
          continue
        }
        register(url + '/', true)
      }
    }
    for (const twin of planSlashTwins([...twinFiles.keys()], maxParamLength)) {
      const hook = twin.routes.some(url => hooked(url + '/', null))
      const handler = buildSlashTwinHandler(slash, hook || middleware === null || routerActive ? null : placement)
      ourHandlers.add(handler)
      const entries = twin.routes.map(url => twinFiles.get(url) as RouteEntry)
      // A twin shared by several files names the first (nextFile also marks the route as ours).
      const config = { nextRoute: entries[0].pattern, nextFile: entries[0].file }
      const files = entries.map(e => `'${e.relativeFile}'`).join(', ')
      addRoute({ method: methods, url: twin.url, config, schema: { hide: true } as FastifySchema, exposeHeadRoute: false, handler, ...(hook && routeFileHook !== null ? { onRequest: routeFileHook } : {}) }, `${files} serve${entries.length === 1 ? 's' : ''}`)
    }
    if (publicFiles !== null) await registerPublicFiles(child, publicFiles, hooked, routeFileHook, basePath, slash)
  }, { prefix: ownPrefix })

  if (middleware !== null && options.middlewareScope === 'all' && !routerActive) {
    const contextHook = buildMiddlewareHook(middleware, false)
    // A middleware that read the body left a copy for the app's own body parsers (route files
    // read that copy themselves). This plugin's own function, so only it is withdrawn below.
    const replay = replayBufferedBody.bind(fastify)
    fastify.addHook('onRequest', contextHook)
    fastify.addHook('preParsing', replay)
    // Runs after addHook has passed both on to the route files' context, before routes are built.
    fastify.after(() => {
      const files = routeFilesContext as FastifyInstance
      if (!withdrawInheritedHook(files, 'onRequest', contextHook)) {
        placement.routeLevel = false
        fastify.log.warn('fastify-next-routes: could not keep the middleware hook off route files it cannot match; they will all run it')
      }
      withdrawInheritedHook(files, 'preParsing', replay)
    })
  }
  fastify.log.info(startupSummary(app, options.dir, basePath, store), 'fastify-next-routes ready')
}

// One line that says what was loaded, as `next start` prints its build summary.
function startupSummary (app: LoadedApp, dir: string, basePath: string, store: CacheStore | null): Record<string, unknown> {
  const metadata = app.routes.filter(r => r.entry.metadata !== undefined).length
  return {
    routeFiles: app.routes.length - metadata,
    metadataRoutes: metadata,
    middleware: app.middleware === undefined ? null : { file: app.middleware.file, matcher: app.middleware.matcher ?? 'every path' },
    basePath: basePath === '' ? null : basePath,
    cache: store === null ? null : store.constructor.name,
    envFiles: app.envFiles,
    nextConfig: nextConfigSummary(app.nextConfig, dir)
  }
}

// Which next.config applies and what of it: the keys that change routing, with rule counts.
function nextConfigSummary (config: NextConfigSettings, dir: string): Record<string, unknown> | null {
  if (config.file === '') return null
  const { beforeFiles, afterFiles, fallback } = config.rewrites
  return {
    file: isAbsolute(config.file) ? appPath(dir, config.file) : config.file,
    basePath: config.basePath === '' ? null : config.basePath,
    trailingSlash: config.trailingSlash,
    redirects: config.redirects.length,
    rewrites: beforeFiles.length + afterFiles.length + fallback.length,
    headers: config.headers.length,
    env: Object.keys(config.env),
    ignored: config.ignored
  }
}

// Each public/ file as a GET/HEAD route served by @fastify/static (imported only for apps with a
// public/ folder). Like a route file it answers only its canonical spelling.
async function registerPublicFiles (child: FastifyInstance, found: NonNullable<ReturnType<typeof listPublicFiles>>, hooked: (url: string, schema: null) => boolean, routeFileHook: onRequestHookHandler | null, basePath: string, slash: SlashPolicy): Promise<void> {
  const fastifyStatic = (await import('@fastify/static')).default
  const { mime, isUtf8MimeType } = (await import('@fastify/send')).default as unknown as { mime: { getType: (p: string) => string | null, default_type: string }, isUtf8MimeType: (t: string) => boolean }
  // Next's `send` spells the charset in capitals (recorded: text/plain; charset=UTF-8).
  const setHeaders = (res: { setHeader: (n: string, v: string) => void }, path: string): void => {
    const type = mime.getType(path) ?? mime.default_type
    res.setHeader('content-type', isUtf8MimeType(type) ? `${type}; charset=UTF-8` : type)
  }
  await child.register(fastifyStatic, { root: found.root, serve: false, cacheControl: true, maxAge: 0, etag: true, lastModified: true, acceptRanges: true, dotfiles: 'allow', contentType: false, setHeaders })
  for (const f of found.files) {
    const path = basePath + f.url
    const hook = hooked(f.route, null) && routeFileHook !== null
    child.route({
      method: ['GET', 'HEAD'],
      url: f.route,
      exposeHeadRoute: false,
      config: { nextRoute: f.url, nextFile: 'public/' + f.file },
      ...(hook ? { onRequest: routeFileHook as onRequestHookHandler } : {}),
      handler (request, reply) {
        const c = answerNonCanonical(request, reply, canonicalOf(request.raw, slash), false)
        if (c === null) return reply
        if (c.path !== path) return reply.callNotFound()
        return reply.sendFile(f.file)
      }
    })
  }
}

export const plugin = fp(fastifyNextRoutes, { fastify: '5.x', name: 'fastify-next-routes' })
export { fastifyNextRoutes }

