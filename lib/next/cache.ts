// next/cache: unstable_cache, revalidatePath and revalidateTag on the plugin's response cache (so
// a Redis store shares them between instances). Inside a request they use that request's plugin
// instance; outside one (module scope, a timer), every live instance.
import { createHash } from 'node:crypto'
import { requestScope, type RequestStore } from '../context.js'
import { revalidatePathTag } from '../cache/policy.js'
import { ResponseCache, STORE_DOWN } from '../cache/response-cache.js'
import { MemoryStore, type CacheEntry } from '../cache/store.js'

const kLive = Symbol.for('fastify-next-routes.caches')
type Globals = typeof globalThis & { [kLive]?: Set<ResponseCache> }
const live: Set<ResponseCache> = ((globalThis as Globals)[kLive] ??= new Set())

/** The plugin registers its cache here for next/cache calls made outside a request. */
export function registerCache (cache: ResponseCache): () => void {
  live.add(cache)
  return () => live.delete(cache)
}

const silent = { error () {}, warn () {}, info () {}, debug () {}, trace () {}, fatal () {}, child () { return silent }, level: 'silent' }
let processCache: ResponseCache | null = null

function cacheFor (store: RequestStore | undefined): ResponseCache {
  if (store?.cache != null) return store.cache
  const first = live.values().next()
  if (first.done !== true) return first.value
  // No plugin instance with caching: unstable_cache still works, in this process's memory.
  return (processCache ??= new ResponseCache(new MemoryStore(), silent as never, 30_000))
}

function invalidate (tags: string[], expired: boolean): void {
  const store = requestScope.getStore()
  if (store?.cache != null) {
    // Awaited before the response goes out (lib/handler.ts), as Next does.
    (store.pending ??= []).push(store.cache.revalidateTags(tags, expired))
    return
  }
  for (const cache of live) void cache.revalidateTags(tags, expired)
  if (processCache !== null) void processCache.revalidateTags(tags, expired)
}

/**
 * revalidateTag(tag, profile): with a profile ('max', or { expire } > 0) entries with the tag are
 * served once more as STALE while they regenerate; with { expire: 0 } or no profile (the form
 * deprecated in Next 16) they are regenerated before being served again.
 */
export function revalidateTag (tag: string, profile?: string | { expire?: number }): void {
  const expired = profile === undefined || (typeof profile === 'object' && profile.expire === 0)
  invalidate([tag], expired)
}

/** revalidatePath(path) regenerates that path's entries on next request; 'layout' covers everything below it. */
export function revalidatePath (path: string, type?: 'page' | 'layout'): void {
  invalidate([revalidatePathTag(path, type)], true)
}

export function updateTag (_tag: string): never {
  throw new Error('updateTag can only be called from within a Server Action. To invalidate cache tags in Route Handlers or other contexts, use revalidateTag instead.')
}

export function unstable_noStore (): void {}
export function unstable_expireTag (tag: string): void { revalidateTag(tag) }
export function unstable_expirePath (path: string): void { revalidatePath(path) }

/**
 * unstable_cache: the value of `fn` kept in the response cache under its source, `keyParts` and
 * arguments, JSON-serialised as in Next. Stale values (revalidate elapsed, or tag revalidated with a
 * profile) are returned once more while a fresh one is computed in the background.
 */
export function unstable_cache<Args extends unknown[], R> (
  fn: (...args: Args) => Promise<R>,
  keyParts: string[] = [],
  options: { tags?: string[], revalidate?: number | false } = {}
): (...args: Args) => Promise<R> {
  const tags = options.tags ?? []
  const revalidate = options.revalidate ?? false
  const base = fn.toString() + JSON.stringify(keyParts)
  return async (...args: Args): Promise<R> => {
    const store = requestScope.getStore()
    const cache = cacheFor(store)
    const key = 'data:' + createHash('sha256').update(base + JSON.stringify(args)).digest('base64url')
    const generation = store?.generation ?? null
    const entryTags = [...tags]
    if (generation !== null) {
      // The route entry depends on this data: its tags, and its revalidate at most this one's.
      for (const tag of tags) generation.tags.add(tag)
      if (revalidate !== false && (generation.revalidate === false || revalidate < generation.revalidate)) generation.revalidate = revalidate
    }
    const compute = async (): Promise<R> => {
      const storedAt = Date.now()
      const value = await fn(...args)
      const entry: CacheEntry = { status: 200, headers: [], body: Buffer.from(JSON.stringify(value) ?? 'null'), tags: entryTags, revalidate, storedAt }
      await cache.write(key, entry)
      // As in Next, the first caller gets the value itself; later ones its JSON copy.
      return value
    }
    const found = await cache.lookup(key)
    if (found === null || found === STORE_DOWN || found.freshness === 'expired') return await cache.once(key, compute)
    if (found.freshness === 'stale' && !cache.busy(key)) {
      cache.once(key, compute).catch((err: unknown) => store?.log.error({ err }, 'unstable_cache background refresh failed'))
    }
    return JSON.parse(found.entry.body.toString()) as R
  }
}
