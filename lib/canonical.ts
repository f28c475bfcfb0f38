// The one canonical form of a request path. Every part that decides on a path (the middleware
// matcher, the middleware's own code through request.nextUrl, the route-file check that stands in
// for routing, params, request.url, the cache key, the canonical redirects) reads the form made
// here, so no two of them can see a request differently (docs/middleware.md, security model).
//
// Pure: a function of the request target alone. Node's HTTP parser has already refused spaces,
// controls and bytes >= 0x80 (shared/docs/canonical-path.md 0).
//
// C.path keeps percent-escapes exactly as sent (Next shows nextUrl.pathname encoded, and compares
// static segments raw) and encodes the few characters WHATWG URL encodes in a path, so that
// `new URL(origin + C.path).pathname === C.path`. It never holds `//`, `\`, a dot segment (raw or
// %2e), `#`, a malformed escape, an escape that is not UTF-8, `%00`, or a trailing `/` (but `/`).
import type { IncomingMessage } from 'node:http'
import { parse, stringify } from 'node:querystring'
import type { FastifyReply } from 'fastify'
import { FST_ERR_NEXT_OPTIONS } from './errors.js'

export interface CanonicalPath {
  readonly kind: 'path'
  /** the path, basePath included, in the canonical form */
  readonly path: string
  /** `?…` as sent, or '' */
  readonly search: string
}

/**
 * The request must not go on as sent. 308: to a same-origin canonical location (always relative,
 * starting with a single `/`). `slashOnly`: the only fault was a trailing slash, which the host
 * app's own routes may keep (their slash policy is theirs); `path` is then the canonical path.
 */
export interface Redirect {
  readonly kind: 'redirect'
  readonly location: string
  readonly path: string
  readonly search: string
  readonly slashOnly: boolean
}

export interface BadRequest {
  readonly kind: 'bad'
  /** why, for the log */
  readonly reason: string
}

export type Canonical = CanonicalPath | Redirect | BadRequest

