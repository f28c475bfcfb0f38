// One cached route: its GET generated without a client request (as Next prerenders), stored,
// served as HIT/STALE/MISS with Next's headers, refreshed in the background when stale, and
// demoted to an ordinary dynamic route when generating it touched request data.
import { isUtf8 } from 'node:buffer'
import type { FastifyBaseLogger, FastifyReply, FastifyRequest } from 'fastify'
import { createGenerationStore, requestScope, scheduleAfter, type PluginShared } from '../context.js'
import { FST_ERR_NEXT_PRERENDER } from '../errors.js'
import type { ModuleMethods, RouteFunction } from '../methods.js'
import { outcomeOf, outcomeOfError, type Outcome } from '../outcome.js'
import { readWholeBody, sendStored, storableHeaders } from '../response.js'
import type { UrlSegment } from '../segments.js'
import type { SegmentConfig } from '../segment-config.js'
import { cacheControl, cachePolicy, implicitTags, type CachePolicy } from './policy.js'
import { STORE_DOWN, type Lookup, type ResponseCache } from './response-cache.js'
import { dynamicUsageMessage, staticRequest, type Generation } from './static-request.js'
import type { CacheEntry } from './store.js'

type Params = Record<string, string | string[]>

export type Generated =
  | { readonly entry: CacheEntry, readonly storable: boolean }
  /** the handler read request data: what it used (`request.headers`, `headers()`, …) */
  | { readonly dynamic: string }

export interface CachedRouteSettings {
  readonly policy: CachePolicy
  /** Next pattern, e.g. /cache/gsp/[id] */
  readonly pattern: string
  readonly file: string
  readonly segments: UrlSegment[]
  readonly GET: RouteFunction
  readonly generateStaticParams: (() => unknown) | undefined
  /** the plugin's URL prefix: part of the key, so two registrations sharing a store do not mix */
  readonly keyPrefix: string
  readonly shared: PluginShared
  readonly cache: ResponseCache
  /** run the handler in a request scope: some module uses next/headers & co. (as for the handler) */
  readonly scope: boolean
}

// A background regeneration holds a shared store's lock this long at most.
const LOCK_MS = 30_000

export class CachedRoute {
  /** why the route is no longer cached (it read request data, or failed, while generating); null while cached */
  dynamicReason: string | null = null
  /** app paths generateStaticParams listed (null without it) */
  staticPaths: Set<string> | null = null
  readonly #s: CachedRouteSettings
  /** the one path of a route without params, worked out once */
  readonly #staticPath: string | null

  constructor (settings: CachedRouteSettings) {
    this.#s = settings
    this.#staticPath = settings.segments.every(s => s.kind === 'static') ? pathFromParams(settings.segments, {}) : null
  }

  /** The app path of a request's params (the key): params re-encoded, so `%61` and `a` share one entry. */
  pathOf (params: Params | undefined): string | null {
    return this.#staticPath ?? pathFromParams(this.#s.segments, params ?? {})
  }

