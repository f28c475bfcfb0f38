// Load route (and middleware) modules unmodified: TypeScript on every supported Node (20 has no type
// stripping; 22/24 strip types but resolve neither tsconfig `paths` nor extensionless imports), with
// `next/*` served by this package. jiti does all three in module, typeless and commonjs folders.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { createJiti } from 'jiti'
import { FST_ERR_NEXT_MODULE_LOAD, errorCodes } from './errors.js'
import { getFastifyRequest, toRequest } from './request.js'
import { withRouteResponse } from './route-response.js'
import * as cache from './next/cache.js'
import * as headers from './next/headers.js'
import * as navigation from './next/navigation.js'
import * as og from './next/og.js'
import * as nextRoot from './next/index.js'
import * as server from './next/server.js'

export interface Loader {
  load (file: string): Promise<Record<string, unknown>>
  /** true once any loaded module imported next/headers, next/navigation or next/cache */
  readonly scopeWanted: boolean
}

// Shims that need the per-request scope; the rest of next/server works without it.
const SCOPED = { 'next/headers': headers, 'next/navigation': navigation, 'next/cache': cache }

// Route files may call after()/connection() from next/server, which need the scope too. next/server is
// imported by nearly every route, so those two are found by a look at the file's text instead.
const SCOPED_CALL = /\b(?:after|connection)\s*\(/

// Process-wide: jiti shares Node's module cache, so a module a second loader finds cached is not
// evaluated again and never touches the getters below; what one load saw holds for all.
let scopeWanted = false

const ROOT_FOR_ROUTES = { toRequest, getFastifyRequest, errorCodes, NextRequest: server.NextRequest, NextResponse: server.NextResponse }

export function createLoader (dir: string, options: { lightResponse: boolean, fresh?: boolean } = { lightResponse: true }): Loader {
  // The very module objects the plugin uses, so classes and the request scope are shared (a second
  // copy would break instanceof and AsyncLocalStorage). Getters tell us which shims are imported.
  const virtualModules: Record<string, unknown> = {}
  const define = (id: string, mod: unknown, scoped: boolean): void => {
    for (const name of [id, id + '.js', id.replace('next/', 'fastify-next-routes/')]) {
      Object.defineProperty(virtualModules, name, {
        enumerable: true,
        get () {
          if (scoped) scopeWanted = true
          return mod
        }
      })
    }
  }
  define('next/server', server, false)
  define('next/og', og, false)
  // `import type { MetadataRoute } from 'next'` is erased; a value import gets this (types only).
  virtualModules.next = nextRoot
  // What route files may take from the package root (the plugin itself is the app's business).
  virtualModules['fastify-next-routes'] = ROOT_FOR_ROUTES
  for (const [id, mod] of Object.entries(SCOPED)) define(id, mod, true)

  const parentURL = pathToFileURL(join(dir, 'index.js')).href
  // A plain instance whose public transform() we reuse after binding the route-module Response.
  const base = createJiti(parentURL, { jsx: true })
  const jiti = createJiti(parentURL, {
    virtualModules,
    tsconfigPaths: findPathsConfig(dir),
    // We read named exports ourselves; jiti's default-export Proxy costs on every access.
    interopDefault: false,
    // `dev` reloads: evaluate every file again instead of taking Node's module cache.
    moduleCache: options.fresh !== true,
    jsx: true,
    // jiti's defaults plus .jsx, which Next accepts as a route file extension.
    extensions: ['.js', '.mjs', '.cjs', '.ts', '.tsx', '.mts', '.cts', '.mtsx', '.ctsx', '.jsx', '.json'],
    ...(options.lightResponse
      ? {
          transform: (opts) => ({ code: base.transform({ ...opts, source: withRouteResponse(opts.source) }) }),
          // Transformed output differs with the option, so each mode keeps its own cache.
          fsCache: join(tmpdir(), 'fastify-next-routes-jiti', 'light')
        }
      : {})
  })

  return {
    get scopeWanted () { return scopeWanted },
    async load (file) {
      try {
        if (SCOPED_CALL.test(readFileSync(file, 'utf8'))) scopeWanted = true
        return await jiti.import<Record<string, unknown>>(file)
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err)
        throw new FST_ERR_NEXT_MODULE_LOAD(file, message, { cause: err })
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
