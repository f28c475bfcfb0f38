// Plugin options: types, defaults and validation with coded errors.
import { randomBytes } from 'node:crypto'
import { isAbsolute, resolve } from 'node:path'
import type { CacheStore } from './cache/store.js'
import { FST_ERR_NEXT_OPTIONS } from './errors.js'
import { DEFAULT_BUILD_DIR } from './build/manifest.js'

export interface FastifyNextRoutesOptions {
  /** folder that holds `app/` and/or `pages/` (or under `src/`); relative paths resolve from the working directory */
  dir: string
  /** URL prefix for every route, like Fastify's own register prefix (default: none) */
  prefix?: string
  /** host name in `request.url`; Next uses its own hostname, never the Host header (default: 'localhost') */
  hostname?: string
  /** build `request.url` from the Host header (via Fastify's request.host, which honours trustProxy) (default: false) */
  trustHostHeader?: boolean
  /** enter a per-request AsyncLocalStorage scope: 'auto' when a route imports next/headers, next/navigation, next/cache, after() or connection() (default: 'auto') */
  asyncContext?: boolean | 'auto'
  /** the secret draftMode() writes into its cookie (default: random per process, like a Next build) */
  previewModeId?: string
  /** how long app.close() waits for after() callbacks and middleware waitUntil() promises, in ms (default: 10000) */
  closeTimeout?: number
  /** which requests the middleware/proxy file sees: every request of the context ('all') or only route files' ('routes') (default: 'all') */
  middlewareScope?: 'all' | 'routes'
  /** timeout of a middleware external rewrite (proxy), in ms (default: 30000, as Next's proxyTimeout) */
  proxyTimeout?: number
  /** run the folder's proxy.ts / middleware.ts (default: true) */
  middleware?: boolean
  /** inside route files, `Response.json()` and `new Response(text)` return light Responses (default: true) */
  lightResponse?: boolean
  /** where cached GET responses and unstable_cache values live: memoryStore(), redisStore(), your own CacheStore, or false for no response cache (default: memoryStore(), 50 MB) */
  cache?: CacheStore | false
  /** when cached routes are generated: at startup, as `next build` does ('startup'), or on first request ('request') (default: 'startup') */
  prerender?: 'startup' | 'request'
  /** at most one log line per this many ms while the cache store fails (default: 30000) */
  cacheErrorLogInterval?: number
  /** load route files anew instead of from Node's module cache, for reloading (the `dev` command sets it) (default: false) */
  freshModules?: boolean
  /** load the folder's .env files as `next start`/`next dev` do, never overriding variables already set (default: false; the CLI sets it) */
  env?: boolean
  /** how long a pages/api handler that returned without answering (and without `externalResolver`) may take to answer before it is answered 500, in ms (default: 10000) */
  apiResolveTimeout?: number
  /** serve the route files that load and answer 500 with the load error for the others, instead of failing startup (the `dev` command sets it) (default: false) */
  skipFailedFiles?: boolean | ((error: Error) => void)
  /** the next.config to apply instead of the folder's next.config.{js,mjs,ts,cjs} file, or false to apply none (default: the file) */
  nextConfig?: Record<string, unknown> | false
  /** serve the build `fastify-next-routes build` wrote: its folder, or true for `<dir>/.fastify-next-routes`; it must exist and be up to date (default: none, route files are compiled at startup) */
  build?: string | boolean
  /** before the first request, call process.nextTick() 10,000 times, once per process, so that V8 optimizes it before traffic (docs/benchmarks.md) (default: true) */
  warmUp?: boolean
}

export interface ResolvedOptions {
  readonly dir: string
  readonly prefix: string
  readonly hostname: string
  readonly trustHostHeader: boolean
  readonly asyncContext: boolean | 'auto'
  readonly previewModeId: string
  readonly closeTimeout: number
  readonly middlewareScope: 'all' | 'routes'
  readonly proxyTimeout: number
  readonly middleware: boolean
  readonly lightResponse: boolean
  readonly cache: CacheStore | false | undefined
  readonly prerender: 'startup' | 'request'
  readonly cacheErrorLogInterval: number
  readonly freshModules: boolean
  readonly env: boolean
  /** a function is told the FST_ERR_NEXT_MODULE_LOAD that lists the files skipped */
  readonly skipFailedFiles: boolean | ((error: Error) => void)
  /** undefined: read the folder's file */
  readonly nextConfig: Record<string, unknown> | false | undefined
  readonly apiResolveTimeout: number
  /** the build folder to serve (absolute), or undefined to compile at startup */
  readonly build: string | undefined
  readonly warmUp: boolean
}

function fail (name: string, expected: string, value: unknown): never {
  throw new FST_ERR_NEXT_OPTIONS(`'${name}': expected ${expected}, got ${JSON.stringify(value) ?? typeof value}`)
}

