// Pure: whether a route's GET is cached, decided at registration from its segment config and
// exports (next-route-handlers.md items 86-94), the Cache-Control formula, and the implicit tags
// that let revalidatePath() find entries.
import type { HttpMethod } from '../methods.js'
import type { DynamicMode, SegmentConfig } from '../segment-config.js'

/** Next's default `expireTime`: one year, in seconds. */
export const EXPIRE = 31_536_000

export interface CachePolicy {
  /** seconds until an entry is stale; false: never (until revalidated on demand) */
  readonly revalidate: number | false
  /** 'auto': request data access while generating makes the route dynamic; 'error': fails */
  readonly mode: Exclude<DynamicMode, 'force-dynamic'>
  readonly dynamicParams: boolean
}

// Only a GET/HEAD-only route is prerendered ("Route is configured with methods that cannot be
// statically generated"); OPTIONS counts against it too.
const CACHEABLE_METHODS = new Set(['GET', 'HEAD'])

/** The cache policy of a route, or null when its GET runs on every request (Next's ƒ). */
export function cachePolicy (config: SegmentConfig, methods: Partial<Record<HttpMethod, unknown>>): CachePolicy | null {
  if (config.dynamic === 'force-dynamic' || config.runtime === 'edge' || config.revalidate === 0) return null
  if (methods.GET === undefined) return null
  for (const method of Object.keys(methods)) if (!CACHEABLE_METHODS.has(method)) return null
  const prerendered = config.dynamic === 'force-static' || config.dynamic === 'error' ||
    config.revalidate !== undefined || config.generateStaticParams !== undefined
  if (!prerendered) return null
  return { revalidate: config.revalidate ?? false, mode: config.dynamic, dynamicParams: config.dynamicParams }
}

/** Next's formula: `s-maxage=<revalidate or a year>` plus stale-while-revalidate up to the expiry. */
export function cacheControl (revalidate: number | false): string {
  if (revalidate === false) return `s-maxage=${EXPIRE}`
  if (revalidate === 0) return 'private, no-cache, no-store, max-age=0, must-revalidate'
  return revalidate < EXPIRE ? `s-maxage=${revalidate}, stale-while-revalidate=${EXPIRE - revalidate}` : `s-maxage=${revalidate}`
}

/**
 * Tags every entry of `path` (the app path, without the plugin prefix) carries, so that
 * revalidatePath(path), revalidatePath(pattern, 'page') and revalidatePath(prefix, 'layout') find it.
 */
export function implicitTags (path: string, pattern: string): string[] {
  const tags = [pathTag(path), pageTag(pattern), layoutTag('/')]
  let prefix = ''
  for (const part of path.split('/')) {
    if (part === '') continue
    prefix += '/' + part
    tags.push(layoutTag(prefix))
  }
  return tags
}

const normalise = (path: string): string => {
  const p = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path
  return p.startsWith('/') ? p : '/' + p
}
const pathTag = (path: string): string => '_N_T_' + normalise(path)
const pageTag = (pattern: string): string => '_N_T_page:' + normalise(pattern)
const layoutTag = (path: string): string => '_N_T_layout:' + normalise(path)

/** The tag revalidatePath(path, type) invalidates. */
export function revalidatePathTag (path: string, type?: 'page' | 'layout'): string {
  if (type === 'layout') return layoutTag(path)
  // A pattern such as /blog/[slug] names every path of that route.
  return path.includes('[') ? pageTag(path) : pathTag(path)
}