  /** Call generateStaticParams and check its answer; the paths it lists are generated at startup. */
  async listStaticParams (): Promise<Array<{ path: string, params: Params | undefined }>> {
    const { segments, pattern, file } = this.#s
    if (this.#staticPath !== null) return [{ path: this.#staticPath, params: undefined }]
    const gsp = this.#s.generateStaticParams
    if (gsp === undefined) return []
    let list: unknown
    try {
      list = await gsp()
    } catch (err) {
      const error = new FST_ERR_NEXT_PRERENDER(pattern, file, `generateStaticParams threw: ${(err as Error)?.message ?? String(err)}`)
      error.cause = err
      throw error
    }
    if (!Array.isArray(list)) throw new FST_ERR_NEXT_PRERENDER(pattern, file, 'generateStaticParams must return an array of params objects')
    const out: Array<{ path: string, params: Params }> = []
    for (const params of list as Params[]) {
      const path = pathFromParams(segments, params ?? {})
      if (path === null) {
        const name = segments.find(s => s.kind === 'dynamic' || s.kind === 'catchall')?.value
        throw new FST_ERR_NEXT_PRERENDER(pattern, file, `A required parameter (${name}) was not provided as a ${segments.some(s => s.kind === 'catchall') ? 'string or an array of strings' : 'string'} in generateStaticParams; got ${JSON.stringify(params)}`)
      }
      out.push({ path, params })
    }
    this.staticPaths = new Set(out.map(t => t.path))
    return out
  }

  /**
   * Generate the listed paths now (the default, as `next build` does): a 'error' route fails here.
   * Resolves with the paths it stored (none when the route turned dynamic).
   */
  async prerender (targets: Array<{ path: string, params: Params | undefined }>, log: FastifyBaseLogger): Promise<string[]> {
    const stored: string[] = []
    for (const target of targets) {
      const result = await this.#generate(target.path, target.params, log)
      if ('dynamic' in result) {
        if (this.#s.policy.mode === 'error') throw new FST_ERR_NEXT_PRERENDER(this.#s.pattern, this.#s.file, dynamicUsageMessage(this.#s.pattern, result.dynamic, 'error'))
        this.#demote(`it used \`${result.dynamic}\` while being generated`, log)
        return []
      }
      if (!result.storable) {
        // Next leaves a route whose prerender fails (a 500, a redirect) dynamic.
        if (target.params === undefined) {
          this.#demote(`it answered ${result.entry.status} while being generated`, log)
          return []
        }
        continue
      }
      if (await this.#s.cache.write(this.#s.keyPrefix + target.path, result.entry)) stored.push(target.path)
    }
    return stored
  }

  /**
   * What the build found for this route (lib/build/prerender.ts), instead of generating at startup
   * as `next start` takes it from `next build`: the paths generateStaticParams listed (a
   * dynamicParams=false route 404s the others) and whether generating it turned it dynamic.
   */
  adopt (built: { readonly staticPaths: readonly string[] | null, readonly dynamic: string | null }, log: FastifyBaseLogger): void {
    if (built.staticPaths !== null) this.staticPaths = new Set(built.staticPaths)
    if (built.dynamic !== null) this.#demote(`${built.dynamic} (at build)`, log)
  }

  /**
   * Answer a GET/HEAD from the cache; `dynamic` runs the handler as for an uncached route. A HIT
   * from a store that answers synchronously (memory) is sent without a promise.
   */
  serve (request: FastifyRequest, reply: FastifyReply, path: string, params: Params | undefined, dynamic: () => unknown): unknown {
    const { cache, policy, keyPrefix } = this.#s
    if (!policy.dynamicParams && this.staticPaths !== null && !this.staticPaths.has(path)) {
      return reply.code(404).send()
    }
    const key = keyPrefix + path
    const found = cache.lookupSync(key)
    if (found !== undefined) return this.#answer(reply, found, key, path, params, request.log)
    return this.#serveAsync(request, reply, key, path, params, dynamic)
  }

  // A fresh entry is a HIT; a stale one is served as STALE while it regenerates in the background.
  #answer (reply: FastifyReply, found: Lookup, key: string, path: string, params: Params | undefined, log: FastifyBaseLogger): FastifyReply {
    if (found.freshness === 'stale') this.#refresh(key, path, params, log)
    return send(reply, found.entry, found.freshness === 'fresh' ? 'HIT' : 'STALE')
  }

  async #serveAsync (request: FastifyRequest, reply: FastifyReply, key: string, path: string, params: Params | undefined, dynamic: () => unknown): Promise<unknown> {
    const { cache } = this.#s
    const found = await cache.lookup(key)
    if (found !== null && found !== STORE_DOWN && found.freshness !== 'expired') return this.#answer(reply, found, key, path, params, request.log)
    const write = found !== STORE_DOWN
    // Shares a generation already running for this key (a miss's, or a background refresh's).
    let result = await cache.once<Generated | null>(key, async () => await this.#generateAndStore(key, path, params, request.log, write))
    // A background refresh that another instance holds the lock for: generate here, as a miss must.
    if (result === null) result = await this.#generateAndStore(key, path, params, request.log, write)
    if ('dynamic' in result) return this.dynamicReason !== null ? dynamic() : reply.code(500).send()
    return send(reply, result.entry, result.storable ? 'MISS' : null)
  }

  #refresh (key: string, path: string, params: Params | undefined, log: FastifyBaseLogger): void {
    const { cache } = this.#s
    if (cache.busy(key)) return
    cache.once(key, async () => {
      if (!(await cache.mayRegenerate(key, LOCK_MS))) return null
      return await this.#generateAndStore(key, path, params, log, true)
    }).catch((err: unknown) => log.error({ err, file: this.#s.file }, 'background regeneration failed'))
  }

  async #generateAndStore (key: string, path: string, params: Params | undefined, log: FastifyBaseLogger, write: boolean): Promise<Generated> {
    const result = await this.#generate(path, params, log)
    if ('dynamic' in result) {
      if (this.#s.policy.mode === 'error') log.error({ file: this.#s.file }, dynamicUsageMessage(this.#s.pattern, result.dynamic, 'error'))
      else this.#demote(`it used \`${result.dynamic}\` while being generated`, log)
      return result
    }
    if (!result.storable) {
      log.warn({ file: this.#s.file, status: result.entry.status }, `fastify-next-routes: ${this.#s.pattern} generated status ${result.entry.status}; not cached (only 2xx and 404 are)`)
    } else if (write) {
      await this.#s.cache.write(key, result.entry)
    }
    return result
  }

  #demote (reason: string, log: FastifyBaseLogger): void {
    if (this.dynamicReason !== null) return
    this.dynamicReason = reason
    log.info({ file: this.#s.file }, `fastify-next-routes: ${this.#s.pattern} is dynamic (not cached): ${reason}`)
  }

  // Run the GET handler as Next prerenders it: a stripped request, request data tracked.
  async #generate (path: string, params: Params | undefined, log: FastifyBaseLogger): Promise<Generated> {
    const { policy, pattern, file, shared } = this.#s
    const storedAt = Date.now()
    const generation: Generation = {
      mode: policy.mode,
      route: pattern,
      used: null,
      tags: new Set(implicitTags(path, pattern)),
      revalidate: policy.revalidate
    }
    const req = staticRequest(path, generation)
    const store = createGenerationStore(req, generation, file, shared, log)
    // What outcome.ts reads of a Fastify request, for a generation that has none.
    const stand = { log, raw: { method: 'GET', url: path }, headers: {} } as unknown as FastifyRequest
    const ctx = { params: params === undefined ? undefined : Promise.resolve(params) }
    let outcome: Outcome
    try {
      // Without the scope no module can read the store, and entering one would switch on Node's
      // async hooks for the rest of the process (Node 20/22), a cost every request then pays.
      outcome = outcomeOf(await (this.#s.scope ? requestScope.run(store, this.#s.GET, req, ctx) : this.#s.GET(req, ctx)), stand, file, store)
    } catch (err) {
      outcome = generation.used !== null ? { response: new Response(null, { status: 500 }), setCookies: null } : outcomeOfError(err, stand, file, store)
      if (outcome.error !== undefined) log.error({ err, file, generating: path }, 'route handler threw')
    }
    if (store.pending !== null) await Promise.all(store.pending)
    scheduleAfter(store)
    // A handler that caught the tracking error still read request data.
    if (generation.used !== null) return { dynamic: generation.used }
    const res = outcome.response
    let body: Buffer
    try {
      body = await readWholeBody(res)
    } catch (err) {
      log.error({ err, file }, 'route handler response body failed while generating a cached entry')
      return { entry: { status: 500, headers: [], body: Buffer.alloc(0), tags: [], revalidate: 0, storedAt }, storable: false }
    }
    const status = res.status
    const entry: CacheEntry = { status, headers: storableHeaders(res), body, tags: [...generation.tags], revalidate: generation.revalidate, storedAt }
    return { entry, storable: (status >= 200 && status < 300) || status === 404 }
  }
}

/** The cached route of a route file, or null when Next would not prerender it (lib/cache/policy.ts). */
export function cachedRouteFor (
  route: { readonly pattern: string, readonly file: string, readonly segments: UrlSegment[], readonly handlers: ModuleMethods['handlers'], readonly config: SegmentConfig },
  context: Pick<CachedRouteSettings, 'keyPrefix' | 'shared' | 'cache' | 'scope'>
): CachedRoute | null {
  const policy = cachePolicy(route.config, route.handlers)
  // cachePolicy is null without a GET; the second test is for the type checker.
  if (policy === null || route.handlers.GET === undefined) return null
  return new CachedRoute({
    policy,
    pattern: route.pattern,
    file: route.file,
    segments: route.segments,
    GET: route.handlers.GET,
    generateStaticParams: route.config.generateStaticParams,
    ...context
  })
}

type CacheState = 'HIT' | 'STALE' | 'MISS'

// What sending an entry needs beyond the entry, worked out on its first send and kept while the
// entry lives (memory-store entries are sent many times).
interface Prepared {
  /** the body as a string, when it is UTF-8 */
  readonly text: string | null
  readonly extra: Readonly<Record<CacheState, ReadonlyArray<[string, string]>>>
}
const prepared = new WeakMap<CacheEntry, Prepared>()

function prepare (entry: CacheEntry): Prepared {
  // A Cache-Control the handler set is kept (spec 95).
  const own = entry.headers.some(([name]) => name === 'cache-control')
  const base: Array<[string, string]> = own ? [] : [['cache-control', cacheControl(entry.revalidate)]]
  const extra = (state: CacheState): ReadonlyArray<[string, string]> => [...base, ['x-nextjs-cache', state]]
  return {
    text: isUtf8(entry.body) ? entry.body.toString('utf8') : null,
    extra: { HIT: extra('HIT'), STALE: extra('STALE'), MISS: extra('MISS') }
  }
}

function send (reply: FastifyReply, entry: CacheEntry, state: CacheState | null): FastifyReply {
  let p = prepared.get(entry)
  if (p === undefined) {
    p = prepare(entry)
    prepared.set(entry, p)
  }
  sendStored(reply, entry.status, entry.headers, entry.body, p.text, state === null ? [] : p.extra[state])
  return reply
}

/** `/users/[id]` + { id: 'a b' } -> `/users/a%20b`; null when a param is missing or not a string. */
export function pathFromParams (segments: UrlSegment[], params: Params): string | null {
  let out = ''
  for (const s of segments) {
    if (s.kind === 'static') {
      out += '/' + s.value
      continue
    }
    const value = params[s.value]
    if (s.kind === 'dynamic') {
      if (typeof value !== 'string') return null
      out += '/' + encodeURIComponent(value)
    } else if (value === undefined && s.kind === 'optional') {
      continue
    } else {
      const parts = typeof value === 'string' ? [value] : value
      if (!Array.isArray(parts) || !parts.every(p => typeof p === 'string') || (parts.length === 0 && s.kind === 'catchall')) return null
      for (const part of parts) out += '/' + encodeURIComponent(part)
    }
  }
  return out === '' ? '/' : out
}
