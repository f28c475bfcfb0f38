// The loader over a build folder: each module the app loads is the compiled ES module the build
// wrote, imported by Node itself. No TypeScript compiler (jiti, babel) is imported. Node's module
// hooks (lib/resolve/) serve next/* to the built code and to the packages it imports, so there is
// one instance of each of our modules, as under the compiling loader.
import { readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
// For their globals, which the compiled code reads: the helpers object, the light Response, the
// middleware's edge fetch/Request/Response.
import '../app-root.js'
import '../route-response.js'
import '../edge-middleware.js'
import { nextIntlRequestConfig } from '../app-files.js'
import { FST_ERR_NEXT_BUILD_STALE } from '../errors.js'
import { commonJsExports } from '../interop.js'
import type { Loader } from '../load.js'
import { describeFailure, loadError } from '../load-failure.js'
import { registerNextIntlConfig } from '../next/stubs/next-intl-config.js'
import { installResolution, redirectBuild } from '../resolve/install.js'
import { markScopeWanted, scopeWanted } from '../resolve/scope-flag.js'
import { standIn } from './lazy-module.js'
import { appPath } from '../app-path.js'
import type { BuildManifest, BuiltModule } from './manifest.js'

export const ASSET_KEY = 'fastify-next-routes.buildAsset'

// Build folders of the process (their file URLs) → the app folder, for assets read at run time.
const builds = new Map<string, string>()

/**
 * What a `.wasm?module` import of a built module evaluates to: the source file (relative to the
 * app folder) compiled. The build folder is found from the importing chunk's URL.
 */
function builtAsset (importer: string, kind: string, file: string): unknown {
  for (const [url, dir] of builds) {
    if (importer.startsWith(url)) {
      const bytes = readFileSync(join(dir, file))
      return kind === 'wasm' ? new WebAssembly.Module(bytes) : bytes
    }
  }
  throw new Error(`fastify-next-routes: '${fileURLToPath(importer)}' is not in a build folder this process opened`)
}
;(globalThis as Record<symbol, unknown>)[Symbol.for(ASSET_KEY)] = builtAsset

export const SOURCE_KEY = 'fastify-next-routes.buildSource'

// Build ids (manifest.id) of the builds this process opened → their app folders.
const buildIds = new Map<string, string>()

/**
 * Where a built module's code came from, for `import.meta.url`/`dirname`/`filename` and
 * `__dirname`/`__filename` in the app's source: as under the loader (and as Next's bundler gives
 * import.meta.url), the source file, not the chunk it was bundled into. The compiled code names
 * its build by id (not by `import.meta`, which would make esbuild take a CommonJS file for an ES
 * module), so an app folder moved with its build still points at its own files.
 */
function builtSource (id: string, file: string): { url: string, filename: string, dirname: string } {
  const dir = buildIds.get(id)
  if (dir === undefined) throw new Error(`fastify-next-routes: build ${id} was not opened by this process`)
  const filename = join(dir, file)
  return { url: pathToFileURL(filename).href, filename, dirname: dirname(filename) }
}
;(globalThis as Record<symbol, unknown>)[Symbol.for(SOURCE_KEY)] = builtSource

/** A built module's exports, as the compiling loader gives the source's. */
export async function importBuilt (buildDir: string, file: string, built: BuiltModule): Promise<Record<string, unknown>> {
  if (built.scope) markScopeWanted()
  try {
    const ns = await import(pathToFileURL(join(buildDir, built.out)).href) as Record<string, unknown>
    // A CommonJS source's module.exports, whatever package.json's type says (as the loader reads it).
    if (built.commonjs === true) return ns.default as Record<string, unknown>
    return commonJsExports(file, ns)
  } catch (err) {
    throw loadError([describeFailure(file, err)])
  }
}

export function openBuild (dir: string, buildDir: string, manifest: BuildManifest): Loader {
  installResolution(dir)
  const buildURL = pathToFileURL(buildDir).href + '/'
  // The built chunks import the app's packages; they resolve with the react-server condition as
  // the app's own files do, also when the build folder is outside the app folder.
  if (!buildURL.startsWith(pathToFileURL(resolve(dir)).href + '/')) {
    installResolution(buildDir)
    redirectBuild(buildDir, dir)
  }
  builds.set(buildURL, dir)
  buildIds.set(manifest.id, dir)

  async function load (file: string): Promise<Record<string, unknown>> {
    const key = appPath(dir, file)
    const built = manifest.modules[key]
    if (built === undefined) throw new FST_ERR_NEXT_BUILD_STALE(buildDir, `'${key}' is not in it`)
    if (built.shape !== undefined) return standIn(built.shape, async () => await importBuilt(buildDir, file, built))
    return await importBuilt(buildDir, file, built)
  }

  // The build loaded every module: what it saw wanting the scope holds for modules not imported yet.
  if (manifest.scopeWanted === true) markScopeWanted()
  registerNextIntlConfig({ dir, file: nextIntlRequestConfig(dir), load })
  return {
    get scopeWanted () { return scopeWanted() },
    load
  }
}
