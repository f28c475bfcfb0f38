// Where cached responses and unstable_cache values live: the store interface, the entry format
// shared by every store, and the default in-memory store (an LRU bounded in bytes, via lru-cache).
import { LRUCache } from 'lru-cache'
import { FST_ERR_NEXT_OPTIONS } from '../errors.js'

export interface CacheEntry {
  readonly status: number
  /** response headers as sent (lower-case names; Set-Cookie lines stay separate) */
  readonly headers: Array<[string, string]>
  readonly body: Buffer
  /** tags the entry depends on: implicit path tags plus unstable_cache tags used while generating */
  readonly tags: string[]
  /** seconds until stale; false: until revalidated on demand */
  readonly revalidate: number | false
  /** when it was generated, in ms since the epoch */
  readonly storedAt: number
}

/** The latest revalidateTag()/revalidatePath() times among some tags, in ms (0: never). */
export interface TagTimes {
  /** serve once more as STALE, regenerating in the background */
  stale: number
  /** do not serve; regenerate first */
  expired: number
}

/**
 * A cache store. Every method may reject (a network store that is down): the cache then serves
 * without it. Implement this to put entries anywhere else.
 */
export interface CacheStore {
  get (key: string): Promise<CacheEntry | undefined>
  set (key: string, entry: CacheEntry): Promise<void>
  tagTimes (tags: readonly string[]): Promise<TagTimes>
  /** mark tags revalidated at `now`: stale (served once more) or expired */
  revalidateTags (tags: readonly string[], expired: boolean, now: number): Promise<void>
  /** take the right to regenerate `key` for `ttlMs` (shared stores: one instance at a time) */
  lock? (key: string, ttlMs: number): Promise<boolean>
  /**
   * Optional synchronous reads, for stores that hold entries in this process: a cache HIT is then
   * answered without a promise (the memory store has them).
   */
  getSync? (key: string): CacheEntry | undefined
  tagTimesSync? (tags: readonly string[]): TagTimes
  /** resolves once the store can be used (fails startup when it never can, e.g. a missing driver) */
  ready? (): Promise<void>
  close? (): Promise<void>
}

/** Next's default `cacheMaxMemorySize`: 50 MB. */
export const DEFAULT_MAX_BYTES = 50 * 1024 * 1024

// Rough bytes of everything but the body: enough to bound many tiny entries too.
function entrySize (entry: CacheEntry): number {
  let size = entry.body.length + 64
  for (const [name, value] of entry.headers) size += name.length + value.length
  for (const tag of entry.tags) size += tag.length
  return size
}

export class MemoryStore implements CacheStore {
  readonly #entries: LRUCache<string, CacheEntry>
  readonly #tags = new Map<string, TagTimes>()

  constructor (options: { maxBytes?: number } = {}) {
    const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES
    if (typeof maxBytes !== 'number' || !(maxBytes > 0)) {
      throw new FST_ERR_NEXT_OPTIONS(`'cache': memoryStore({ maxBytes }) expects a positive number of bytes, got ${JSON.stringify(maxBytes)}`)
    }
    // An entry larger than the whole cache is not stored (lru-cache refuses it).
    this.#entries = new LRUCache({ maxSize: maxBytes, sizeCalculation: entrySize })
  }

  /** bytes held, by the store's own estimate */
  get size (): number {
    return this.#entries.calculatedSize
  }

  getSync (key: string): CacheEntry | undefined {
    return this.#entries.get(key)
  }

  async get (key: string): Promise<CacheEntry | undefined> {
    return this.getSync(key)
  }

  async set (key: string, entry: CacheEntry): Promise<void> {
    this.#entries.set(key, entry)
  }

  async tagTimes (tags: readonly string[]): Promise<TagTimes> {
    return this.tagTimesSync(tags)
  }

  tagTimesSync (tags: readonly string[]): TagTimes {
    const out = { stale: 0, expired: 0 }
    for (const tag of tags) {
      const t = this.#tags.get(tag)
      if (t === undefined) continue
      if (t.stale > out.stale) out.stale = t.stale
      if (t.expired > out.expired) out.expired = t.expired
    }
    return out
  }

  async revalidateTags (tags: readonly string[], expired: boolean, now: number): Promise<void> {
    for (const tag of tags) {
      const t = this.#tags.get(tag) ?? { stale: 0, expired: 0 }
      t.stale = now
      if (expired) t.expired = now
      this.#tags.set(tag, t)
    }
  }
}

/** The in-memory store: one per process, bounded in bytes (default 50 MB, as Next). */
export function memoryStore (options: { maxBytes?: number } = {}): MemoryStore {
  return new MemoryStore(options)
}

// Network stores keep an entry as one binary value: 4-byte length, JSON metadata, body bytes.
export function encodeEntry (entry: CacheEntry): Buffer {
  const meta = Buffer.from(JSON.stringify({ s: entry.status, h: entry.headers, t: entry.tags, r: entry.revalidate, at: entry.storedAt }))
  const head = Buffer.allocUnsafe(4)
  head.writeUInt32BE(meta.length, 0)
  return Buffer.concat([head, meta, entry.body])
}

export function decodeEntry (buf: Buffer): CacheEntry {
  const length = buf.readUInt32BE(0)
  const meta = JSON.parse(buf.subarray(4, 4 + length).toString('utf8')) as { s: number, h: Array<[string, string]>, t: string[], r: number | false, at: number }
  return { status: meta.s, headers: meta.h, tags: meta.t, revalidate: meta.r, storedAt: meta.at, body: buf.subarray(4 + length) }
}
