// The build's prerender step: every cached route's GET generated as a start would generate it
// (the same CachedRoute: listStaticParams, then prerender), into a store that keeps everything,
// written to the build folder for starts to seed their cache with (lib/cache/prerendered.ts), as
// `next build` prerenders for `next start`. A `dynamic = 'error'` route that reads request data
// fails the build here (FST_ERR_NEXT_PRERENDER), as it fails `next build`.
import { randomBytes } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { FastifyBaseLogger } from 'fastify'
import { cachedRouteFor } from '../cache/cached-route.js'
import { PRERENDERED, PRERENDERED_FORMAT, storedEntry, type Prerendered, type PrerenderedRoute, type PrerenderedSummary, type StoredEntry } from '../cache/prerendered.js'
import { ResponseCache } from '../cache/response-cache.js'
import type { CacheEntry, CacheStore, TagTimes } from '../cache/store.js'
import { TaskTracker } from '../context.js'
import { registerCache } from '../next/cache.js'
import type { LoadedApp } from '../plugin.js'
import { appPath } from '../app-path.js'

// How long the build waits for after() callbacks of the generations, as a start's close does.
const AFTER_TIMEOUT = 10_000

// Keeps every entry (no size bound: the build writes them all) and answers synchronously, as the
// memory store a start uses by default.
class BuildStore implements CacheStore {
  readonly entries = new Map<string, CacheEntry>()
  readonly #tags = new Map<string, TagTimes>()
  getSync (key: string): CacheEntry | undefined { return this.entries.get(key) }
  async get (key: string): Promise<CacheEntry | undefined> { return this.entries.get(key) }
  async set (key: string, entry: CacheEntry): Promise<void> { this.entries.set(key, entry) }
  tagTimesSync (tags: readonly string[]): TagTimes {
    const out = { stale: 0, expired: 0 }
    for (const tag of tags) {
      const t = this.#tags.get(tag)
      if (t === undefined) continue
      out.stale = Math.max(out.stale, t.stale)
      out.expired = Math.max(out.expired, t.expired)
    }
    return out
  }

  async tagTimes (tags: readonly string[]): Promise<TagTimes> { return this.tagTimesSync(tags) }
  async revalidateTags (tags: readonly string[], expired: boolean, now: number): Promise<void> {
    for (const tag of tags) this.#tags.set(tag, { stale: now, expired: expired ? now : (this.#tags.get(tag)?.expired ?? 0) })
  }
}

/** Generate the cached routes of a loaded (built) app; throws as a start with prerender 'startup' would. */
export async function prerenderApp (dir: string, app: LoadedApp, log: FastifyBaseLogger): Promise<Prerendered> {
  const store = new BuildStore()
  const cache = new ResponseCache(store, log, 30_000)
  const tasks = new TaskTracker()
  // As a start: the modules' own wish for the request scope ('auto'), a draft-mode secret of its own.
  const shared = { tasks, previewModeId: randomBytes(16).toString('hex'), cache, onRequestError: app.onRequestError }
  const unregister = registerCache(cache)
  const routes: Record<string, PrerenderedRoute> = {}
  try {
    for (const { entry, methods, config, pagesApi } of app.routes) {
      if (pagesApi !== undefined) continue
      const cached = cachedRouteFor({ pattern: entry.pattern, file: entry.file, segments: entry.segments, handlers: methods.handlers, config }, { keyPrefix: '', shared, cache, scope: app.scopeWanted })
      if (cached === null) continue
      const targets = await cached.listStaticParams()
      const paths = await cached.prerender(targets, log)
      routes[entry.pattern] = {
        file: appPath(dir, entry.file),
        staticPaths: cached.staticPaths === null ? null : [...cached.staticPaths],
        dynamic: cached.dynamicReason,
        paths
      }
    }
  } finally {
    await tasks.drain(AFTER_TIMEOUT)
    unregister()
  }
  // A route's entries written before one of its paths turned it dynamic are not kept; values of
  // unstable_cache (keys not starting with '/') are.
  const kept = new Set(Object.values(routes).flatMap(r => r.paths))
  const entries: Record<string, StoredEntry> = {}
  for (const [key, entry] of store.entries) if (kept.has(key) || !key.startsWith('/')) entries[key] = storedEntry(entry)
  return { format: PRERENDERED_FORMAT, routes, entries }
}

export function writePrerendered (out: string, prerendered: Prerendered): PrerenderedSummary {
  writeFileSync(join(out, PRERENDERED), JSON.stringify(prerendered) + '\n')
  return { file: PRERENDERED, routes: Object.keys(prerendered.routes).length, entries: Object.keys(prerendered.entries).length }
}
