// Load route (and middleware) modules unmodified: TypeScript on every supported Node (20 has no type
// stripping; 22/24 strip types but resolve neither tsconfig `paths` nor extensionless imports), with
// `next/*` served by this package. jiti compiles the app's files (and the packages it must
// transpile); Node's module hooks (lib/resolve/) serve next/* to the packages Node loads itself.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { extname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { createJiti } from 'jiti'
import { assetKind, assetPath, assetValue, type AssetKind } from './assets.js'
import { FST_ERR_NEXT_NO_REACT } from './errors.js'
import { ROOT_FOR_ROUTES } from './app-root.js'
import { INTEROP, commonJsExports } from './interop.js'
import { describeFailure, loadError } from './load-failure.js'
import { withRouteResponse } from './route-response.js'
import { isEdgeMiddleware, withEdgeGlobals } from './edge-middleware.js'
import { SCOPED_MODULES, nextModuleFor, nextModuleURL } from './next/modules.js'
import { googleFonts } from './next/stubs/font.js'
import { installResolution } from './resolve/install.js'
import { reactServerPackage } from './resolve/react-server.js'
import { markScopeWanted, scopeWanted, sourceWantsScope } from './resolve/scope-flag.js'
import { registerNextIntlConfig } from './next/stubs/next-intl-config.js'
import { nextIntlRequestConfig } from './app-files.js'

export interface Loader {
  load (file: string): Promise<Record<string, unknown>>
  /** true once any loaded module imported next/headers, next/navigation or next/cache, or after()/connection() */
  readonly scopeWanted: boolean
}

const ownRequire = createRequire(import.meta.url)

// Our ES modules as the CommonJS code jiti emits sees them. require(esm) gives the very namespace
// the plugin imported (one instance: instanceof and the AsyncLocalStorage hold); the __esModule
// mark makes `import Link from 'next/link'` take the default export, as for any compiled module.
const served = new Map<string, unknown>()
function ourModule (file: string): unknown {
  let mod = served.get(file)
  if (mod === undefined) {
    const ns = ownRequire(fileURLToPath(nextModuleURL(file))) as Record<string, unknown>
    mod = 'default' in ns ? Object.freeze({ __esModule: true, ...ns }) : ns
    served.set(file, mod)
  }
  return mod
}

// Asset imports are rewritten to these ids when their importer is compiled (see rewriteImports).
const ASSET = '\0fastify-next-routes-asset:'

