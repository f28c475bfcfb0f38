// `fastify-next-routes build`: every module the app loads (route files, middleware/proxy,
// next.config, pages/api, instrumentation, next-intl's request config) and what they import from
// the app, compiled by esbuild into plain ES modules in one build. Splitting keeps a module that
// route files share ONE instance, as under the loader. Packages stay external: Node resolves them
// at run time, as it does without a build. The rules are lib/load.ts's:
// - next/*, server-only, client-only and next-intl/config stay imports, which Node's module hooks
//   (lib/resolve/) serve from this package (one instance with the plugin's);
// - `fastify-next-routes` is the helpers object the loader serves (lib/app-root.ts);
// - asset imports evaluate to what lib/assets.ts gives (images and stylesheets inlined at build);
// - a default import of a CommonJS package marked `__esModule` is its exports.default (interop.ts);
// - the middleware's edge globals and route files' light Response are bound as the loader binds them;
// - JSX is the automatic runtime, from react where the file is (FST_ERR_NEXT_NO_REACT otherwise).
// esbuild is imported by this module only, which only the build command imports.
import { randomUUID } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { isBuiltin, createRequire } from 'node:module'
import { dirname, extname, isAbsolute, join, relative, resolve } from 'node:path'
import * as esbuild from 'esbuild'
import { appModules, locateApp } from '../app-files.js'
import { assetKind, assetPath, assetValue } from '../assets.js'
import { isEdgeMiddleware, withEdgeGlobals } from '../edge-middleware.js'
import { FST_ERR_NEXT_BUILD, FST_ERR_NEXT_NO_REACT } from '../errors.js'
import { INTEROP } from '../interop.js'
import { SCOPED_MODULES, nextModuleFor, nextModuleURL } from '../next/modules.js'
import { sourceWantsScope } from '../resolve/scope-flag.js'
import { withRouteResponse } from '../route-response.js'
import { ROOT_KEY } from '../app-root.js'
import { ASSET_KEY, SOURCE_KEY } from './loader.js'
import { appPath } from '../app-path.js'
import { DEFAULT_BUILD_DIR, MANIFEST, MANIFEST_FORMAT, fingerprint, globFiles, type BuiltGlob, nodeMajor, packageDir, packageVersion, type BuildManifest, type BuiltModule, type Fingerprint } from './manifest.js'

export interface BuildOptions {
  /** the build folder (default: `<dir>/.fastify-next-routes`) */
  readonly out?: string
  /** as the plugin's lightResponse option (default: true) */
  readonly lightResponse?: boolean
}

export interface BuildResult {
  readonly dir: string
  readonly out: string
  readonly manifest: BuildManifest
  readonly files: number
}

const OURS = /^(?:next(?:\/.*)?|server-only|client-only|next-intl\/config|fastify-next-routes(?:\/.*)?)$/
const SOURCE = /\.(?:[cm]?[jt]sx?|mtsx|ctsx)$/
const WITH_EXTENSION = /\.[a-z0-9]+(?:\?[^/]*)?$/i
const JSX_RUNTIME = /^react\/jsx(?:-dev)?-runtime$/
const VIRTUAL = 'fastify-next-routes-virtual'
const WRAPPED = 'fastify-next-routes-package'
const ASSET = 'fastify-next-routes-asset'
const SKIP = Symbol('resolving')
// CommonJS source (module.exports, no import/export) in a `.js` file of a "type": "module"
// package: esbuild would take it for an ES module from package.json; the loader (jiti) loads it
// as CommonJS, so such an entry is loaded from this namespace, where package.json is not read.
const COMMONJS = 'fastify-next-routes-cjs'
const ESM_SYNTAX = /^\s*(?:import|export)\b/m
const CJS_SYNTAX = /\bmodule\.exports\b|\bexports\.[\w$]+\s*=/

function commonJsInModulePackage (file: string, source: string): boolean {
  return extname(file) === '.js' && !ESM_SYNTAX.test(source) && CJS_SYNTAX.test(source)
}

