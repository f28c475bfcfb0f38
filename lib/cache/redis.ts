// A CacheStore on Redis (ioredis), so several instances share entries and invalidations. ioredis
// is an optional peer dependency: only this store loads it.
//
// Keys: <prefix>e:<cache key> holds an entry (encodeEntry), <prefix>tags is one hash of tag
// times, <prefix>lock:<cache key> the regeneration lock. Commands fail fast while Redis is away
// (no offline queue, short timeout) so requests never wait on it; ioredis keeps reconnecting.
import type { Redis, RedisOptions } from 'ioredis'
import { FST_ERR_NEXT_CACHE_STORE } from '../errors.js'
import { EXPIRE } from './policy.js'
import { decodeEntry, encodeEntry, type CacheEntry, type CacheStore, type TagTimes } from './store.js'

/**
 * An ioredis client, as the public types name it: ioredis is an optional peer, so the published
 * types must not import it (a project without it would fail to type-check them).
 */
export interface RedisClientLike {
  readonly status: string
  on (event: string, listener: (...args: any[]) => void): unknown
}

export interface RedisStoreOptions {
  /** an ioredis client you own (you also close it); or give `url` */
  client?: RedisClientLike
  /** redis://host:port/db, used to create a client this store owns */
  url?: string
  /** key prefix, to share one Redis between apps or to start afresh after a deploy (default 'fnr:') */
  prefix?: string
  /** ms before a command counts as failed (default 500) */
  commandTimeout?: number
}

export class RedisStore implements CacheStore {
  readonly prefix: string
  readonly #client: Promise<Redis>
  readonly #owned: boolean
  #onError: (err: Error) => void = () => {}

  constructor (options: RedisStoreOptions) {
    if (options.client === undefined && typeof options.url !== 'string') {
      throw new FST_ERR_NEXT_CACHE_STORE("redisStore() needs `client` (an ioredis instance) or `url` (redis://host:port)")
    }
    this.prefix = options.prefix ?? 'fnr:'
    this.#owned = options.client === undefined
    this.#client = options.client !== undefined ? Promise.resolve(options.client as Redis) : connect(options.url as string, options.commandTimeout ?? 500)
    // Connection errors are reported through the cache's throttled logger, never unhandled.
    this.#client.then(client => client.on('error', (err: Error) => this.#onError(err)), () => {})
  }

  /** where connection errors go (the response cache logs them, once per interval) */
  set onError (fn: (err: Error) => void) {
    this.#onError = fn
  }

  /**
   * Waits (up to `waitMs`) for the connection, so startup entries are written to Redis. Fails only
   * when ioredis cannot be loaded: an unreachable Redis is not an error (served without it).
   */
  async ready (waitMs = 2000): Promise<void> {
    const client = await this.#client
    if (client.status === 'ready') return
    await new Promise<void>(resolve => {
      const done = (): void => {
        clearTimeout(timer)
        client.off('ready', done)
        resolve()
      }
      const timer = setTimeout(done, waitMs)
      client.once('ready', done)
    })
  }

  async get (key: string): Promise<CacheEntry | undefined> {
    const buf = await (await this.#client).getBuffer(this.prefix + 'e:' + key)
    return buf === null ? undefined : decodeEntry(buf)
  }

  async set (key: string, entry: CacheEntry): Promise<void> {
    // Entries nobody revalidates leave after Next's expireTime, so the keyspace does not only grow.
    await (await this.#client).set(this.prefix + 'e:' + key, encodeEntry(entry), 'EX', EXPIRE)
  }

  async tagTimes (tags: readonly string[]): Promise<TagTimes> {
    const out = { stale: 0, expired: 0 }
    if (tags.length === 0) return out
    const fields: string[] = []
    for (const tag of tags) fields.push('s:' + tag, 'e:' + tag)
    const values = await (await this.#client).hmget(this.prefix + 'tags', ...fields)
    for (let i = 0; i < values.length; i += 2) {
      const stale = Number(values[i] ?? 0)
      const expired = Number(values[i + 1] ?? 0)
      if (stale > out.stale) out.stale = stale
      if (expired > out.expired) out.expired = expired
    }
    return out
  }

  async revalidateTags (tags: readonly string[], expired: boolean, now: number): Promise<void> {
    if (tags.length === 0) return
    const fields: Record<string, string> = {}
    for (const tag of tags) {
      fields['s:' + tag] = String(now)
      if (expired) fields['e:' + tag] = String(now)
    }
    await (await this.#client).hset(this.prefix + 'tags', fields)
  }

  async lock (key: string, ttlMs: number): Promise<boolean> {
    return (await (await this.#client).set(this.prefix + 'lock:' + key, '1', 'PX', ttlMs, 'NX')) === 'OK'
  }

  async close (): Promise<void> {
    if (!this.#owned) return
    const client = await this.#client.catch(() => null)
    if (client === null) return
    await client.quit().catch(() => client.disconnect())
  }
}

async function connect (url: string, commandTimeout: number): Promise<Redis> {
  let mod: { Redis: new (url: string, options: RedisOptions) => Redis }
  try {
    mod = await import('ioredis') as unknown as typeof mod
  } catch (err) {
    throw new FST_ERR_NEXT_CACHE_STORE(`redisStore() needs the ioredis package: npm install ioredis (${(err as Error).message})`)
  }
  return new mod.Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout,
    // Keep trying, at most every 2 s: caching resumes by itself once Redis is back.
    retryStrategy: (times: number) => Math.min(times * 100, 2000)
  })
}

/** A Redis store: `redisStore({ url: 'redis://127.0.0.1:6379' })` or `redisStore({ client })`. */
export function redisStore (options: RedisStoreOptions): RedisStore {
  return new RedisStore(options)
}
