// A Pages API route module's `config` export, read once at startup as Next's build reads it:
// `config.api.bodyParser` (false, or { sizeLimit }), `config.api.responseLimit` (false or a size,
// default 4mb: a warning only), `config.api.externalResolver`, and the runtime (`config.runtime`
// or an `export const runtime`, as Next 16 accepts for pages).
import { FST_ERR_NEXT_PAGES_API } from '../errors.js'

export interface ApiConfig {
  /** null: bodyParser false, the request stream is left to the handler */
  readonly bodyParser: { readonly limit: number, readonly label: string | number } | null
  /** bytes over which Next warns, or null */
  readonly responseLimit: { readonly limit: number, readonly label: string | number } | null
  readonly externalResolver: boolean
  readonly edge: boolean
}

const UNITS: Record<string, number> = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3, tb: 1024 ** 4, pb: 1024 ** 5 }

/** A size as the `bytes` package Next uses parses it: a number of bytes, or `1mb`, `500kb`, `1.5 MB`. */
export function parseSize (value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return Math.floor(value)
  if (typeof value !== 'string') return null
  const m = /^\s*(\d+(?:\.\d+)?)\s*(b|kb|mb|gb|tb|pb)?\s*$/i.exec(value)
  if (m === null) return null
  return Math.floor(Number(m[1]) * UNITS[(m[2] ?? 'b').toLowerCase()])
}

function size (value: unknown, file: string, what: string): { limit: number, label: string | number } {
  const limit = parseSize(value)
  if (limit === null) throw new FST_ERR_NEXT_PAGES_API(file, `${what} must be a number of bytes or a size such as '1mb', got ${JSON.stringify(value)}`)
  return { limit, label: value as string | number }
}

export function readApiConfig (mod: Record<string, unknown>, file: string): ApiConfig {
  const config = (mod.config ?? {}) as { api?: Record<string, unknown>, runtime?: unknown }
  const api = (config.api ?? {}) as { bodyParser?: unknown, responseLimit?: unknown, externalResolver?: unknown }
  const runtime = config.runtime ?? mod.runtime
  if (runtime !== undefined && runtime !== 'nodejs' && runtime !== 'edge' && runtime !== 'experimental-edge') {
    throw new FST_ERR_NEXT_PAGES_API(file, `runtime must be 'nodejs' or 'edge', got ${JSON.stringify(runtime)}`)
  }
  let bodyParser: ApiConfig['bodyParser'] = size('1mb', file, 'sizeLimit')
  if (api.bodyParser === false) bodyParser = null
  else if (typeof api.bodyParser === 'object' && api.bodyParser !== null) {
    const limit = (api.bodyParser as { sizeLimit?: unknown }).sizeLimit
    if (limit !== undefined) bodyParser = size(limit, file, 'config.api.bodyParser.sizeLimit')
  }
  let responseLimit: ApiConfig['responseLimit'] = size('4mb', file, 'responseLimit')
  if (api.responseLimit === false) responseLimit = null
  else if (api.responseLimit !== undefined && api.responseLimit !== true) responseLimit = size(api.responseLimit, file, 'config.api.responseLimit')
  return { bodyParser, responseLimit, externalResolver: api.externalResolver === true, edge: runtime === 'edge' || runtime === 'experimental-edge' }
}
