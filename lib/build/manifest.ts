// A build folder's manifest.json: what was compiled, from which inputs, by which version of the
// package on which Node, and whether it still matches the app. Read at every start from a build,
// so it imports nothing heavy (no compiler).
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { PrerenderedSummary } from '../cache/prerendered.js'
import { appPath } from '../app-path.js'
import { FST_ERR_NEXT_BUILD_MISSING, FST_ERR_NEXT_BUILD_STALE } from '../errors.js'
import type { ModuleShape } from './lazy-module.js'

export const MANIFEST = 'manifest.json'
/** The build folder when the `build` option is `true` and for `start`, as `.next` is for Next. */
export const DEFAULT_BUILD_DIR = '.fastify-next-routes'
/** The manifest format this version writes and reads. */
export const MANIFEST_FORMAT = 1

export interface Fingerprint { readonly size: number, readonly mtimeMs: number, readonly sha256: string }

export interface BuiltModule {
  /** the compiled module, relative to the build folder */
  readonly out: string
  /** it (or a module it imports) wants the per-request scope (next/headers, next/cache, after() …) */
  readonly scope: boolean
  /** compiled from CommonJS: esbuild gives module.exports as the module's default export */
  readonly commonjs?: true
  /** a route file's exports as the build read them: it is then imported on its first request (lazy-module.ts) */
  shape?: ModuleShape
}

export interface BuildManifest {
  readonly format: number
  /** names this build in its compiled code (lib/build/loader.ts builtSource) */
  readonly id: string
  /** the version of fastify-next-routes that built it */
  readonly package: string
  /** where this package was (the built code imports its modules by file URL) */
  readonly packageDir: string
  /** the Node.js major version it was built on */
  readonly node: number
  readonly builtAt: string
  /** built with route files' `Response` bound to the light Response (the lightResponse option) */
  readonly lightResponse: boolean
  /** the app folder, relative to the build folder */
  readonly dir: string
  /** every module the loader may load (relative to the app folder, `/`-separated) → its build */
  readonly modules: Record<string, BuiltModule>
  /** every app file the build read (sources, assets, tsconfig), relative to the app folder */
  readonly inputs: Record<string, Fingerprint>
  /** each import(`./x/${name}.json`) (a glob to esbuild): the files it matched (relative to the app folder) */
  readonly globs?: BuiltGlob[]
  /** what the app answers, as read from the built modules at build time (for people and tools) */
  routes?: ManifestRoute[]
  middleware?: { readonly file: string, readonly matcher: unknown } | null
  /** the cached routes' entries the build generated (absent: built with --no-prerender, or by an older build) */
  prerendered?: PrerenderedSummary
  /** some module (or a package it imports) wanted the per-request scope when the build loaded them all */
  scopeWanted?: boolean
}

export interface BuiltGlob {
  /** the importing file, relative to the app folder */
  readonly importer: string
  /** esbuild's pattern, relative to the importer (`./loc/**\/*.json`) */
  readonly pattern: string
  readonly files: string[]
}

/**
 * The app files a glob import of `importer` matches now, relative to the app folder, sorted. esbuild
 * bundles the files a template-literal import() or require() can reach; one added after the build
 * is not in it (the loader would import it), so a start compares the lists.
 */
