// One per plugin instance: the store, freshness of entries (age and tag revalidations), one
// generation at a time per key, and the store's failures turned into "serve without the cache"
// with a log line at most once per interval.
import type { FastifyBaseLogger } from 'fastify'
import { EXPIRE } from './policy.js'
import type { CacheEntry, CacheStore, TagTimes } from './store.js'

export type Freshness = 'fresh' | 'stale' | 'expired'

export interface Lookup {
  readonly entry: CacheEntry
  readonly freshness: Freshness
}

/** What a store failure reads as: serve without the cache. */
export const STORE_DOWN = Symbol('store down')

export class ResponseCache {
  readonly #inflight = new Map<string, Promise<unknown>>()
  /** the store's synchronous reads, when it has them (decided once: the memory store does) */
  readonly #sync: { get (key: string): CacheEntry | undefined, tagTimes (tags: readonly string[]): TagTimes } | null
  #lastErrorLog = 0
  #failing = false

  constructor (
    readonly store: CacheStore,
    readonly log: FastifyBaseLogger,
    /** ms between two log lines about a failing store */
    readonly errorLogInterval: number
  ) {
    const s = store as { onError?: (err: Error) => void }
    if ('onError' in store) s.onError = (err) => this.failed(err, 'connection')
    this.#sync = store.getSync !== undefined && store.tagTimesSync !== undefined
      ? { get: store.getSync.bind(store), tagTimes: store.tagTimesSync.bind(store) }
      : null
  }

  /** A store call failed: log it (not more than once per interval); callers go on without the cache. */
  failed (err: unknown, what: string): void {
    this.#failing = true
    const now = Date.now()
    if (now - this.#lastErrorLog < this.errorLogInterval) return
    this.#lastErrorLog = now
    this.log.error({ err }, `fastify-next-routes: cache store ${what} failed; serving without the cache until it answers again`)
  }

  #ok (): void {
    if (!this.#failing) return
    this.#failing = false
    this.#lastErrorLog = 0
    this.log.info('fastify-next-routes: cache store answers again; caching resumed')
  }

  /**
   * The fresh or stale entry under `key` when the store can tell synchronously (the memory store);
   * undefined otherwise (absent, expired, or a store that needs a round trip): then use lookup().
   */
  lookupSync (key: string, now = Date.now()): Lookup | undefined {
    if (this.#sync === null) return undefined
    const entry = this.#sync.get(key)
    if (entry === undefined) return undefined
    const times = this.#sync.tagTimes(entry.tags)
    const state = freshness(entry, times.stale, times.expired, now)
    return state === 'expired' ? undefined : { entry, freshness: state }
  }

  /** The entry under `key` and how fresh it is; null when absent; STORE_DOWN when the store failed. */
  async lookup (key: string, now = Date.now()): Promise<Lookup | null | typeof STORE_DOWN> {
    try {
      const entry = await this.store.get(key)
      if (entry === undefined) {
        this.#ok()
        return null
      }
      const times = await this.store.tagTimes(entry.tags)
      this.#ok()
      return { entry, freshness: freshness(entry, times.stale, times.expired, now) }
    } catch (err) {
      this.failed(err, 'read')
      return STORE_DOWN
    }
  }

  async write (key: string, entry: CacheEntry): Promise<boolean> {
    try {
      await this.store.set(key, entry)
      this.#ok()
      return true
    } catch (err) {
      this.failed(err, 'write')
      return false
    }
  }

  /** revalidateTag/revalidatePath: stale marks serve once more while regenerating; expired do not. */
  async revalidateTags (tags: readonly string[], expired: boolean): Promise<void> {
    try {
      await this.store.revalidateTags(tags, expired, Date.now())
      this.#ok()
    } catch (err) {
      this.failed(err, 'revalidate')
    }
  }

  /** Whether this instance may regenerate `key` now (a shared store lets one instance at a time). */
  async mayRegenerate (key: string, ttlMs: number): Promise<boolean> {
    if (this.store.lock === undefined) return true
    try {
      return await this.store.lock(key, ttlMs)
    } catch (err) {
      this.failed(err, 'lock')
      return false
    }
  }

  /** Run `fn` once per key at a time: concurrent callers share the first one's promise. */
  once<T> (key: string, fn: () => Promise<T>): Promise<T> {
    const running = this.#inflight.get(key) as Promise<T> | undefined
    if (running !== undefined) return running
    const p = fn().finally(() => this.#inflight.delete(key))
    this.#inflight.set(key, p)
    return p
  }

  /** true while a generation of `key` runs here */
  busy (key: string): boolean {
    return this.#inflight.has(key)
  }
}

export function freshness (entry: CacheEntry, staleAt: number, expiredAt: number, now: number): Freshness {
  if (expiredAt >= entry.storedAt || now - entry.storedAt > EXPIRE * 1000) return 'expired'
  if (staleAt >= entry.storedAt) return 'stale'
  if (entry.revalidate !== false && now - entry.storedAt >= entry.revalidate * 1000) return 'stale'
  return 'fresh'
}
