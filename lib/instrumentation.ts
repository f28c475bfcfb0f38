// instrumentation.ts (root, or src/ as Next looks for it): register() awaited once at startup,
// before any route file is imported and before the server listens (Sentry, OpenTelemetry and Axiom
// set themselves up there); onRequestError called with Next 16.4.6's argument shapes
// (next/dist/server/instrumentation/types.d.ts) for errors in route handlers and the middleware.
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import type { FastifyBaseLogger } from 'fastify'
import { FST_ERR_NEXT_INSTRUMENTATION } from './errors.js'
import type { Loader } from './load.js'

export interface RequestErrorContext {
  readonly routerKind: 'Pages Router' | 'App Router'
  readonly routePath: string
  readonly routeType: 'render' | 'route' | 'action' | 'proxy'
  readonly revalidateReason: 'on-demand' | 'stale' | undefined
}

export interface ErrorRequest {
  readonly path: string
  readonly method: string
  readonly headers: NodeJS.Dict<string | string[]>
}

export type OnRequestError = (error: unknown, request: ErrorRequest, context: RequestErrorContext) => void

const NAMES = ['instrumentation.ts', 'instrumentation.js', 'instrumentation.mjs', 'instrumentation.cjs', 'instrumentation.mts']

export function findInstrumentation (dir: string, treeDir: string | undefined): string | undefined {
  // Next looks beside app/ (or pages/): in src/ when the tree is in src/.
  const base = treeDir !== undefined && dirname(treeDir) === join(dir, 'src') ? join(dir, 'src') : dir
  for (const name of NAMES) {
    const file = join(base, name)
    if (existsSync(file)) return file
  }
  return undefined
}

/** Loads the file, awaits register(), and returns the reporter (null without onRequestError). */
export async function setupInstrumentation (file: string, loader: Loader, log: FastifyBaseLogger): Promise<OnRequestError | null> {
  const mod = await loader.load(file)
  const register = mod.register
  const onRequestError = mod.onRequestError
  if (register !== undefined && typeof register !== 'function') throw new FST_ERR_NEXT_INSTRUMENTATION(file, '`register` must be a function')
  if (onRequestError !== undefined && typeof onRequestError !== 'function') throw new FST_ERR_NEXT_INSTRUMENTATION(file, '`onRequestError` must be a function')
  if (typeof register === 'function') {
    try {
      await (register as () => unknown)()
    } catch (err) {
      // Next fails startup when register() throws: the app expects its setup to have run.
      throw new FST_ERR_NEXT_INSTRUMENTATION(file, `register() threw: ${(err as Error)?.message ?? String(err)}`, { cause: err })
    }
  }
  if (typeof onRequestError !== 'function') return null
  const fn = onRequestError as (...args: unknown[]) => unknown
  // The reporter's own failure is logged, never the request's answer (Next logs it too).
  return (error, request, context) => {
    try {
      const result = fn(error, request, context)
      if (result !== null && typeof (result as Promise<unknown>)?.then === 'function') {
        ;(result as Promise<unknown>).then(undefined, (err: unknown) => log.error({ err, file }, 'onRequestError failed'))
      }
    } catch (err) {
      log.error({ err, file }, 'onRequestError failed')
    }
  }
}
