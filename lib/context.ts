// The per-request scope behind next/headers, next/navigation and after(). One AsyncLocalStorage,
// kept on globalThis so that two copies of this package in one process still share it.
import type { OnRequestError } from './instrumentation.js'
import { AsyncLocalStorage } from 'node:async_hooks'
import type { FastifyBaseLogger, FastifyReply, FastifyRequest } from 'fastify'
import type { ResponseCache } from './cache/response-cache.js'
import type { Generation } from './cache/static-request.js'
import { FST_ERR_NEXT_SCOPE } from './errors.js'

/** What every request scope of one plugin instance shares. */
export interface PluginShared {
  readonly tasks: TaskTracker
  /** secret for draftMode() */
  readonly previewModeId: string
  /** the response cache behind next/cache; null when caching is off */
  readonly cache: ResponseCache | null
  /** instrumentation.ts onRequestError, when the app has one */
  readonly onRequestError?: OnRequestError | null
}

export interface RequestStore {
  /** the NextRequest handed to user code */
  readonly request: Request
  /** null while a cached route is generated (no client request: Next's prerender) */
  readonly fastifyRequest: FastifyRequest | null
  readonly reply: FastifyReply | null
  readonly log: FastifyBaseLogger
  /** 'route' inside route handlers, 'middleware' inside middleware/proxy */
  readonly phase: 'route' | 'middleware'
  /** route file, for messages */
  readonly file: string
  /** Set-Cookie lines written through next/headers cookies(), appended after the Response's own */
  setCookies: string[] | null
  /** the view cookies() returns, created on first call */
  cookieView: unknown
  /** callbacks registered with after(), run once the response is sent */
  after: Array<() => unknown> | null
  readonly tasks: TaskTracker
  /** secret for draftMode() */
  readonly previewModeId: string
  readonly cache: ResponseCache | null
  /** set while a cached route is generated: request data access is tracked */
  readonly generation: Generation | null
  /** revalidateTag()/revalidatePath() writes, awaited before the response goes out */
  pending: Array<Promise<void>> | null
}

const kAls = Symbol.for('fastify-next-routes.als')
type Globals = typeof globalThis & { [kAls]?: AsyncLocalStorage<RequestStore> }
const g = globalThis as Globals

export const requestScope: AsyncLocalStorage<RequestStore> = (g[kAls] ??= new AsyncLocalStorage<RequestStore>())

/** A fresh store for one request (route handler or middleware run). */
export function createStore (
  request: Request, fastifyRequest: FastifyRequest, reply: FastifyReply,
  phase: RequestStore['phase'], file: string, shared: PluginShared
): RequestStore {
  return newStore(request, fastifyRequest, reply, fastifyRequest.log, phase, file, shared, null)
}

/** The scope of a cached route's generation: no client request, request data tracked. */
export function createGenerationStore (request: Request, generation: Generation, file: string, shared: PluginShared, log: FastifyBaseLogger): RequestStore {
  return newStore(request, null, null, log, 'route', file, shared, generation)
}

// Every slot set in one literal, so all stores share one hidden class.
function newStore (
  request: Request, fastifyRequest: FastifyRequest | null, reply: FastifyReply | null, log: FastifyBaseLogger,
  phase: RequestStore['phase'], file: string, shared: PluginShared, generation: Generation | null
): RequestStore {
  return {
    request, fastifyRequest, reply, log, phase, file, setCookies: null, cookieView: null, after: null,
    tasks: shared.tasks, previewModeId: shared.previewModeId, cache: shared.cache, generation, pending: null
  }
}

export function getStore (api: string): RequestStore {
  const store = requestScope.getStore()
  if (store === undefined) throw new FST_ERR_NEXT_SCOPE(api)
  return store
}

/** Promises the app must wait for on close: after() callbacks and middleware waitUntil(). */
export class TaskTracker {
  readonly pending = new Set<Promise<unknown>>()

  track (promise: Promise<unknown>, log: FastifyBaseLogger, what: string): void {
    const p = promise.then(undefined, (err: unknown) => { log.error({ err }, `${what} failed`) })
    this.pending.add(p)
    p.finally(() => this.pending.delete(p)).catch(() => {})
  }

  /** Wait for everything pending, up to `timeoutMs`; returns the number still pending after that. */
  async drain (timeoutMs: number): Promise<number> {
    if (this.pending.size === 0) return 0
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<void>(resolve => { timer = setTimeout(resolve, timeoutMs) })
    // New tasks may be added while waiting (an after() that schedules another); loop until quiet.
    const settle = (async () => { while (this.pending.size > 0) await Promise.all([...this.pending]) })()
    await Promise.race([settle, timeout])
    clearTimeout(timer)
    return this.pending.size
  }
}

/**
 * Run the store's after() callbacks inside its scope once the response has gone out. They start
 * together, in registration order, as under next start: an async callback does not hold back the
 * next one (recorded in the conformance suite).
 */
export function scheduleAfter (store: RequestStore): void {
  const callbacks = store.after
  if (callbacks === null) return
  store.after = null
  const runOne = async (cb: () => unknown): Promise<void> => {
    try {
      await requestScope.run(store, cb)
    } catch (err) {
      store.log.error({ err, file: store.file }, 'after() callback failed')
    }
  }
  const start = (): void => store.tasks.track(Promise.all(callbacks.map(runOne)), store.log, 'after()')
  // A generation has no response to wait for: its callbacks run once it is done.
  const raw = store.reply?.raw
  if (raw === undefined || raw.writableFinished || raw.destroyed) start()
  else raw.once('close', start)
}
