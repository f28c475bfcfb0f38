// Next's Node API on the request and response an API route is given: what Next's apiResolver adds
// to the IncomingMessage (query, cookies, body, preview, previewData, draftMode) and to the
// ServerResponse (status, send, json, redirect, setDraftMode, setPreviewData, clearPreviewData,
// revalidate). The response methods are shared functions reading their request and settings from
// the response, so each request costs a few property writes and no closures.
import { createHmac, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { Stream } from 'node:stream'
import { revalidatePathTag } from '../cache/policy.js'
import type { PluginShared } from '../context.js'
import { BYPASS_COOKIE } from '../preview.js'
import { etagOf, sendEtagResponse } from './etag.js'

const DATA_COOKIE = '__next_preview_data'
const JSON_TYPE = 'application/json; charset=utf-8'
const kApi = Symbol('fastify-next-routes.pagesApi')

interface ApiState {
  readonly req: IncomingMessage
  readonly shared: PluginShared
  previewData?: unknown
}

export type ApiRequest = IncomingMessage & {
  query: Record<string, string | string[]>
  cookies: Record<string, string>
  body?: unknown
  preview?: true
  previewData?: unknown
  draftMode?: true
}

type ApiResponse = ServerResponse & { [kApi]: ApiState } & Record<string, unknown>

/** Next's cookie parser (the `cookie` package): first value of a name wins, %-escapes decoded. */
export function parseCookies (header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {}
  if (header === undefined || header === '') return out
  for (const part of header.split(';')) {
    const eq = part.indexOf('=')
    if (eq === -1) continue
    const name = part.slice(0, eq).trim()
    if (name === '' || Object.prototype.hasOwnProperty.call(out, name)) continue
    let value = part.slice(eq + 1).trim()
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1)
    if (value.includes('%')) {
      try { value = decodeURIComponent(value) } catch {}
    }
    out[name] = value
  }
  return out
}

function lazy<T> (target: object, name: string, get: () => T): void {
  Object.defineProperty(target, name, {
    configurable: true,
    enumerable: true,
    get () {
      const value = get()
      Object.defineProperty(target, name, { value, writable: true, configurable: true, enumerable: true })
      return value
    },
    set (value: T) {
      Object.defineProperty(target, name, { value, writable: true, configurable: true, enumerable: true })
    }
  })
}

/** Decorate `req` and `res` as Next's apiResolver does (the body is parsed by the caller). */
export function decorate (req: IncomingMessage, res: ServerResponse, query: Record<string, string | string[]>, shared: PluginShared): ApiRequest {
  const apiReq = req as ApiRequest
  Object.defineProperty(apiReq, 'query', { value: query, writable: true, enumerable: true, configurable: true })
  lazy(apiReq, 'cookies', () => parseCookies(req.headers.cookie))
  const state: ApiState = { req, shared }
  lazy(apiReq, 'previewData', () => readPreviewData(state, res))
  lazy(apiReq, 'preview', () => (apiReq.previewData !== false ? true : undefined))
  lazy(apiReq, 'draftMode', () => apiReq.preview)
  const apiRes = res as ApiResponse
  apiRes[kApi] = state
  apiRes.status = status
  apiRes.send = send
  apiRes.json = json
  apiRes.redirect = redirect
  apiRes.setDraftMode = setDraftMode
  apiRes.setPreviewData = setPreviewData
  apiRes.clearPreviewData = clearPreviewData
  apiRes.revalidate = revalidate
  // Next's compression middleware gives res.flush(); without compression there is nothing held
  // back to flush, so it is there for code that calls it.
  if (typeof apiRes.flush !== 'function') apiRes.flush = noop
  return apiReq
}

function noop (): void {}

function status (this: ApiResponse, code: number): ApiResponse {
  this.statusCode = code
  return this
}

function json (this: ApiResponse, body: unknown): void {
  this.setHeader('Content-Type', JSON_TYPE)
  send.call(this, JSON.stringify(body))
}

// Next's sendData: the value's type decides the content type; string and JSON bodies get an ETag
// (and a 304 when If-None-Match names it), a Buffer's ETag is that of its JSON form, as in Next.
function send (this: ApiResponse, body: unknown): void {
  const res = this
  if (body === null || body === undefined) {
    res.end()
    return
  }
  if (res.statusCode === 204 || res.statusCode === 304) {
    res.removeHeader('Content-Type')
    res.removeHeader('Content-Length')
    res.removeHeader('Transfer-Encoding')
    res.end()
    return
  }
  const contentType = res.getHeader('Content-Type')
  if (body instanceof Stream) {
    if (contentType === undefined) res.setHeader('Content-Type', 'application/octet-stream')
    ;(body as unknown as NodeJS.ReadableStream).pipe(res)
    return
  }
  const jsonLike = typeof body === 'object' || typeof body === 'number' || typeof body === 'boolean'
  const text = jsonLike ? JSON.stringify(body) : String(body)
  if (sendEtagResponse(res[kApi].req, res, etagOf(text))) return
  if (Buffer.isBuffer(body)) {
    if (contentType === undefined) res.setHeader('Content-Type', 'application/octet-stream')
    res.setHeader('Content-Length', body.length)
    res.end(body)
    return
  }
  if (jsonLike) res.setHeader('Content-Type', JSON_TYPE)
  res.setHeader('Content-Length', Buffer.byteLength(text))
  res.end(text)
}