// Compiled code may call require() (CommonJS files of the app, bundled): it resolves from the app
// folder (found by the build's id, lib/build/loader.ts), so the app's node_modules are found as
// without a build, also when --out puts the build folder elsewhere.
function banner (id: string): string {
  return `import { createRequire as __fnrCreateRequire } from 'node:module'; const require = __fnrCreateRequire(globalThis[Symbol.for(${JSON.stringify(SOURCE_KEY)})](${JSON.stringify(id)}, 'index.js').filename);`
}

function loaderFor (file: string): esbuild.Loader {
  const ext = extname(file)
  if (ext === '.tsx' || ext === '.mtsx' || ext === '.ctsx') return 'tsx'
  if (ext === '.ts' || ext === '.mts' || ext === '.cts') return 'ts'
  // Next accepts JSX in .js files.
  return 'jsx'
}

interface State {
  /** the build's id (manifest.id) */
  readonly id: string
  /** absolute paths of files that want the request scope */
  readonly scoped: Set<string>
  /** absolute paths of asset files read */
  readonly assets: Set<string>
}

function bridge (dir: string, lightResponse: boolean, state: State): esbuild.Plugin {
  return {
    name: 'fastify-next-routes',
    setup (build) {
      const skip = { [SKIP]: true }
      const again = async (args: esbuild.OnResolveArgs, path = args.path): Promise<esbuild.ResolveResult> =>
        await build.resolve(path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: skip })

      build.onResolve({ filter: /.*/ }, args => {
        if (args.kind !== 'entry-point' || !commonJsInModulePackage(args.path, readFileSync(args.path, 'utf8'))) return undefined
        return { path: args.path, namespace: COMMONJS }
      })

      // Our modules: left as imports for Node's hooks to serve.
      build.onResolve({ filter: OURS }, args => {
        if (args.namespace === VIRTUAL) return { path: args.path, external: true }
        const spec = args.path.replace(/^fastify-next-routes\//, 'next/')
        if (spec === 'fastify-next-routes') return { path: 'app-root', namespace: VIRTUAL }
        if (spec === 'next/font/google' || spec === 'next/font/google.js') return { path: 'google-fonts', namespace: VIRTUAL }
        const file = nextModuleFor(spec)
        if (file === undefined) return undefined
        if (SCOPED_MODULES.has(file)) state.scoped.add(args.importer)
        // The file itself (as the loader serves it): no resolution at run time. A require() (in
        // bundled CommonJS) keeps the specifier, which Node's hooks serve.
        if (args.kind === 'require-call' || args.kind === 'require-resolve') return { path: spec, external: true }
        return { path: nextModuleURL(file), external: true }
      })

      build.onResolve({ filter: JSX_RUNTIME }, args => {
        if (args.pluginData?.[SKIP] === true || (args.namespace !== 'file' && args.namespace !== COMMONJS)) return undefined
        try {
          createRequire(args.importer).resolve('react/jsx-runtime')
        } catch {
          return { errors: [{ text: new FST_ERR_NEXT_NO_REACT(args.importer).message }] }
        }
        return undefined
      })

      // Asset imports, decided as the loader decides them.
      build.onResolve({ filter: WITH_EXTENSION }, async args => {
        if (args.pluginData?.[SKIP] === true || (args.namespace !== 'file' && args.namespace !== COMMONJS) || args.path.startsWith('node:')) return undefined
        const asset = assetPath(args.path)
        if (asset === null) return undefined
        const { path, ext } = asset
        const found = await again(args, path)
        if (found.errors.length > 0 || found.external === true || found.path === '' || !existsSync(found.path) || extname(found.path).toLowerCase() !== ext) return undefined
        let kind
        try {
          kind = assetKind(found.path, args.path, args.importer)
        } catch (err) {
          return { errors: [{ text: (err as Error).message }] }
        }
        if (kind === null) return undefined
        state.assets.add(found.path)
        return { path: found.path, namespace: ASSET, pluginData: { kind } }
      })

      // Packages: external, through a module that gives default imports the bundler's interop.
      build.onResolve({ filter: /^[^./]/ }, async args => {
        if (args.pluginData?.[SKIP] === true || isAbsolute(args.path)) return undefined
        if (args.namespace === WRAPPED || args.path.startsWith('node:') || isBuiltin(args.path)) return { path: args.path, external: true }
        const found = await again(args)
        if (found.errors.length > 0) return { errors: found.errors }
        // A tsconfig `paths` alias or a package.json `imports` entry: an app file, compiled.
        if (found.external !== true) return { path: found.path, namespace: found.namespace, sideEffects: found.sideEffects }
        if (args.kind === 'require-call' || args.kind === 'require-resolve') return { path: args.path, external: true }
        return { path: args.path, namespace: WRAPPED }
      })

      build.onLoad({ filter: /.*/, namespace: WRAPPED }, args => {
        const spec = JSON.stringify(args.path)
        return {
          contents: `import * as ns from ${spec}\nexport * from ${spec}\nexport default globalThis[Symbol.for(${JSON.stringify(INTEROP)})](ns).default\n`,
          loader: 'js',
          resolveDir: dir
        }
      })

      build.onLoad({ filter: /.*/, namespace: VIRTUAL }, args => {
        // CommonJS modules, so named imports read properties: any Google font name, any helper.
        const contents = args.path === 'app-root'
          ? `module.exports = globalThis[Symbol.for(${JSON.stringify(ROOT_KEY)})]\n`
          : "module.exports = require('next/font/google').googleFonts\n"
        return { contents, loader: 'js', resolveDir: dir }
      })

      build.onLoad({ filter: /.*/, namespace: ASSET }, args => {
        const kind = (args.pluginData as { kind: 'style' | 'image' | 'wasm' }).kind
        if (kind !== 'wasm') return { contents: `export default ${JSON.stringify(assetValue(kind, args.path))}\n`, loader: 'js' }
        return { contents: `export default globalThis[Symbol.for(${JSON.stringify(ASSET_KEY)})](import.meta.url, 'wasm', ${JSON.stringify(appPath(dir, args.path))})\n`, loader: 'js' }
      })

      // The app's own source files: the loader's source transforms, then esbuild's compiler.
      build.onLoad({ filter: SOURCE }, args => {
        if ((args.namespace !== 'file' && args.namespace !== COMMONJS) || args.path.includes(`${'/'}node_modules${'/'}`)) return undefined
        const source = readFileSync(args.path, 'utf8')
        if (sourceWantsScope(source)) state.scoped.add(args.path)
        const transformed = isEdgeMiddleware(dir, args.path) ? withEdgeGlobals(source) : lightResponse ? withRouteResponse(source) : source
        return { contents: withSourceLocation(transformed, state.id, appPath(dir, args.path)), loader: loaderFor(args.path), resolveDir: dirname(args.path) }
      })
    }
  }
}

