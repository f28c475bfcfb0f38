// next/server: what route files and middleware import from it, without `next` installed.
import { URLPattern as URLPatternPolyfill } from 'urlpattern-polyfill/urlpattern'
import { trackDynamic } from '../cache/static-request.js'
import { getStore, requestScope } from '../context.js'
import type { NextRequest } from './request.js'
import type { NextResponse } from './response.js'

export { NextRequest } from './request.js'
export { NextResponse } from './response.js'
export { NextURL } from './url.js'
// The renderer behind it is loaded on the first `new ImageResponse`, not with this module.
export { ImageResponse } from './og.js'
export { userAgent, userAgentFromString, isBot, type UserAgent } from './user-agent.js'

/** The platform URLPattern where Node has one (22.x lacks it; 24 has it), else the WHATWG polyfill. */
export const URLPattern: typeof URLPatternPolyfill =
  (globalThis as { URLPattern?: typeof URLPatternPolyfill }).URLPattern ?? URLPatternPolyfill

/**
 * Run work after the response has been sent. Errors are logged; `app.close()` waits for pending work.
 * Accepts a callback or a promise, as Next does.
 */
export function after<T> (task: Promise<T> | (() => T | Promise<T>)): void {
  const store = getStore('after')
  if (typeof task === 'function') {
    (store.after ??= []).push(task)
  } else if (task !== null && typeof (task as Promise<T>).then === 'function') {
    store.tasks.track(Promise.resolve(task), store.log, 'after()')
  } else {
    throw new Error('`after()`: Argument must be a promise or a function')
  }
}

/** Marks the route dynamic: while a cached route is generated, that makes it uncacheable. */
export async function connection (): Promise<void> {
  const generation = requestScope.getStore()?.generation
  if (generation !== undefined && generation !== null) trackDynamic(generation, 'connection()')
}

export interface NextFetchEvent {
  /** Keep work alive after the response; the bridge awaits it on app.close(). */
  waitUntil (promise: Promise<unknown>): void
  readonly sourcePage: string
}

export type NextMiddlewareResult = NextResponse | Response | null | undefined | void
export type NextMiddleware = (request: NextRequest, event: NextFetchEvent) => NextMiddlewareResult | Promise<NextMiddlewareResult>
export type NextProxy = NextMiddleware

export interface MatcherObject {
  source: string
  locale?: false
  has?: Array<{ type: 'header' | 'query' | 'cookie', key: string, value?: string } | { type: 'host', key?: undefined, value: string }>
  missing?: MatcherObject['has']
}
export interface MiddlewareConfig {
  matcher?: string | Array<string | MatcherObject>
  runtime?: 'nodejs' | 'edge' | 'experimental-edge'
  regions?: string | string[]
  unstable_allowDynamic?: string | string[]
}
export type ProxyConfig = MiddlewareConfig
