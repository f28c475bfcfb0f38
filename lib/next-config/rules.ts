// next.config headers/redirects/rewrites compiled once, as Next compiles them: the `source` by
// path-to-regexp 6 (strict, case-insensitive unless experimental.caseSensitiveRoutes), prefixed
// with the basePath unless `basePath: false`; `has`/`missing` over header, cookie, query and host,
// their named groups joining the params. Matching always reads the canonical path (lib/canonical.ts),
// the one the middleware matcher and the route files read: no spelling reaches a rule that the
// guard saw otherwise.
import { pathToRegexp, type Key } from 'path-to-regexp'
import { FST_ERR_NEXT_CONFIG } from '../errors.js'
import type { RawRule } from './keys.js'
import { compileConditions, type Condition as HasCondition, type MatcherRequestView } from '../matcher.js'

export type Params = Record<string, string | string[]>

/** What has/missing read: the matcher's request view (lib/request-view.ts). */
export type RequestFacts = MatcherRequestView

interface Condition extends HasCondition {
  /** params take this name when the condition has no value */
  readonly param: string
}

export interface CompiledRule {
  readonly source: string
  /** params of a matching request (path params, then has-condition params), or null */
  match (path: string, req: RequestFacts): Params | null
  readonly destination: string
  /** prefix the basePath to a relative destination */
  readonly destinationBasePath: string
  readonly headers: ReadonlyArray<{ key: string, value: string }>
  readonly status: number
}


export function compileRules (list: RawRule[], kind: 'headers' | 'redirects' | 'rewrites', basePath: string, file: string, caseSensitive: boolean): CompiledRule[] {
  return list.map((rule, i) => compileRule(rule, `${kind}()[${i}]`, kind, basePath, file, caseSensitive))
}

function compileRule (rule: RawRule, at: string, kind: 'headers' | 'redirects' | 'rewrites', basePath: string, file: string, caseSensitive: boolean): CompiledRule {
  const fail = (message: string): never => { throw new FST_ERR_NEXT_CONFIG(file, `${at}: ${message}`) }
  if (typeof rule !== 'object' || rule === null) fail('must be an object')
  const source = rule.source
  if (typeof source !== 'string' || !source.startsWith('/')) fail('`source` must be a string starting with /')
  if (rule.locale !== undefined && rule.locale !== false) fail('`locale` is an i18n option, which is not supported')
  if (rule.basePath !== undefined && rule.basePath !== false) fail('`basePath` must be false when set')
  const ownBase = rule.basePath === false ? '' : basePath
  const full = ownBase + (source === '/' && ownBase !== '' ? '' : source as string)
  const keys: Key[] = []
  let regexp: RegExp
  try {
    const built = pathToRegexp(full, keys, { strict: true, sensitive: caseSensitive, delimiter: '/' })
    // As Next's modifyRouteRegex: a user rule also matches with a trailing slash, and a redirect
    // never matches the basePath's /_next.
    let text = built.source.replace(/\$$/, '(?:\\/)?$')
    if (kind === 'redirects') text = text.replace(/\^/, `^(?!${(basePath + '/_next').replace(/\//g, '\\/')})`)
    regexp = new RegExp(text, built.flags)
  } catch (err) {
    return fail(`invalid \`source\` '${String(source)}': ${(err as Error).message}`)
  }
  const has = conditions(rule.has, `${at}.has`, fail)
  const missing = conditions(rule.missing, `${at}.missing`, fail)
  let destination = ''
  let status = 0
  let headers: Array<{ key: string, value: string }> = []
  if (kind === 'headers') {
    if (!Array.isArray(rule.headers)) fail('`headers` must be an array of { key, value }')
    headers = (rule.headers as Array<{ key?: unknown, value?: unknown }>).map((h, j) => {
      if (typeof h?.key !== 'string' || typeof h.value !== 'string') fail(`headers[${j}] must be { key: string, value: string }`)
      return { key: h.key as string, value: h.value as string }
    })
  } else {
    if (typeof rule.destination !== 'string' || rule.destination === '') fail('`destination` must be a string')
    destination = rule.destination as string
    if (!destination.startsWith('/') && !/^https?:\/\//i.test(destination)) fail('`destination` must start with / or be an absolute http(s) URL')
    if (kind === 'redirects') {
      if (rule.statusCode !== undefined && rule.permanent !== undefined) fail('`permanent` and `statusCode` cannot both be set')
      if (rule.statusCode !== undefined) {
        if (![301, 302, 303, 307, 308].includes(rule.statusCode as number)) fail('`statusCode` must be one of 301, 302, 303, 307, 308')
        status = rule.statusCode as number
      } else if (typeof rule.permanent === 'boolean') {
        status = rule.permanent ? 308 : 307
      } else {
        fail('`permanent` must be true or false (or set `statusCode`)')
      }
    }
  }
  const named = keys.filter(k => typeof k.name === 'string')
  return {
    source: source as string,
    destination,
    destinationBasePath: rule.basePath === false || !destination.startsWith('/') ? '' : basePath,
    headers,
    status,
    match (path, req) {
      const m = regexp.exec(path)
      if (m === null) return null
      const params: Params = {}
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i]
        const value = m[i + 1]
        // Unnamed groups are dropped, as Next's removeUnnamedParams.
        if (value === undefined || typeof key.name !== 'string') continue
        params[key.name] = key.modifier === '*' || key.modifier === '+' ? value.split(key.prefix + key.suffix) : value
      }
      void named
      if (has.length > 0 || missing.length > 0) {
        for (const c of has) if (!holds(c, req, params)) return null
        for (const c of missing) if (holds(c, req, {})) return null
      }
      return params
    }
  }
}

function conditions (list: unknown, at: string, fail: (m: string) => never): Condition[] {
  // Next names a captured value after the key, letters and digits only.
  return compileConditions(list, at, fail).map(c => ({ ...c, param: c.key.replace(/[^a-zA-Z0-9]/g, '') }))
}

function holds (c: Condition, req: RequestFacts, params: Params): boolean {
  let value: string | undefined
  switch (c.type) {
    case 'header': value = req.header(c.key); break
    case 'cookie': value = req.cookie(c.key); break
    case 'query': value = req.query(c.key); break
    default: value = req.host()
  }
  if (c.value === null) {
    if (value === undefined) return false
    params[c.param] = value
    return true
  }
  if (value === undefined) return false
  const m = c.value.exec(value)
  if (m === null) return false
  if (m.groups !== undefined) Object.assign(params, m.groups)
  else if (c.type === 'host') params.host = m[0]
  return true
}