const IMPORT_META = /\bimport\.meta\.(url|dirname|filename)\b/g
const NODE_LOCATION = /\b__(dirname|filename)\b/g
// A parameter of that name needs no care: it shadows the module-level var.
const DECLARED = /\b(?:const|let|var|function|class)\s+__(?:dirname|filename)\b/

/**
 * import.meta.url/dirname/filename and CommonJS __dirname/__filename name the source file, as
 * under the loader, not the chunk esbuild bundled it into (`new URL('./data.json', import.meta.url)`,
 * `readFileSync(join(__dirname, 'x'))`). The declarations go on the first line, so source maps keep
 * their lines; a file that declares the names itself (ESM code deriving __dirname) keeps its own.
 */
function withSourceLocation (source: string, id: string, rel: string): string {
  const where = `globalThis[Symbol.for(${JSON.stringify(SOURCE_KEY)})](${JSON.stringify(id)}, ${JSON.stringify(rel)})`
  let out = source.replace(IMPORT_META, (_match, key: string) => `${where}.${key}`)
  const used = new Set<string>()
  for (const match of source.matchAll(NODE_LOCATION)) used.add(match[1])
  if (used.size > 0 && !DECLARED.test(source)) {
    out = `var ${[...used].map(name => `__${name} = ${where}.${name}`).join(', ')}; ` + out
  }
  return out
}

