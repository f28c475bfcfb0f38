// Pure: compile a middleware `config.matcher` once, as Next's build does (next-middleware.md 2.2-2.8),
// into a test run per request. path-to-regexp must be 6.x: Next's matcher syntax (`:path*`,
// `(regex)`, negative lookahead) is what its compiled 6.x copy accepts; 8.x rejects it.
import { parse, pathToRegexp } from 'path-to-regexp'
import { FST_ERR_NEXT_MATCHER_INVALID } from './errors.js'

/** What has/missing conditions read from the request; the caller provides it lazily. */
export interface MatcherRequestView {
  header (name: string): string | undefined
  cookie (name: string): string | undefined
  query (name: string): string | undefined
  host (): string | undefined
}

export interface CompiledMatcher {
  /** true when middleware must run for this pathname (tried raw, then decoded, as Next does) */
  matches (pathname: string, req: MatcherRequestView): boolean
  /** no matcher configured: every path matches, and callers can skip all work */
  readonly matchesAll: boolean
  /**
   * false only when no request the router sends to a route of this shape can match, whatever its
   * headers, cookies or query: such a route needs no middleware hook at all. Conservative: true
   * whenever it cannot tell.
   */
  mayMatchRoute (route: RouteShape): boolean
}

/** A route's path as the router matches it, after decoding (built by routeShape in lib/segments.ts). */
export interface RouteShape {
  /** the whole path of a static route, or the literal text before a dynamic route's first parameter */
  readonly literal: string
  /** true for a static route: `literal` is every path it serves */
  readonly exact: boolean
  /** the router also serves `literal + '/'` (Fastify's ignoreTrailingSlash) */
  readonly trailingSlash: boolean
}

export interface Condition {
  readonly type: 'header' | 'cookie' | 'query' | 'host'
  readonly key: string
  /** `^value$`, compiled once; null when any present value matches */
  readonly value: RegExp | null
}

interface Rule {
  readonly regexp: RegExp
  /** text every matched path starts with (basePath included; after it may come `/_next/data/<id>` instead) */
  readonly literal: string
  /** the source has no parameter or group: `literal` is all of it */
  readonly literalOnly: boolean
  readonly has: Condition[]
  readonly missing: Condition[]
}

const MAX_SOURCE = 4096
const OBJECT_KEYS = new Set(['source', 'has', 'missing', 'locale'])
const HAS_TYPES = new Set(['header', 'cookie', 'query', 'host'])
// Variants under which Next serves the same page; a matcher covers them all (2.5, CVE-2026-44575).
const SUFFIX = '{(\\.json|\\.rsc|\\.segments/.+\\.segment\\.rsc)}?'
const ROOT_SUFFIX = '(/?index|/?index\\.json|/?index(?:\\.rsc|\\.segments/.+\\.segment\\.rsc))?'
const DATA_PREFIX = '/:nextData(_next/data/[^/]{1,})?'

const MATCH_ALL: CompiledMatcher = { matchesAll: true, matches: () => true, mayMatchRoute: () => true }
// The optional prefix DATA_PREFIX puts before every source, as literal text.
const DATA_LITERAL = '/_next/data/'

export interface MatcherOptions {
  readonly file: string
  /** the canonical basePath (the plugin's prefix): matchers are relative to it, as Next's */
  readonly basePath?: string
  /**
   * Where a middleware without a matcher runs: every path under this (canonical) prefix. Next
   * 16.4.6 runs one on every path, next.config's basePath or not; the plugin's own prefix still
   * bounds it, as a Fastify plugin's routes and hooks stay under its prefix. Default: `basePath`.
   */
  readonly reach?: string
}