export function globFiles (dir: string, importer: string, pattern: string): string[] {
  const from = dirname(join(dir, importer))
  const segments = pattern.split('/')
  const fixed = segments.findIndex(s => s.includes('*'))
  const root = resolve(from, ...segments.slice(0, fixed === -1 ? segments.length : fixed))
  const rest = segments.slice(fixed === -1 ? segments.length : fixed).join('/')
  const escaped = rest.replace(/[.+^${}()|[\]\\?]/g, '\\$&')
  const re = new RegExp('^' + escaped.replace(/\*\*\//g, '\u0000').replace(/\*/g, '[^/]*').replace(/\u0000/g, '(?:[^/]+/)*') + '$')
  const found: string[] = []
  const walk = (folder: string, rel: string): void => {
    let names
    try {
      names = readdirSync(folder, { withFileTypes: true })
    } catch {
      return
    }
    for (const entry of names) {
      if (entry.name === 'node_modules') continue
      const path = rel === '' ? entry.name : rel + '/' + entry.name
      if (entry.isDirectory()) walk(join(folder, entry.name), path)
      else if (re.test(path)) found.push(appPath(dir, join(folder, entry.name)))
    }
  }
  walk(root, '')
  return found.sort()
}

export interface ManifestRoute {
  readonly pattern: string
  readonly file: string
  readonly methods: string[]
  readonly source: 'app' | 'pages/api'
  readonly config: Record<string, unknown>
}

export function packageVersion (): string {
  return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version
}

export function packageDir (): string {
  return fileURLToPath(new URL('../../', import.meta.url))
}

export function nodeMajor (): number {
  return Number(process.versions.node.split('.')[0])
}

export function fingerprint (file: string): Fingerprint {
  const bytes = readFileSync(file)
  const { mtimeMs } = statSync(file)
  return { size: bytes.length, mtimeMs, sha256: createHash('sha256').update(bytes).digest('hex') }
}

// Unchanged when size and mtime match; a copy or checkout that only touched the mtime is compared
// by content, so a build copied with the app (CI, a container image) stays valid.
function changed (file: string, was: Fingerprint): 'changed' | 'deleted' | null {
  let size: number
  let mtimeMs: number
  try {
    ({ size, mtimeMs } = statSync(file))
  } catch {
    return 'deleted'
  }
  if (size !== was.size) return 'changed'
  if (mtimeMs === was.mtimeMs) return null
  return createHash('sha256').update(readFileSync(file)).digest('hex') === was.sha256 ? null : 'changed'
}

export function readManifest (buildDir: string): BuildManifest {
  let manifest: BuildManifest
  try {
    manifest = JSON.parse(readFileSync(join(buildDir, MANIFEST), 'utf8')) as BuildManifest
  } catch {
    throw new FST_ERR_NEXT_BUILD_MISSING(buildDir)
  }
  return manifest
}

const LISTED = 5

function list (what: string, files: string[]): string {
  const shown = files.slice(0, LISTED).join(', ')
  return `${what} ${shown}${files.length > LISTED ? ` and ${files.length - LISTED} more` : ''}`
}

/**
 * The manifest of the build in `buildDir` when it was made from the app as it is now (the same
 * modules, every input unchanged, this package version, this Node major, the same lightResponse),
 * else FST_ERR_NEXT_BUILD_STALE saying what changed.
 */
export function freshManifest (dir: string, buildDir: string, modules: string[], lightResponse: boolean): BuildManifest {
  const manifest = readManifest(buildDir)
  const reasons: string[] = []
  if (manifest.format !== MANIFEST_FORMAT) reasons.push(`it has manifest format ${String(manifest.format)}, this version reads ${MANIFEST_FORMAT}`)
  const version = packageVersion()
  if (manifest.package !== version) reasons.push(`it was built by fastify-next-routes ${manifest.package}, this is ${version}`)
  if (manifest.packageDir !== packageDir()) reasons.push(`it was built against fastify-next-routes in '${manifest.packageDir}', this one is in '${packageDir()}'`)
  if (manifest.node !== nodeMajor()) reasons.push(`it was built on Node.js ${manifest.node}, this is Node.js ${nodeMajor()}`)
  if (manifest.lightResponse !== lightResponse) reasons.push(`it was built with lightResponse ${String(manifest.lightResponse)}, the plugin has ${String(lightResponse)}`)
  if (resolve(buildDir, manifest.dir ?? '') !== resolve(dir)) reasons.push(`it was built for the app in '${resolve(buildDir, manifest.dir ?? '')}', not '${dir}'`)
  if (reasons.length === 0) {
    const now = new Set(modules.map(f => appPath(dir, f)))
    const built = new Set(Object.keys(manifest.modules))
    const added = [...now].filter(f => !built.has(f))
    const removed = [...built].filter(f => !now.has(f))
    if (added.length > 0) reasons.push(list('files added since:', added))
    if (removed.length > 0) reasons.push(list('files removed since:', removed))
    const edited: string[] = []
    const deleted: string[] = []
    for (const [file, was] of Object.entries(manifest.inputs)) {
      const state = changed(join(dir, file), was)
      if (state === 'changed') edited.push(file)
      else if (state === 'deleted' && !removed.includes(file)) deleted.push(file)
    }
    for (const glob of manifest.globs ?? []) {
      const was = new Set(glob.files)
      const added = globFiles(dir, glob.importer, glob.pattern).filter(f => !was.has(f))
      if (added.length > 0) reasons.push(list(`files added since, matched by an import of '${glob.pattern}' in ${glob.importer}:`, added))
    }
    if (edited.length > 0) reasons.push(list('changed since:', edited))
    if (deleted.length > 0) reasons.push(list('deleted since:', deleted))
  }
  if (reasons.length > 0) throw new FST_ERR_NEXT_BUILD_STALE(buildDir, reasons.join('; '))
  return manifest
}
