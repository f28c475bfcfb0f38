// Which next.config keys apply here, which are ignored (they concern rendering or the build) and
// which are refused (they change routing in a way this package does not reproduce). Decided once
// at startup; docs/next-config.md lists every key with its class.
import { FST_ERR_NEXT_CONFIG, FST_ERR_NEXT_CONFIG_UNSUPPORTED } from '../errors.js'

export interface RawRule { readonly [key: string]: unknown }

export interface RawRewrites {
  readonly beforeFiles: RawRule[]
  readonly afterFiles: RawRule[]
  readonly fallback: RawRule[]
}

export interface NextConfigSettings {
  /** where the config came from, for messages */
  readonly file: string
  /** the config's own basePath ('' for none), validated */
  readonly basePath: string
  readonly trailingSlash: boolean
  readonly skipTrailingSlashRedirect: boolean
  readonly skipMiddlewareUrlNormalize: boolean
  readonly env: Readonly<Record<string, string>>
  readonly headers: RawRule[]
  readonly redirects: RawRule[]
  readonly rewrites: RawRewrites
  /** top-level keys set but without effect here, for the one startup line */
  readonly ignored: string[]
}

// Applied: read below. Accepted without effect because loading already behaves so here: route files
// are loaded by Node (with jiti), never bundled, so every package is "external" and any package
// may ship TypeScript or modern syntax.
const APPLIED = new Set(['basePath', 'trailingSlash', 'skipTrailingSlashRedirect', 'skipMiddlewareUrlNormalize', 'env', 'headers', 'redirects', 'rewrites',
  'serverExternalPackages', 'transpilePackages'])
// Change which URL reaches which file: serving without them would answer differently from Next.
const REFUSED: Record<string, string> = {
  i18n: 'locale routing is a Pages Router feature (App Router apps use a [lang] segment and middleware); remove `i18n` or serve the app with next start'
}
const SEGMENT_ESCAPES = /[:*()?+{}\\#]/

export const EMPTY_SETTINGS: NextConfigSettings = Object.freeze({
  file: '',
  basePath: '',
  trailingSlash: false,
  skipTrailingSlashRedirect: false,
  skipMiddlewareUrlNormalize: false,
  env: {},
  headers: [],
  redirects: [],
  rewrites: { beforeFiles: [], afterFiles: [], fallback: [] },
  ignored: []
})

export async function readSettings (config: Record<string, unknown>, file: string): Promise<NextConfigSettings> {
  const fail = (message: string): never => { throw new FST_ERR_NEXT_CONFIG(file, message) }
  for (const [key, why] of Object.entries(REFUSED)) {
    if (config[key] !== undefined && config[key] !== null) throw new FST_ERR_NEXT_CONFIG_UNSUPPORTED(file, key, why)
  }
  const ignored = Object.keys(config).filter(key => !APPLIED.has(key) && config[key] !== undefined)
  const bool = (key: string): boolean => {
    const v = config[key]
    if (v === undefined) return false
    if (typeof v !== 'boolean') fail(`\`${key}\` must be a boolean, got ${JSON.stringify(v)}`)
    return v as boolean
  }
  let basePath = ''
  if (config.basePath !== undefined && config.basePath !== '') {
    const b = config.basePath
    // Next's own checks (config.ts), plus plain text: it joins the Fastify prefix.
    if (typeof b !== 'string') fail('`basePath` must be a string')
    else if (!b.startsWith('/')) fail(`Specified basePath has to start with a /, found "${b}"`)
    else if (b === '/') fail('Specified basePath /. basePath has to be either an empty string or a path prefix')
    else if (b.endsWith('/')) fail(`Specified basePath should not end with /, found "${b}"`)
    else if (SEGMENT_ESCAPES.test(b)) fail(`\`basePath\` "${b}" must be plain text (no parameter, wildcard or group)`)
    basePath = b as string
  }
  const env: Record<string, string> = {}
  if (config.env !== undefined) {
    if (typeof config.env !== 'object' || config.env === null) fail('`env` must be an object')
    for (const [key, value] of Object.entries(config.env as object)) {
      // Next refuses NODE_ and __ keys and inlines the rest as strings.
      if (key.startsWith('__') || key.startsWith('NODE_') || key === 'NEXT_RUNTIME') fail(`The key "${key}" under "env" in next.config is not allowed`)
      env[key] = String(value)
    }
  }
  const list = async (key: 'headers' | 'redirects'): Promise<RawRule[]> => {
    const fn = config[key]
    if (fn === undefined) return []
    if (typeof fn !== 'function') return fail(`\`${key}\` must be an async function returning an array`)
    const value: unknown = await (fn as () => unknown)()
    if (!Array.isArray(value)) return fail(`${key}() must return an array, got ${typeof value}`)
    return value as RawRule[]
  }
  let rewrites: RawRewrites = EMPTY_SETTINGS.rewrites
  if (config.rewrites !== undefined) {
    if (typeof config.rewrites !== 'function') fail('`rewrites` must be an async function')
    const value: unknown = await (config.rewrites as () => unknown)()
    if (Array.isArray(value)) {
      // An array is afterFiles, as in Next.
      rewrites = { beforeFiles: [], afterFiles: value as RawRule[], fallback: [] }
    } else if (typeof value === 'object' && value !== null) {
      const v = value as Record<string, unknown>
      for (const part of ['beforeFiles', 'afterFiles', 'fallback']) {
        if (v[part] !== undefined && !Array.isArray(v[part])) fail(`rewrites().${part} must be an array`)
      }
      rewrites = { beforeFiles: (v.beforeFiles ?? []) as RawRule[], afterFiles: (v.afterFiles ?? []) as RawRule[], fallback: (v.fallback ?? []) as RawRule[] }
    } else {
      fail('rewrites() must return an array or { beforeFiles, afterFiles, fallback }')
    }
  }
  return {
    file,
    basePath,
    trailingSlash: bool('trailingSlash'),
    skipTrailingSlashRedirect: bool('skipTrailingSlashRedirect'),
    skipMiddlewareUrlNormalize: bool('skipMiddlewareUrlNormalize'),
    env,
    headers: await list('headers'),
    redirects: await list('redirects'),
    rewrites,
    ignored
  }
}