// A path made only of unreserved and sub-delim characters, `:` and `@`, in non-empty segments
// that are not `.` or `..`: already canonical (the request path of nearly every real request).
const FAST = /^(?:\/(?!\.\.?(?:\/|$))[\w\-.~!$&'()*+,;=:@]+)+$/
// Characters WHATWG URL percent-encodes in a path that Node's parser lets through raw.
const WHATWG_ENCODED = /["<>`{}]/g
const ABSOLUTE_FORM = /^https?:\/\/([^/?#]*)(.*)$/is
// An authority as a client may send it: a host name or IP literal with an optional port.
const AUTHORITY = /^(?:[a-z0-9\-.]+|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i
const ESCAPE = /%(?![0-9a-f]{2})/i

const bad = (reason: string): BadRequest => ({ kind: 'bad', reason })

/**
 * What a trailing slash means (next.config `trailingSlash`, `skipTrailingSlashRedirect`). 'never'
 * (Next's default): `/a/` is redirected to `/a`. 'always': `/a` to `/a/`, but a file-like last
 * segment (`/a.txt`, not under `/.well-known`) loses it, as Next's own redirect rules do. 'either':
 * both spellings are served, no redirect. Whatever the policy, C.path holds no trailing slash: the
 * one form every consumer compares; displayPath() puts the slash back where the app shows it.
 */
export type SlashPolicy = 'never' | 'always' | 'either'

export function canonicalize (target: string, slash: SlashPolicy = 'never'): Canonical {
  if (slash === 'never') return canonicalizeNever(target)
  const q = target.indexOf('?')
  const rawPath = q === -1 ? target : target.slice(0, q)
  const search = q === -1 ? '' : target.slice(q)
  const trailing = rawPath.length > 1 && rawPath.endsWith('/') && rawPath.charCodeAt(0) === 47
  const c = canonicalizeNever(trailing ? rawPath.replace(/\/+$/, '') + search : target)
  if (c.kind === 'bad') return c
  if (slash === 'either') {
    // Only the slash was off: served as it is.
    if (c.kind === 'redirect' && c.slashOnly) return { kind: 'path', path: c.path, search: c.search }
    return c
  }
  const wanted = c.path === '/' || isFileLike(c.path) ? c.path : c.path + '/'
  if (c.kind === 'path') {
    if (trailing === (wanted !== c.path)) return c
    return { kind: 'redirect', location: wanted + rewriteQuery(search), path: c.path, search, slashOnly: true }
  }
  const slashOnly = c.slashOnly
  return { kind: 'redirect', location: wanted + (slashOnly ? rewriteQuery(search) : c.location.slice(c.path.length)), path: c.path, search, slashOnly }
}

// Next's trailingSlash redirect leaves a file (a last segment with an extension) without the slash.
const FILE_LIKE = /\/[^/]+\.\w+$/
export function isFileLike (path: string): boolean {
  return FILE_LIKE.test(path) && !/^(?:\/[^/]+)*?\/\.well-known(?:\/|$)/.test(path)
}

/** The path as the app shows it (request.url, nextUrl, config rule sources): with 'always', the slash put back. */
export function displayPath (path: string, slash: SlashPolicy): string {
  return slash === 'always' && path !== '/' && !isFileLike(path) ? path + '/' : path
}

function canonicalizeNever (target: string): Canonical {
  const q = target.indexOf('?')
  const rawPath = q === -1 ? target : target.slice(0, q)
  if (rawPath === '/' || FAST.test(rawPath)) {
    if (q !== -1 && target.includes('#', q)) return bad('a fragment (#) in the request target')
    return { kind: 'path', path: rawPath, search: q === -1 ? '' : target.slice(q) }
  }
  return slowPath(target, rawPath, q === -1 ? '' : target.slice(q))
}

function slowPath (target: string, rawPath: string, search: string): Canonical {
  if (target.charCodeAt(0) !== 47) {
    // Absolute-form (RFC 9112 3.2.2): answered with a relative 308 to its path, never with a
    // Location naming the authority the client wrote (Next's points there).
    const m = ABSOLUTE_FORM.exec(target)
    if (m === null) return bad(`a request target that is neither a path nor an absolute URL: ${JSON.stringify(target.slice(0, 64))}`)
    if (!AUTHORITY.test(m[1])) return bad('an absolute-form target with a malformed authority')
    const inner = canonicalizeNever(m[2] === '' ? '/' : m[2].charCodeAt(0) === 63 ? '/' + m[2] : m[2])
    if (inner.kind === 'bad') return inner
    const path = inner.path
    return { kind: 'redirect', location: path + inner.search, path, search: inner.search, slashOnly: false }
  }
  // RFC 9112: a request target has no fragment. Next would serve the part before it; find-my-way
  // turns it into a query. Refused, so neither reading can be chosen by an attacker.
  if (target.includes('#')) return bad('a fragment (#) in the request target')
  if (ESCAPE.test(rawPath)) return bad('a malformed percent-escape in the path')
  if (rawPath.includes('%')) {
    // Escapes that are not UTF-8 (overlong, surrogates, lone bytes) make decodeURIComponent throw.
    try {
      decodeURIComponent(rawPath)
    } catch {
      return bad('a percent-escape that is not UTF-8')
    }
    if (rawPath.includes('%00')) return bad('an encoded NUL (%00) in the path')
  }
  const encoded = rawPath.replace(WHATWG_ENCODED, c => '%' + c.charCodeAt(0).toString(16).toUpperCase())
  const normal = normalize(encoded)
  if (normal === encoded) return { kind: 'path', path: normal, search }
  const slashOnly = normal === encoded.slice(0, -1) && !encoded.includes('\\') && !encoded.includes('//')
  // Next's trailing-slash 308 is one of its redirect rules, which write the query anew
  // (`?next=/a` -> `?next=%2Fa`, an empty `?` dropped); its `\`/`//` 308 keeps it as sent.
  const location = normal + (slashOnly ? rewriteQuery(search) : search === '?' ? '' : search)
  return { kind: 'redirect', location, path: normal, search, slashOnly }
}

function rewriteQuery (search: string): string {
  if (search.length <= 1) return ''
  const query = stringify(parse(search.slice(1)))
  return query === '' ? '' : '?' + query
}

/**
 * `\` read as `/` (as browsers and WHATWG URL do), runs of `/` as one, dot segments (also `%2e`)
 * resolved without going above the root, and no trailing `/`. The result is canonical.
 */
function normalize (path: string): string {
  const out: string[] = []
  const parts = path.replaceAll('\\', '/').split('/')
  for (let i = 1; i < parts.length; i++) {
    const part = parts[i]
    if (part === '') continue
    const dots = part.length <= 6 ? part.replace(/%2e/gi, '.') : part
    if (dots === '.') continue
    if (dots === '..') {
      out.pop()
      continue
    }
    out.push(part)
  }
  return '/' + out.join('/')
}

const kCanonical = Symbol('fastify-next-routes.canonical')
// `slash` null: settled by a consumer, the same for every policy.
interface Cached { readonly url: string, readonly slash: SlashPolicy | null, readonly c: Canonical }

/**
 * The canonical form of this request's current target, computed once: a re-dispatch after an
 * internal rewrite changes raw.url and gets its own.
 */
export function canonicalOf (raw: IncomingMessage, slash: SlashPolicy = 'never'): Canonical {
  const url = raw.url as string
  const cached = (raw as { [kCanonical]?: Cached })[kCanonical]
  if (cached !== undefined && cached.url === url && (cached.slash === slash || cached.slash === null)) return cached.c
  const c = canonicalize(url, slash)
  ;(raw as { [kCanonical]?: Cached })[kCanonical] = { url, slash, c }
  return c
}

/**
 * Settle this request on `c` (the path a consumer chose to go on with, such as a host route's
 * path without its trailing slash), so that every later reader of canonicalOf sees the same.
 */
export function settleCanonical (raw: IncomingMessage, c: CanonicalPath): void {
  ;(raw as { [kCanonical]?: Cached })[kCanonical] = { url: raw.url as string, slash: null, c }
}

/**
 * How a folder name is spelled in a canonical path: as a browser sends it (WHATWG path encoding
 * plus `%`, `#`, `?` and `\`, UTF-8 with uppercase hex). The only spelling a static segment answers to.
 */
export function spellSegment (text: string): string {
  let out = ''
  for (const ch of text) {
    const code = ch.codePointAt(0) as number
    if (code > 0x20 && code < 0x7f && !'"#<>?`{}%\\'.includes(ch)) out += ch
    else out += encodeURIComponent(ch).replace(/%[0-9a-f]{2}/g, e => e.toUpperCase())
  }
  return out
}

/**
 * The canonical basePath of a Fastify prefix: each segment spelled as a browser sends it, no
 * trailing slash. A prefix with parameters has no single basePath: refused.
 */
export function canonicalBasePath (prefix: string): string {
  const trimmed = prefix.replace(/\/+$/, '')
  if (trimmed === '') return ''
  if (/[:*]/.test(trimmed)) {
    throw new FST_ERR_NEXT_OPTIONS(`'prefix': '${prefix}' has a parameter or wildcard; the prefix of the route files is their basePath and must be plain text`)
  }
  return trimmed.split('/').map((part, i) => i === 0 ? '' : spellSegment(part)).join('/')
}

/** `path` with the basePath removed (`/` for the basePath itself); `path` must be in it. */
export function stripBasePath (path: string, basePath: string): string {
  if (basePath === '') return path
  return path.length === basePath.length ? '/' : path.slice(basePath.length)
}

/** The 308 as Next sends it: Location with the query kept, Refresh, and the location as text. */
export function sendRedirect308 (reply: FastifyReply, location: string): void {
  reply.code(308).header('location', location).header('refresh', `0;url=${location}`).type('text/plain').send(location)
}