function withoutExtension (rel: string): string {
  const ext = extname(rel)
  return ext === '' ? rel : rel.slice(0, -ext.length)
}

// A folder we may empty: missing, empty, or a previous build.
function clearOut (out: string): void {
  if (!existsSync(out)) return
  if (readdirSync(out).length > 0 && !existsSync(join(out, MANIFEST))) {
    throw new FST_ERR_NEXT_BUILD(`'${out}' exists and is not a build folder (no ${MANIFEST}); choose another --out or remove it`)
  }
  rmSync(out, { recursive: true, force: true })
}

function buildError (failure: esbuild.BuildFailure, dir: string): Error {
  const byFile = new Map<string, string[]>()
  for (const message of failure.errors) {
    const where = message.location === null ? '(build)' : message.location.file.replace(/^[\w-]+:/, '')
    const file = isAbsolute(where) ? relative(dir, where) : where
    const at = message.location === null ? '' : `:${message.location.line}:${message.location.column + 1}`
    const lines = byFile.get(file) ?? []
    lines.push(`${file}${at}: ${message.text}`)
    byFile.set(file, lines)
  }
  const files = [...byFile.keys()]
  const error = new FST_ERR_NEXT_BUILD(`${files.length} file(s) could not be compiled (${files.join(', ')}):\n  ${[...byFile.values()].flat().join('\n  ')}\nFix them and run \`fastify-next-routes build\` again.`)
  Object.assign(error, { files, errors: failure.errors })
  return error
}

/** Compile the app in `dir` into its build folder and write the manifest. */
export async function buildApp (dirIn: string, options: BuildOptions = {}): Promise<BuildResult> {
  const dir = resolve(dirIn)
  const out = options.out === undefined ? join(dir, DEFAULT_BUILD_DIR) : resolve(options.out)
  const lightResponse = options.lightResponse ?? true
  const modules = appModules(dir, locateApp(dir))
  clearOut(out)
  mkdirSync(out, { recursive: true })
  const state: State = { id: randomUUID(), scoped: new Set(), assets: new Set() }
  let result: esbuild.BuildResult<{ metafile: true }>
  try {
    result = await esbuild.build({
      absWorkingDir: dir,
      entryPoints: modules.map(file => ({ in: file, out: withoutExtension(appPath(dir, file)) })),
      outdir: out,
      outExtension: { '.js': '.mjs' },
      chunkNames: 'chunks/[name]-[hash]',
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: `node${nodeMajor()}`,
      packages: 'external',
      jsx: 'automatic',
      sourcemap: 'linked',
      metafile: true,
      logLevel: 'silent',
      banner: { js: banner(state.id) },
      resolveExtensions: ['.tsx', '.ts', '.jsx', '.js', '.mjs', '.cjs', '.mts', '.cts', '.json'],
      plugins: [bridge(dir, lightResponse, state)]
    })
  } catch (err) {
    rmSync(out, { recursive: true, force: true })
    if (Array.isArray((err as esbuild.BuildFailure).errors)) throw buildError(err as esbuild.BuildFailure, dir)
    throw err
  }
  const manifest = writeManifest(dir, out, modules, result.metafile, state, lightResponse)
  return { dir, out, manifest, files: modules.length }
}

// `extends` as written in a tsconfig (JSONC, so read by pattern): a string or an array of them.
const EXTENDS = /"extends"\s*:\s*("(?:[^"\\]|\\.)*"|\[[^\]]*\])/

/**
 * A tsconfig and the app files it extends: esbuild reads `paths` and `baseUrl` through the whole
 * chain, so an edit to a base config (tsconfig.base.json) changes what the build resolves too.
 * Packages (`@tsconfig/next`) are under node_modules, which is not fingerprinted anyway.
 */