export function compileMatcher (matcher: unknown, options: MatcherOptions): CompiledMatcher {
  const basePath = options.basePath ?? ''
  if (matcher === undefined) {
    const reach = options.reach ?? basePath
    return reach === '' ? MATCH_ALL : compileMatcher(['/:path*'], { file: options.file, basePath: reach })
  }
  const fail = (reason: string): never => { throw new FST_ERR_NEXT_MATCHER_INVALID(options.file, reason) }
  const entries = typeof matcher === 'string' ? [matcher] : Array.isArray(matcher) ? matcher : null
  if (entries === null) fail('`matcher` needs to be a static string or array of static strings or array of static objects')
  const rules = (entries as unknown[]).map((entry, i) => compileEntry(entry, `matcher[${i}]`, basePath, fail))
  const dataLiteral = basePath + DATA_LITERAL
  return {
    matchesAll: false,
    matches (pathname, req) {
      if (matchesRules(rules, pathname, req)) return true
      // Next also tries the decoded pathname; a path that only matches once decoded still runs it.
      if (!pathname.includes('%')) return false
      let decoded: string
      try {
        decoded = decodeURIComponent(pathname)
      } catch {
        return false
      }
      return matchesRules(rules, decoded, req)
    },
    mayMatchRoute (route) {
      // The router and the matcher would read these differently (`%` decoded or not, `#`, `?`).
      if (/[%#?]/.test(route.literal)) return true
      const served = route.literal
      const overlaps = (text: string): boolean => text.startsWith(served) || served.startsWith(text)
      return rules.some(rule => {
        // Every path a rule matches starts with its literal text (or Next's data prefix), every path
        // the route serves with the route's: if neither text starts the other, no path is both. A route
        // file serves only canonical paths that spell it (lib/route-spelling.ts), so neither
        // encodings nor router options can join them either.
        if (rule.literal.includes('%') || overlaps(rule.literal) || overlaps(dataLiteral)) {
          // A static route meets a rule without parameters only at its own path.
          if (route.exact && rule.literalOnly) return rule.regexp.test(route.literal) || (route.trailingSlash && rule.regexp.test(route.literal + '/'))
          return true
        }
        return false
      })
    }
  }
}

function matchesRules (rules: Rule[], pathname: string, req: MatcherRequestView): boolean {
  for (const rule of rules) {
    if (!rule.regexp.test(pathname)) continue
    if (rule.has.length > 0 && !rule.has.every(c => conditionHolds(c, req))) continue
    if (rule.missing.length > 0 && rule.missing.some(c => conditionHolds(c, req))) continue
    return true
  }
  return false
}

function conditionHolds (condition: Condition, req: MatcherRequestView): boolean {
  let value: string | undefined
  switch (condition.type) {
    case 'header': value = req.header(condition.key); break
    case 'cookie': value = req.cookie(condition.key); break
    case 'query': value = req.query(condition.key); break
    default: value = req.host()?.toLowerCase()
  }
  if (value === undefined || value === '') return false
  return condition.value === null || condition.value.test(value)
}

function compileEntry (entry: unknown, at: string, basePath: string, fail: (reason: string) => never): Rule {
  let source: unknown = entry
  let has: Condition[] = []
  let missing: Condition[] = []
  if (typeof entry === 'object' && entry !== null && !Array.isArray(entry)) {
    const obj = entry as Record<string, unknown>
    for (const key of Object.keys(obj)) {
      if (!OBJECT_KEYS.has(key)) fail(`Unexpected property "${key}" in \`${at}\` object`)
    }
    if (obj.locale !== undefined && obj.locale !== false) fail(`\`${at}.locale\` must be false when set`)
    source = obj.source
    has = compileConditions(obj.has, `${at}.has`, fail)
    missing = compileConditions(obj.missing, `${at}.missing`, fail)
  }
  if (typeof source !== 'string') fail('`matcher` needs to be a static string or array of static strings or array of static objects')
  const text = source as string
  if (!text.startsWith('/')) fail(`source must start with / at "${at}"`)
  const isRoot = text === '/'
  // The basePath is literal text to path-to-regexp.
  const expanded = basePath.replace(/[:*()?+{}\\]/g, '\\$&') + DATA_PREFIX + (isRoot ? '/' + ROOT_SUFFIX : text + SUFFIX)
  if (expanded.length > MAX_SOURCE) fail(`source exceeds max built length of ${MAX_SOURCE} at "${at}"`)
  let regexp: RegExp
  try {
    // Next keeps only the source and builds the RegExp without the `i` flag: matching is
    // case-sensitive. So are route files under every router option (lib/route-spelling.ts).
    regexp = new RegExp(pathToRegexp(expanded, [], { strict: false }).source)
  } catch (err) {
    // Said of the source as written: compiled alone, positions in the message are offsets into
    // it, not into the expanded pattern Next builds around it.
    let reason = (err as Error).message
    try {
      new RegExp(pathToRegexp(text, [], { strict: false }).source) // eslint-disable-line no-new
    } catch (own) {
      reason = (own as Error).message
    }
    return fail(`Invalid source '${text}' at "${at}": ${reason}`)
  }
  // The parse cannot fail once pathToRegexp accepted the source.
  const tokens = parse(text)
  const literal = basePath + (typeof tokens[0] === 'string' ? tokens[0] : '')
  return { regexp, literal, literalOnly: tokens.length === 1 && typeof tokens[0] === 'string', has, missing }
}

/** `has`/`missing` lists as Next validates them, for the matcher and next.config rules alike. */
export function compileConditions (list: unknown, at: string, fail: (reason: string) => never): Condition[] {
  if (list === undefined) return []
  if (!Array.isArray(list)) return fail(`\`${at}\` must be an array`)
  return list.map((item: unknown, i) => {
    const where = `${at}[${i}]`
    const c = item as { type?: unknown, key?: unknown, value?: unknown } | null
    if (typeof c !== 'object' || c === null || !HAS_TYPES.has(c.type as string)) {
      return fail(`\`${where}.type\` must be one of header, cookie, query, host`)
    }
    if (c.type === 'host' ? typeof c.value !== 'string' : typeof c.key !== 'string') {
      return fail(c.type === 'host' ? `\`${where}.value\` is required for host` : `\`${where}.key\` is required for ${String(c.type)}`)
    }
    if (c.value !== undefined && typeof c.value !== 'string') fail(`\`${where}.value\` must be a string`)
    let value: RegExp | null = null
    if (typeof c.value === 'string') {
      try {
        value = new RegExp(`^${c.value}$`)
      } catch (err) {
        return fail(`\`${where}.value\` is not a valid regular expression: ${(err as Error).message}`)
      }
    }
    const key = c.type === 'header' ? (c.key as string).toLowerCase() : (c.key as string ?? '')
    return { type: c.type as Condition['type'], key, value }
  })
}
