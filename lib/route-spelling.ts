// Which canonical paths a route answers to. find-my-way decodes static parts before it matches
// them (`/%61dmin` reaches `/admin`), folds case under `caseSensitive: false` and cuts at `;` under
// `useSemicolonDelimiter`; Next compares static segments raw and case-sensitively. So a route file
// checks that the canonical path spells it, segment by segment, before anything runs for it: what
// the router reached any other way answers 404, and whatever is served was seen by the middleware
// exactly as routed. Built once per route; a static route compares one string.
import { spellSegment } from './canonical.js'
import type { UrlSegment } from './segments.js'

/** true when the canonical path (basePath included) is one this route serves. */
export type RouteSpelling = (path: string) => boolean

/** `basePath`: the canonical prefix (already spelled), '' for none. */
export function buildRouteSpelling (basePath: string, segments: UrlSegment[]): RouteSpelling {
  const base = basePath === '' ? [] : basePath.slice(1).split('/')
  const statics: Array<[number, string]> = []
  let min = base.length
  let max = base.length
  base.forEach((part, i) => statics.push([i + 1, part]))
  for (const s of segments) {
    if (s.kind === 'static') statics.push([max + 1, spellSegment(s.value)])
    if (s.kind === 'optional') {
      max = Infinity
      continue
    }
    if (s.kind === 'catchall') max = Infinity
    else max++
    min++
  }
  if (min === max) {
    const exact = min === 0 ? '/' : '/' + statics.map(([, text]) => text).join('/')
    if (statics.length === min) return path => path === exact
  }
  return function spells (path) {
    const count = path === '/' ? 0 : countSegments(path)
    if (count < min || count > max) return false
    if (statics.length === 0) return true
    const parts = path.split('/')
    for (const [i, text] of statics) if (parts[i] !== text) return false
    return true
  }
}

function countSegments (path: string): number {
  let n = 0
  for (let i = path.indexOf('/'); i !== -1; i = path.indexOf('/', i + 1)) n++
  return n
}

/**
 * For the host app's own routes (seen by a middleware with `middlewareScope: 'all'`): the
 * canonical path with each static segment spelled as the route registered it, or null when it
 * already is (or the shapes cannot be compared). A case-insensitive router, the semicolon delimiter
 * or an encoded letter may have routed another spelling here; the middleware must see the routed one.
 */
export function respellForRoute (path: string, routeUrl: string): string | null {
  const plan = planFor(routeUrl)
  const parts = path.split('/')
  if (plan.minParts > parts.length) return null
  let changed = false
  for (const [i, spelled] of plan.statics) {
    if (parts[i] !== spelled) {
      parts[i] = spelled
      changed = true
    }
  }
  return changed ? parts.join('/') : null
}

interface RespellPlan {
  /** index in path.split('/') and the registered spelling of each static segment */
  readonly statics: Array<[number, string]>
  readonly minParts: number
}

// Per registered route URL, worked out on its first request (routes are few; the map stays small).
const plans = new Map<string, RespellPlan>()

function planFor (routeUrl: string): RespellPlan {
  let plan = plans.get(routeUrl)
  if (plan !== undefined) return plan
  const route = routeUrl.split('/')
  const statics: Array<[number, string]> = []
  let minParts = 1
  for (let i = 1; i < route.length; i++) {
    const seg = route[i]
    // A parameter, a wildcard or a regexp: the request's text stands.
    if (seg.includes('*')) break
    if (seg === '' && i === route.length - 1) break
    minParts = i + 1
    if (seg.includes(':') || seg.includes('(')) continue
    statics.push([i, spellSegment(seg)])
  }
  plan = { statics, minParts }
  plans.set(routeUrl, plan)
  return plan
}