function virtualModule (id: string): unknown {
  if (id === 'fastify-next-routes') return ROOT_FOR_ROUTES
  if (id.startsWith(ASSET)) {
    const [kind, file] = id.slice(ASSET.length).split('\0') as [AssetKind, string]
    return { __esModule: true, default: assetValue(kind, file) }
  }
  if (id === 'next/font/google' || id === 'next/font/google.js') return googleFonts
  const file = nextModuleFor(id.replace(/^fastify-next-routes\//, 'next/'))
  if (file === undefined) return undefined
  if (SCOPED_MODULES.has(file)) markScopeWanted()
  return ourModule(file)
}

// jiti looks a specifier up with `in` before resolving it, so a Proxy serves the whole table
// (any next/dist/* path included) and the asset ids without listing them.
const virtualModules = new Proxy({} as Record<string, unknown>, {
  has (_target, id) {
    return typeof id === 'string' && (id === 'fastify-next-routes' || id.startsWith(ASSET) || nextModuleFor(id.replace(/^fastify-next-routes\//, 'next/')) !== undefined)
  },
  get (_target, id) {
    return typeof id === 'string' ? virtualModule(id) : undefined
  }
})

// require("x") and jitiImport("x") with a string literal, as babel's CommonJS output writes them.
const IMPORT_CALL = /\b(require|jitiImport)\((["'])([^"'\n]+)\2\)/g
const NON_CODE = /\.[a-z0-9]+(?:\?[^/]*)?$/i
const JSX_RUNTIME = /\brequire\(["']react\/jsx(?:-dev)?-runtime["']\)/

const COMPILE_CACHE = join(tmpdir(), 'fastify-next-routes-jiti', 'jsx-automatic')

export function createLoader (dir: string, options: { lightResponse: boolean, fresh?: boolean } = { lightResponse: true }): Loader {
  installResolution(dir)
  const parentURL = pathToFileURL(join(dir, 'index.js')).href
  // As Next compiles JSX: the automatic runtime, from the app's own react.
  const jsx = { runtime: 'automatic' as const }
  // A plain instance whose public transform() (babel, with its file cache) we wrap. jiti's cache
  // key is the file and its source, not the compile options: a cache shared with other jiti users
  // (or an older version of this package, which compiled JSX with the classic runtime) would hand
  // back code compiled otherwise. So the cache is ours, named by what decides the output.
  const base = createJiti(parentURL, { jsx, fsCache: COMPILE_CACHE })
  const jiti = createJiti(parentURL, {
    virtualModules,
    tsconfigPaths: findPathsConfig(dir),
    // We read named exports ourselves; jiti's default-export Proxy costs on every access. Default
    // imports still follow `__esModule` (babel's interop), as Next's bundler does.
    interopDefault: false,
    // `dev` reloads: evaluate every file again instead of taking Node's module cache.
    moduleCache: options.fresh !== true,
    jsx,
    // jiti's defaults plus .jsx, which Next accepts as a route file extension.
    extensions: ['.js', '.mjs', '.cjs', '.ts', '.tsx', '.mts', '.cts', '.mtsx', '.ctsx', '.jsx', '.json'],
    // base.transform caches the compiled code; what we do after it depends on other files (assets,
    // react), so it runs on every load and this instance keeps no cache of its own.
    fsCache: false,
    transform: (opts) => {
      const file0 = opts.filename ?? ''
      const source = isEdgeMiddleware(dir, file0) ? withEdgeGlobals(opts.source) : options.lightResponse ? withRouteResponse(opts.source) : opts.source
      const code = base.transform({ ...opts, source })
      const file = opts.filename ?? ''
      if (sourceWantsScope(opts.source)) markScopeWanted()
      return { code: rewriteImports(code, file) }
    }
  })

  registerNextIntlConfig({ dir, file: nextIntlRequestConfig(dir), load: async file => await jiti.import<Record<string, unknown>>(file) })

  // A package with a `react-server` export branch, resolved as Next's server resolves it for
  // route handlers (lib/resolve/react-server.ts): jiti's own resolver takes no conditions from
  // the code it compiles, so the specifier becomes the file the condition picks.
  function serverTarget (specifier: string, fn: string, file: string): string | undefined {
    if (nextModuleFor(specifier) !== undefined || !reactServerPackage(specifier, file)) return undefined
    const conditions = ['react-server', 'node', fn === 'require' ? 'require' : 'import']
    const url = (jiti.esmResolve as (id: string, opts: object) => string | undefined)(specifier, { parentURL: pathToFileURL(file).href, conditions, try: true })
    return url === undefined ? undefined : url.startsWith('file:') ? fileURLToPath(url) : url
  }

  // Asset imports become virtual ids; JSX needs react where the file is; react-server packages
  // their server files.
  function rewriteImports (code: string, file: string): string {
    if (JSX_RUNTIME.test(code)) {
      try {
        createRequire(file).resolve('react/jsx-runtime')
      } catch {
        throw new FST_ERR_NEXT_NO_REACT(file)
      }
    }
    return code.replace(IMPORT_CALL, (original, fn: string, quote: string, specifier: string) => {
      const target = NON_CODE.test(specifier) ? undefined : serverTarget(specifier, fn, file)
      const call = target === undefined ? original : `${fn}(${JSON.stringify(target)})`
      // Imports compiled for an async load: a CommonJS package Node imports itself arrives as its
      // namespace; bundler interop (Next's) wants module.exports, whose __esModule then decides.
      if (fn === 'jitiImport' && !NON_CODE.test(specifier)) return `${call}.then(globalThis[Symbol.for(${JSON.stringify(INTEROP)})])`
      if (!NON_CODE.test(specifier) || specifier.startsWith('node:') || nextModuleFor(specifier) !== undefined) return call
      const asset = assetPath(specifier)
      if (asset === null) return call
      const { path, ext } = asset
      let resolved: string | undefined
      try {
        resolved = (jiti.resolve as (id: string, opts: object) => string | undefined)(path, { parentURL: pathToFileURL(file).href, try: true })
      } catch {}
      // Not a file (say a package named like a file): left to the normal resolution and its error.
      if (resolved === undefined || !existsSync(resolved) || extname(resolved).toLowerCase() !== ext) return call
      const kind = assetKind(resolved, specifier, file)
      if (kind === null) return call
      return `${fn}(${quote}${ASSET}${kind}\0${resolved}${quote})`
    })
  }

  return {
    get scopeWanted () { return scopeWanted() },
    async load (file) {
      try {
        if (sourceWantsScope(readFileSync(file, 'utf8'))) markScopeWanted()
        return commonJsExports(file, await jiti.import<Record<string, unknown>>(file))
      } catch (err) {
        throw loadError([describeFailure(file, err)])
      }
    }
  }
}

/**
 * The config whose `paths` apply: tsconfig.json, else jsconfig.json (create-next-app writes one for
 * JavaScript projects). jiti reads only files named tsconfig.json, so a jsconfig is reached through a
 * generated tsconfig that extends it; `paths` still resolve relative to the jsconfig.
 */
function findPathsConfig (dir: string): string | false {
  const tsconfig = join(dir, 'tsconfig.json')
  if (existsSync(tsconfig)) return tsconfig
  const jsconfig = join(dir, 'jsconfig.json')
  if (!existsSync(jsconfig)) return false
  const shim = join(mkdtempSync(join(tmpdir(), 'fastify-next-routes-')), 'tsconfig.json')
  writeFileSync(shim, JSON.stringify({ extends: jsconfig }))
  return shim
}