function redirect (this: ApiResponse, statusOrUrl: unknown, url?: unknown): ApiResponse {
  let code = statusOrUrl
  let target = url
  if (typeof statusOrUrl === 'string') {
    target = statusOrUrl
    code = 307
  }
  if (typeof code !== 'number' || typeof target !== 'string') {
    throw new Error("Invalid redirect arguments. Please use a single argument URL, e.g. res.redirect('/destination') or use a status code and URL, e.g. res.redirect(307, '/destination').")
  }
  this.writeHead(code, { Location: target })
  this.write(target)
  this.end()
  return this
}

// Cookie attributes as Next writes them: SameSite=None and Secure outside development.
function attributes (options: { maxAge?: number, path?: string, expire?: boolean }): string {
  const dev = process.env.NODE_ENV === 'development'
  let out = ''
  if (options.maxAge !== undefined) out += `; Max-Age=${Math.floor(options.maxAge)}`
  out += `; Path=${options.path ?? '/'}`
  if (options.expire === true) out += '; Expires=Thu, 01 Jan 1970 00:00:00 GMT'
  else if (options.maxAge !== undefined) out += `; Expires=${new Date(Date.now() + options.maxAge * 1000).toUTCString()}`
  out += '; HttpOnly'
  return out + (dev ? '; SameSite=Lax' : '; Secure; SameSite=None')
}

function appendCookies (res: ServerResponse, lines: string[]): void {
  const previous = res.getHeader('Set-Cookie')
  const list = previous === undefined ? [] : Array.isArray(previous) ? previous : [String(previous)]
  res.setHeader('Set-Cookie', [...list, ...lines])
}

function setDraftMode (this: ApiResponse, options: { enable?: boolean } = { enable: true }): ApiResponse {
  const id = this[kApi].shared.previewModeId
  // Disabling keeps the id as the value and expires the cookie (what next start sends).
  appendCookies(this, [`${BYPASS_COOKIE}=${id}${attributes({ expire: options.enable !== true })}`])
  return this
}

// Preview data is signed with a key derived from previewModeId, so only this server (and others
// given the same previewModeId) accepts it. Next encrypts it with its build's keys: the cookies of
// a `next start` are not readable here, nor the reverse (docs/routing.md).
function sign (payload: string, id: string): string {
  return createHmac('sha256', 'fastify-next-routes preview data:' + id).update(payload).digest('base64url')
}

function setPreviewData (this: ApiResponse, data: unknown, options: { maxAge?: number, path?: string } = {}): ApiResponse {
  const id = this[kApi].shared.previewModeId
  const payload = Buffer.from(JSON.stringify({ data })).toString('base64url')
  const token = payload + '.' + sign(payload, id)
  if (token.length > 2048) throw new Error('Preview data is limited to 2KB currently, reduce how much data you are storing as preview data to continue')
  appendCookies(this, [`${BYPASS_COOKIE}=${id}${attributes(options)}`, `${DATA_COOKIE}=${token}${attributes(options)}`])
  return this
}

const kCleared = Symbol('fastify-next-routes.previewCleared')

function clearPreviewData (this: ServerResponse, options: { path?: string } = {}): ServerResponse {
  const res = this as ServerResponse & { [kCleared]?: true }
  if (res[kCleared] === true) return res
  res[kCleared] = true
  const attrs = attributes({ path: options.path, expire: true })
  appendCookies(res, [`${BYPASS_COOKIE}=${attrs}`, `${DATA_COOKIE}=${attrs}`])
  return res
}

// Next's tryGetPreviewData: {} in draft mode, the data of a valid preview session, else false (and
// the cookies of a session that cannot be used are cleared).
function readPreviewData (state: ApiState, res: ServerResponse): unknown {
  const cookies = parseCookies(state.req.headers.cookie)
  const bypass = cookies[BYPASS_COOKIE]
  const token = cookies[DATA_COOKIE]
  const id = state.shared.previewModeId
  if (bypass !== undefined && bypass !== '' && (token === undefined || token === '') && bypass === id) return {}
  if ((bypass === undefined || bypass === '') && (token === undefined || token === '')) return false
  if (bypass !== id || token === undefined || token === '') {
    clearPreviewData.call(res)
    return false
  }
  const dot = token.indexOf('.')
  const payload = token.slice(0, dot)
  const given = Buffer.from(token.slice(dot + 1))
  const expected = Buffer.from(sign(payload, id))
  if (dot === -1 || given.length !== expected.length || !timingSafeEqual(given, expected)) {
    clearPreviewData.call(res)
    return false
  }
  try {
    return (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { data: unknown }).data
  } catch {
    return false
  }
}

// On this plugin's response cache: the path's cached entries are regenerated on next request.
async function revalidate (this: ApiResponse, urlPath: unknown): Promise<void> {
  if (typeof urlPath !== 'string' || !urlPath.startsWith('/')) {
    throw new Error(`Invalid urlPath provided to revalidate(), must be a path e.g. /blog/post-1, received ${String(urlPath)}`)
  }
  await this[kApi].shared.cache?.revalidateTags([revalidatePathTag(urlPath, 'page')], true)
}
