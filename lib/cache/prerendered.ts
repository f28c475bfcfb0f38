// The cache entries a build generated (`fastify-next-routes build`, lib/build/prerender.ts), as
// `next build` writes its prerendered responses for `next start`: the file's format, reading it at
// startup, and seeding the route cache with it before the first request. Imported at startup from
// a build, so it imports nothing heavy.
import { isUtf8 } from 'node:buffer'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { FastifyBaseLogger } from 'fastify'
import { FST_ERR_NEXT_BUILD_STALE } from '../errors.js'
import type { ResponseCache } from './response-cache.js'
import type { CacheEntry } from './store.js'

export const PRERENDERED = 'prerendered.json'
/** The format of that file this version writes and reads. */
export const PRERENDERED_FORMAT = 1

/** What the build found for one cached route (keyed by its pattern). */
export interface PrerenderedRoute {
  /** the route file, relative to the app folder */
  readonly file: string
  /** the app paths generateStaticParams listed (null without it, or for a route without params) */
  readonly staticPaths: string[] | null
  /** why generating it turned it dynamic (it read request data, or answered a 500), else null */
  readonly dynamic: string | null
  /** the app paths stored for it (keys of `entries`) */
  readonly paths: string[]
}

export interface StoredEntry {
  readonly status: number
  readonly headers: Array<[string, string]>
  readonly tags: string[]
  readonly revalidate: number | false
  /** when the build generated it, in ms since the epoch: revalidate counts from there */
  readonly storedAt: number
  /** the body: as text when it is UTF-8 (readable in the file), else base64 */
  readonly encoding: 'utf8' | 'base64'
  readonly body: string
}

export interface Prerendered {
  readonly format: typeof PRERENDERED_FORMAT
  /** route pattern (`/blog/[slug]`) → what the build found */
  readonly routes: Record<string, PrerenderedRoute>
  /**
   * cache key → entry. A route's key is its app path (`/blog/a`), without the plugin's prefix: the
   * prefix is chosen at registration, so it is added when seeding. unstable_cache values
   * (`data:…`) generated on the way are kept too, as Next keeps its build's data cache.
   */
  readonly entries: Record<string, StoredEntry>
}

/** What manifest.json says of them. */
export interface PrerenderedSummary {
  readonly file: string
  readonly routes: number
  readonly entries: number
}

export function storedEntry (entry: CacheEntry): StoredEntry {
  const text = isUtf8(entry.body)
  return {
    status: entry.status,
    headers: entry.headers,
    tags: entry.tags,
    revalidate: entry.revalidate,
    storedAt: entry.storedAt,
    encoding: text ? 'utf8' : 'base64',
    body: entry.body.toString(text ? 'utf8' : 'base64')
  }
}

export function cacheEntry (stored: StoredEntry): CacheEntry {
  return {
    status: stored.status,
    headers: stored.headers,
    tags: stored.tags,
    revalidate: stored.revalidate,
    storedAt: stored.storedAt,
    body: Buffer.from(stored.body, stored.encoding)
  }
}

export function readPrerendered (buildDir: string, summary: PrerenderedSummary): Prerendered {
  let data: Prerendered
  try {
    data = JSON.parse(readFileSync(join(buildDir, summary.file), 'utf8')) as Prerendered
  } catch (err) {
    throw new FST_ERR_NEXT_BUILD_STALE(buildDir, `its ${summary.file} cannot be read (${(err as Error).message}); build again`)
  }
  const isRecord = (value: unknown): boolean => typeof value === 'object' && value !== null && !Array.isArray(value)
  if (!isRecord(data)) throw new FST_ERR_NEXT_BUILD_STALE(buildDir, `its ${summary.file} is not the build's (not an object); build again`)
  if (data.format !== PRERENDERED_FORMAT) throw new FST_ERR_NEXT_BUILD_STALE(buildDir, `its ${summary.file} has format ${String(data.format)}, this version reads ${PRERENDERED_FORMAT}`)
  // Not the file this build wrote (cut short, or another build's): what manifest.json counted.
  if (!isRecord(data.routes) || !isRecord(data.entries) ||
    Object.keys(data.routes).length !== summary.routes || Object.keys(data.entries).length !== summary.entries) {
    throw new FST_ERR_NEXT_BUILD_STALE(buildDir, `its ${summary.file} is not the one the build wrote (manifest.json counts ${summary.routes} route(s) and ${summary.entries} entries); build again`)
  }
  return data
}

/**
 * Write the build's entries into the cache under this registration's prefix. An entry is written
 * only where the store has none for its key or an older one, so an instance starting from the same
 * build does not replace what another one regenerated since (a shared store). Resolves with how
 * many were written.
 */
export async function seedCache (cache: ResponseCache, prerendered: Prerendered, keyPrefix: string, log: FastifyBaseLogger): Promise<number> {
  let written = 0
  await Promise.all(Object.entries(prerendered.entries).map(async ([key, stored]) => {
    // Route entries are keyed by app path; unstable_cache values (`data:…`) carry no prefix.
    const full = key.startsWith('/') ? keyPrefix + key : key
    let found: CacheEntry | undefined
    try {
      found = await cache.store.get(full)
    } catch (err) {
      // A store that is down now gets nothing: requests regenerate, as for any miss.
      cache.failed(err, 'read')
      return
    }
    if (found !== undefined && found.storedAt >= stored.storedAt) return
    if (await cache.write(full, cacheEntry(stored))) written++
  }))
  log.debug({ written, entries: Object.keys(prerendered.entries).length }, 'fastify-next-routes: cache seeded from the build')
  return written
}