function configChain (file: string, seen = new Set<string>()): string[] {
  if (seen.has(file) || !existsSync(file)) return []
  seen.add(file)
  const match = EXTENDS.exec(readFileSync(file, 'utf8'))
  if (match === null) return [file]
  let targets: unknown
  try {
    targets = JSON.parse(match[1])
  } catch {
    return [file]
  }
  const chain = [file]
  for (const target of Array.isArray(targets) ? targets : [targets]) {
    if (typeof target !== 'string' || !(target.startsWith('.') || isAbsolute(target))) continue
    const base = resolve(dirname(file), target)
    chain.push(...configChain(existsSync(base) || base.endsWith('.json') ? base : base + '.json', seen))
  }
  return chain
}

function writeManifest (dir: string, out: string, modules: string[], metafile: esbuild.Metafile, state: State, lightResponse: boolean): BuildManifest {
  // metafile paths are relative to the app folder (absWorkingDir), namespaced ones prefixed.
  const abs = (key: string): string => resolve(dir, key.startsWith(COMMONJS + ':') ? key.slice(COMMONJS.length + 1) : key)
  const graph = new Map<string, string[]>()
  for (const [key, input] of Object.entries(metafile.inputs)) {
    if (/^[\w-]+:/.test(key) && !key.startsWith(COMMONJS + ':')) continue
    graph.set(abs(key), input.imports.filter(i => i.external !== true && !/^[\w-]+:/.test(i.path)).map(i => abs(i.path)))
  }
  const wantsScope = (entry: string): boolean => {
    const seen = new Set<string>()
    const queue = [entry]
    while (queue.length > 0) {
      const file = queue.pop() as string
      if (seen.has(file)) continue
      seen.add(file)
      if (state.scoped.has(file)) return true
      queue.push(...(graph.get(file) ?? []))
    }
    return false
  }
  // Dynamic import() targets are entry points of the output too; only the app's modules are listed.
  const wanted = new Set(modules)
  const builtModules: Record<string, BuiltModule> = {}
  for (const [outFile, output] of Object.entries(metafile.outputs)) {
    if (output.entryPoint === undefined || !wanted.has(abs(output.entryPoint))) continue
    const source = abs(output.entryPoint)
    const built: { out: string, scope: boolean, commonjs?: true } = { out: relative(out, abs(outFile)).split('\\').join('/'), scope: wantsScope(source) }
    if (metafile.inputs[output.entryPoint]?.format === 'cjs') built.commonjs = true
    builtModules[appPath(dir, source)] = built
  }
  const inputs: Record<string, Fingerprint> = {}
  const inputFiles = [...graph.keys(), ...state.assets, ...['tsconfig.json', 'jsconfig.json'].map(f => join(dir, f)).filter(f => existsSync(f)).flatMap(f => configChain(f))]
  for (const file of inputFiles) {
    if (file.includes('/node_modules/')) continue
    inputs[appPath(dir, file)] = fingerprint(file)
  }
  // A template-literal import() or require() is a glob to esbuild, listed as an import of the pattern.
  const globs: BuiltGlob[] = []
  for (const [key, input] of Object.entries(metafile.inputs)) {
    if (/^[\w-]+:/.test(key) && !key.startsWith(COMMONJS + ':')) continue
    const importer = appPath(dir, abs(key))
    for (const { path } of input.imports) {
      if (!path.includes('*') || globs.some(g => g.importer === importer && g.pattern === path)) continue
      globs.push({ importer, pattern: path, files: globFiles(dir, importer, path) })
    }
  }
  for (const file of modules) if (builtModules[appPath(dir, file)] === undefined) throw new FST_ERR_NEXT_BUILD(`esbuild wrote no output for '${appPath(dir, file)}'`)
  const manifest: BuildManifest = {
    format: MANIFEST_FORMAT,
    id: state.id,
    package: packageVersion(),
    packageDir: packageDir(),
    node: nodeMajor(),
    builtAt: new Date().toISOString(),
    lightResponse,
    dir: relative(out, dir).split('\\').join('/') || '.',
    modules: builtModules,
    inputs,
    globs
  }
  writeFileSync(join(out, MANIFEST), JSON.stringify(manifest, null, 2) + '\n')
  return manifest
}
