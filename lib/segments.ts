// Pure: Next.js app/ folder names -> URL segments -> find-my-way paths.
// No fs, no fastify. Rules follow next-route-handlers.md section 1 and Next's route sorter.
import type { RouteShape } from './matcher.js'

export type SegmentKind = 'static' | 'dynamic' | 'catchall' | 'optional'

export interface UrlSegment {
  kind: SegmentKind
  /** static text (already unescaped) or the param name */
  value: string
}

export type FolderKind = 'group' | 'slot' | 'private' | 'url'

const GROUP = /^\(.+\)$/
const OPTIONAL = /^\[\[\.\.\.(.+)\]\]$/
const CATCHALL = /^\[\.\.\.(.+)\]$/
const DYNAMIC = /^\[(.+)\]$/

/** What a folder name does to the URL: dropped (group, slot), hides its subtree (private), or adds a segment. */
export function classifyFolder (name: string): FolderKind {
  if (name.startsWith('_')) return 'private'
  // Interception markers such as `(.)x` are not groups (they do not end with `)`): Next serves them literally.
  if (GROUP.test(name)) return 'group'
  if (name.startsWith('@')) return 'slot'
  return 'url'
}

/**
 * Parse one URL-producing folder name. Throws a plain Error with Next's wording for names the Next
 * sorter rejects; the caller adds the file and the fix.
 */
export function parseSegment (name: string): UrlSegment {
  if (name.includes('…')) {
    throw new Error(`Detected a three-dot character ('…') in segment '${name}'. Did you mean ('...')?`)
  }
  let m = OPTIONAL.exec(name)
  if (m !== null) return { kind: 'optional', value: checkParamName(m[1], name) }
  m = CATCHALL.exec(name)
  if (m !== null) return { kind: 'catchall', value: checkParamName(m[1], name) }
  if (name.startsWith('[[') && name.endsWith(']]')) {
    throw new Error(`Optional route parameters are not yet supported ("${name}").`)
  }
  m = DYNAMIC.exec(name)
  if (m !== null) return { kind: 'dynamic', value: checkParamName(m[1], name) }
  // `%5F` escapes a leading underscore so the folder is routed instead of private (spec 1.9).
  const text = name.startsWith('%5F') || name.startsWith('%5f') ? '_' + name.slice(3) : name
  return { kind: 'static', value: text }
}

function checkParamName (param: string, segment: string): string {
  if (param.startsWith('[') || param.endsWith(']')) {
    throw new Error(`Segment names may not start or end with extra brackets ('${param}').`)
  }
  if (param.startsWith('.')) {
    throw new Error(`Segment names may not start with erroneous periods ('${param}').`)
  }
  if (param.length === 0) throw new Error(`Empty parameter name in segment '${segment}'.`)
  return param
}

/** Next-style pattern of a route, e.g. `/users/[id]/[...rest]`. Used in messages, the route table and typegen. */
export function toPattern (segments: UrlSegment[]): string {
  if (segments.length === 0) return '/'
  let out = ''
  for (const s of segments) {
    if (s.kind === 'static') out += '/' + s.value
    else if (s.kind === 'dynamic') out += `/[${s.value}]`
    else if (s.kind === 'catchall') out += `/[...${s.value}]`
    else out += `/[[...${s.value}]]`
  }
  return out
}

// Param names find-my-way takes as written (it ends a name at '-', '.' and other punctuation).
const PLAIN_NAME = /^[A-Za-z_$][\w$]*$/

/**
 * find-my-way paths for a route. Params keep their Next names (`/users/:id`, so Fastify's
 * request.params, route schemas and @fastify/swagger see them) unless one holds characters
 * find-my-way reads differently: then all get positional names (`:p0`). Next allows one name per
 * position, so named routes never clash. The bridge reads param values from the raw URL itself, to
 * decode them the way Next does. An optional catch-all needs two paths (with and without a tail).
 */
export function toFastifyPaths (segments: UrlSegment[]): string[] {
  const named = segments.every(s => s.kind !== 'dynamic' || PLAIN_NAME.test(s.value))
  let base = ''
  let index = 0
  for (const s of segments) {
    if (s.kind === 'static') base += '/' + escapeStatic(s.value)
    else if (s.kind === 'dynamic') base += named ? `/:${s.value}` : `/:p${index++}`
    else if (s.kind === 'catchall') return [base + '/*']
    else return [base === '' ? '/' : base, base + '/*']
  }
  return [base === '' ? '/' : base]
}

/**
 * What a Fastify path of ours serves, for the middleware matcher to judge at registration: the
 * text before its first parameter or wildcard, and whether there is none.
 */
export function routeShape (fastifyPath: string, trailingSlash: boolean): RouteShape {
  // `::` is an escaped literal colon; a lone `:` starts a parameter.
  const unescaped = fastifyPath.replaceAll('::', '\0')
  const dynamic = unescaped.search(/[:*]/)
  const literal = (dynamic === -1 ? unescaped : unescaped.slice(0, dynamic)).replaceAll('\0', ':')
  return { literal, exact: dynamic === -1, trailingSlash }
}

// find-my-way reads `:` as a param and `*` as a wildcard; `::` is its escape for a literal colon.
function escapeStatic (text: string): string {
  if (text.includes('*')) {
    throw new Error(`A '*' in folder name '${text}' cannot be routed by Fastify.`)
  }
  return text.replaceAll(':', '::')
}

/**
 * Validate the dynamic segments of one route against Next's sorter rules that concern a single path:
 * a catch-all must be last and a param name may not repeat.
 */
export function checkRoutePath (segments: UrlSegment[]): void {
  const seen = new Map<string, string>() // word-only key -> name as written
  for (let i = 0; i < segments.length; i++) {
    const s = segments[i]
    if (s.kind === 'static') continue
    if ((s.kind === 'catchall' || s.kind === 'optional') && i !== segments.length - 1) {
      throw new Error(`Catch-all must be the last part of the URL in route "${toPattern(segments)}".`)
    }
    const key = s.value.replace(/\W/g, '')
    const previous = seen.get(key)
    if (previous === s.value) {
      throw new Error(`You cannot have the same slug name "${s.value}" repeat within a single dynamic path in route "${toPattern(segments)}".`)
    }
    if (previous !== undefined) {
      throw new Error(`You cannot have the slug names "${previous}" and "${s.value}" differ only by non-word symbols in route "${toPattern(segments)}".`)
    }
    seen.set(key, s.value)
  }
}
