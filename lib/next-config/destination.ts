// A rule's destination with the matched params filled in, as Next's prepareDestination does:
// path params compiled by path-to-regexp 6 (values as matched, still percent-encoded), `:name` in
// query values replaced, the request's query merged under the destination's, and, for rewrites,
// params the destination path does not use added to the query.
import { parse as parseQuery, stringify, type ParsedUrlQuery } from 'node:querystring'
import { compile, parse as parsePath } from 'path-to-regexp'
import type { Params } from './rules.js'

export interface Destination {
  /** `https://host` for an external destination, '' for a path on this server */
  readonly origin: string
  readonly pathname: string
  readonly query: ParsedUrlQuery
}

const ORIGIN = /^(https?:\/\/[^/?#]*)(.*)$/i

export function prepareDestination (destination: string, basePath: string, params: Params, requestQuery: ParsedUrlQuery, rewrite: boolean): Destination {
  const m = ORIGIN.exec(destination)
  const origin = m === null ? '' : m[1]
  let rest = m === null ? destination : m[2]
  const hash = rest.indexOf('#')
  if (hash !== -1) rest = rest.slice(0, hash)
  const q = rest.indexOf('?')
  const rawPath = (q === -1 ? rest : rest.slice(0, q)) || '/'
  const destQuery = q === -1 ? {} : parseQuery(rest.slice(q + 1))
  for (const [key, value] of Object.entries(destQuery)) {
    destQuery[key] = Array.isArray(value) ? value.map(v => fillText(v, params)) : fillText(value ?? '', params)
  }
  const pathParams = new Set<string>()
  for (const token of parsePath(rawPath)) if (typeof token !== 'string' && typeof token.name === 'string') pathParams.add(token.name)
  if (rewrite && ![...pathParams].some(name => name in params)) {
    for (const [key, value] of Object.entries(params)) if (!(key in destQuery)) destQuery[key] = value
  }
  let pathname = compile(rawPath, { validate: false })(params)
  if (basePath !== '' && origin === '') pathname = basePath + (pathname === '/' ? '' : pathname)
  pathname = pathname.replace(/\/{2,}/g, '/')
  return { origin, pathname: pathname === '' ? '/' : pathname, query: { ...requestQuery, ...destQuery } }
}

// `:name` in text (a query value, a header) replaced by its param, longest names first so `:ab`
// is not read as `:a` + `b`.
export function fillText (text: string, params: Params): string {
  if (!text.includes(':')) return text
  const names = Object.keys(params).sort((a, b) => b.length - a.length)
  let out = text
  for (const name of names) {
    const value = params[name]
    out = out.replaceAll(':' + name, Array.isArray(value) ? value.join('/') : value)
  }
  return out
}

/**
 * The query of a redirect's Location: values the client sent are encoded again, values the config
 * wrote are kept as written (as Next's stringifyQuery).
 */
export function stringifyRedirectQuery (query: ParsedUrlQuery, requestQuery: ParsedUrlQuery): string {
  const sent = new Set<string>()
  for (const [key, value] of Object.entries(requestQuery)) {
    sent.add(key)
    for (const v of Array.isArray(value) ? value : [value ?? '']) sent.add(v)
  }
  return stringify(query, undefined, undefined, { encodeURIComponent: (text: string) => sent.has(text) ? encodeURIComponent(text) : text })
}
