// Pure: a route module's segment config exports (dynamic, revalidate, dynamicParams,
// generateStaticParams and the platform hints), read once at registration and checked with Next's
// wording (next-route-handlers.md item 85). Invalid values fail startup, as they fail `next build`.
import { FST_ERR_NEXT_SEGMENT_CONFIG } from './errors.js'

export type DynamicMode = 'auto' | 'force-dynamic' | 'force-static' | 'error'

export interface SegmentConfig {
  readonly dynamic: DynamicMode
  /** undefined when not exported; false: cache forever; 0: dynamic */
  readonly revalidate: number | false | undefined
  readonly dynamicParams: boolean
  readonly generateStaticParams: (() => unknown) | undefined
  readonly runtime: 'nodejs' | 'edge'
  /** accepted and checked, but only hints here (they tune Next's fetch cache or a hosting platform) */
  readonly hints: { fetchCache?: string, preferredRegion?: string | string[], maxDuration?: number }
  /** warnings worded as Next words them */
  readonly warnings: string[]
}

const DYNAMIC = ['auto', 'force-dynamic', 'error', 'force-static']
const FETCH_CACHE = ['auto', 'default-cache', 'only-cache', 'force-cache', 'force-no-store', 'default-no-store', 'only-no-store']
const RUNTIME = ['edge', 'nodejs']

const show = (value: unknown): string => JSON.stringify(value) ?? String(value)

/**
 * Read the config of one route module. `route` is the Next pattern (`/users/[id]`), `file` the
 * module's path; both go into the error, with what to change.
 */
export function readSegmentConfig (mod: Record<string, unknown>, route: string, file: string): SegmentConfig {
  const fail = (message: string): never => {
    throw new FST_ERR_NEXT_SEGMENT_CONFIG(route, file, message)
  }
  const enumOf = (name: string, allowed: string[]): string | undefined => {
    const value = mod[name]
    if (value === undefined) return undefined
    if (typeof value !== 'string' || !allowed.includes(value)) {
      fail(`${name}: Invalid enum value. Expected ${allowed.map(a => `'${a}'`).join(' | ')}, received ${show(value)}`)
    }
    return value as string
  }

  const dynamic = mod.dynamic
  if (dynamic !== undefined && (typeof dynamic !== 'string' || !DYNAMIC.includes(dynamic))) {
    // Turbopack's wording (16.x builds with Turbopack by default).
    fail(`Next.js can't recognize the exported \`dynamic\` field in route. It has an invalid value: unknown variant \`${typeof dynamic === 'string' ? dynamic : show(dynamic)}\`, expected one of ${DYNAMIC.map(d => `\`${d}\``).join(', ')}.`)
  }

  const revalidate = mod.revalidate
  if (revalidate !== undefined && revalidate !== false && !(typeof revalidate === 'number' && Number.isInteger(revalidate) && revalidate >= 0)) {
    fail(`Invalid revalidate value ${show(revalidate)} on "${route}", must be a non-negative number or false`)
  }

  const dynamicParams = mod.dynamicParams
  if (dynamicParams !== undefined && typeof dynamicParams !== 'boolean') {
    fail(`dynamicParams: Expected boolean, received ${typeof dynamicParams}`)
  }

  const gsp = mod.generateStaticParams
  if (gsp !== undefined && typeof gsp !== 'function') {
    fail(`generateStaticParams: expected a function returning an array of params, received ${typeof gsp}`)
  }

  const fetchCache = enumOf('fetchCache', FETCH_CACHE)
  const runtime = (enumOf('runtime', RUNTIME) ?? 'nodejs') as 'nodejs' | 'edge'

  const preferredRegion = mod.preferredRegion
  if (preferredRegion !== undefined && typeof preferredRegion !== 'string' &&
    !(Array.isArray(preferredRegion) && preferredRegion.every(r => typeof r === 'string'))) {
    fail(`preferredRegion: Expected string or an array of strings, received ${show(preferredRegion)}`)
  }
  const maxDuration = mod.maxDuration
  if (maxDuration !== undefined && !(typeof maxDuration === 'number' && Number.isInteger(maxDuration) && maxDuration >= 0)) {
    fail(`maxDuration: Expected a non-negative integer, received ${show(maxDuration)}`)
  }

  const warnings: string[] = []
  if (runtime === 'edge') {
    if (gsp !== undefined) {
      fail(`Page "${route}/route" cannot use both \`export const runtime = 'edge'\` and export \`generateStaticParams\`.`)
    }
    warnings.push(`'${file}': Using edge runtime on a page currently disables static generation for that page. (The route runs on Node.js here.)`)
  }
  if (preferredRegion !== undefined) {
    warnings.push(`'${file}': The "preferredRegion" route segment config is deprecated. It is accepted and has no effect here.`)
  }

  return {
    dynamic: (dynamic ?? 'auto') as DynamicMode,
    revalidate: revalidate as number | false | undefined,
    dynamicParams: (dynamicParams as boolean | undefined) ?? true,
    generateStaticParams: gsp as (() => unknown) | undefined,
    runtime,
    hints: {
      ...(fetchCache !== undefined ? { fetchCache } : {}),
      ...(preferredRegion !== undefined ? { preferredRegion: preferredRegion as string | string[] } : {}),
      ...(maxDuration !== undefined ? { maxDuration: maxDuration as number } : {})
    },
    warnings
  }
}