export function resolveOptions (opts: Partial<FastifyNextRoutesOptions> | undefined): ResolvedOptions {
  const o = opts ?? {}
  if (typeof o.dir !== 'string' || o.dir === '') fail('dir', 'the path of the folder that holds app/', o.dir)
  if (o.prefix !== undefined && (typeof o.prefix !== 'string' || (o.prefix !== '' && !o.prefix.startsWith('/')))) fail('prefix', "a path starting with '/'", o.prefix)
  if (o.hostname !== undefined && (typeof o.hostname !== 'string' || o.hostname === '')) fail('hostname', 'a host name', o.hostname)
  if (o.trustHostHeader !== undefined && typeof o.trustHostHeader !== 'boolean') fail('trustHostHeader', 'a boolean', o.trustHostHeader)
  if (o.asyncContext !== undefined && typeof o.asyncContext !== 'boolean' && o.asyncContext !== 'auto') fail('asyncContext', "true, false or 'auto'", o.asyncContext)
  if (o.previewModeId !== undefined && (typeof o.previewModeId !== 'string' || o.previewModeId === '')) fail('previewModeId', 'a non-empty string', o.previewModeId)
  if (o.closeTimeout !== undefined && (typeof o.closeTimeout !== 'number' || !(o.closeTimeout >= 0))) fail('closeTimeout', 'a number of milliseconds', o.closeTimeout)
  if (o.middlewareScope !== undefined && o.middlewareScope !== 'all' && o.middlewareScope !== 'routes') fail('middlewareScope', "'all' or 'routes'", o.middlewareScope)
  if (o.proxyTimeout !== undefined && (typeof o.proxyTimeout !== 'number' || !(o.proxyTimeout > 0))) fail('proxyTimeout', 'a positive number of milliseconds', o.proxyTimeout)
  if (o.middleware !== undefined && typeof o.middleware !== 'boolean') fail('middleware', 'a boolean', o.middleware)
  if (o.lightResponse !== undefined && typeof o.lightResponse !== 'boolean') fail('lightResponse', 'a boolean', o.lightResponse)
  if (o.cache !== undefined && o.cache !== false && !isStore(o.cache)) fail('cache', 'memoryStore(), redisStore(), an object with get/set/tagTimes/revalidateTags, or false', o.cache)
  if (o.prerender !== undefined && o.prerender !== 'startup' && o.prerender !== 'request') fail('prerender', "'startup' or 'request'", o.prerender)
  if (o.freshModules !== undefined && typeof o.freshModules !== 'boolean') fail('freshModules', 'a boolean', o.freshModules)
  if (o.env !== undefined && typeof o.env !== 'boolean') fail('env', 'a boolean', o.env)
  if (o.warmUp !== undefined && typeof o.warmUp !== 'boolean') fail('warmUp', 'a boolean', o.warmUp)
  if (o.skipFailedFiles !== undefined && typeof o.skipFailedFiles !== 'boolean' && typeof o.skipFailedFiles !== 'function') fail('skipFailedFiles', 'a boolean or a function', o.skipFailedFiles)
  if (o.nextConfig !== undefined && o.nextConfig !== false && (typeof o.nextConfig !== 'object' || o.nextConfig === null || Array.isArray(o.nextConfig))) fail('nextConfig', 'a next.config object or false', o.nextConfig)
  if (o.apiResolveTimeout !== undefined && (typeof o.apiResolveTimeout !== 'number' || !(o.apiResolveTimeout > 0))) fail('apiResolveTimeout', 'a positive number of milliseconds', o.apiResolveTimeout)
  if (o.cacheErrorLogInterval !== undefined && (typeof o.cacheErrorLogInterval !== 'number' || !(o.cacheErrorLogInterval >= 0))) fail('cacheErrorLogInterval', 'a number of milliseconds', o.cacheErrorLogInterval)
  if (o.build !== undefined && typeof o.build !== 'boolean' && (typeof o.build !== 'string' || o.build === '')) fail('build', 'the path of a build folder, or true for <dir>/.fastify-next-routes', o.build)
  if (o.build !== undefined && o.build !== false && o.freshModules === true) fail('build', 'no build together with freshModules (a build is compiled once; `dev` compiles at every change)', o.build)
  const dir = isAbsolute(o.dir) ? o.dir : resolve(o.dir)
  return {
    dir,
    prefix: o.prefix === '/' ? '' : (o.prefix ?? '').replace(/\/+$/, ''),
    // Next normalises 127.x, [::1] and localhost to localhost (spec 3.58).
    hostname: o.hostname ?? 'localhost',
    trustHostHeader: o.trustHostHeader ?? false,
    asyncContext: o.asyncContext ?? 'auto',
    previewModeId: o.previewModeId ?? randomBytes(16).toString('hex'),
    closeTimeout: o.closeTimeout ?? 10_000,
    middlewareScope: o.middlewareScope ?? 'all',
    proxyTimeout: o.proxyTimeout ?? 30_000,
    middleware: o.middleware ?? true,
    lightResponse: o.lightResponse ?? true,
    cache: o.cache,
    prerender: o.prerender ?? 'startup',
    cacheErrorLogInterval: o.cacheErrorLogInterval ?? 30_000,
    freshModules: o.freshModules ?? false,
    env: o.env ?? false,
    skipFailedFiles: o.skipFailedFiles ?? false,
    nextConfig: o.nextConfig,
    apiResolveTimeout: o.apiResolveTimeout ?? 10_000,
    build: o.build === true ? resolve(dir, DEFAULT_BUILD_DIR) : typeof o.build === 'string' ? resolve(o.build) : undefined,
    warmUp: o.warmUp ?? true
  }
}

function isStore (value: unknown): value is CacheStore {
  const s = value as Partial<CacheStore> | null
  return typeof s === 'object' && s !== null && typeof s.get === 'function' && typeof s.set === 'function' &&
    typeof s.tagTimes === 'function' && typeof s.revalidateTags === 'function'
}
