// After compiling, the build command loads the built modules as `start` will (as `next build`
// evaluates route modules to collect their config): a module that throws on import fails the
// build, not the first deployment, and the manifest records each route's methods and segment
// config and the middleware matcher. Then, unless told not to, it generates every cached route's
// entries (lib/build/prerender.ts), as `next build` prerenders.
import { rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Fastify from 'fastify'
import type { Prerendered } from '../cache/prerendered.js'
import { loadApp, type LoadedApp } from '../plugin.js'
import { resolveOptions } from '../options.js'
import { moduleShape } from './lazy-module.js'
import { importBuilt } from './loader.js'
import { appPath } from '../app-path.js'
import { MANIFEST, type BuildManifest } from './manifest.js'

export interface DescribeOptions {
  /** generate the cached routes' entries into the build (default: true; the CLI's --no-prerender) */
  readonly prerender?: boolean
}

export async function describeBuild (result: { dir: string, out: string, manifest: BuildManifest }, options: DescribeOptions = {}): Promise<void> {
  const { dir, out, manifest } = result
  let app: LoadedApp
  let prerendered: Prerendered | null = null
  // As `next build` runs, in the app folder: next.config plugins that see a build (next-intl's
  // checks argv for `build`) look for their files from there, and so do handlers reading files
  // relative to the working directory while they are prerendered.
  const cwd = process.cwd()
  process.chdir(dir)
  try {
    const log = Fastify({ logger: { level: 'warn' } }).log
    app = await loadApp(resolveOptions({ dir, env: true, build: out, lightResponse: manifest.lightResponse }), log)
    if (options.prerender !== false) {
      const { prerenderApp } = await import('./prerender.js')
      prerendered = await prerenderApp(dir, app, log)
    }
  } catch (err) {
    rmSync(out, { recursive: true, force: true })
    throw err
  } finally {
    process.chdir(cwd)
  }
  manifest.routes = app.routes.map(({ entry, methods, config, pagesApi, edge }) => ({
    pattern: entry.pattern,
    file: appPath(dir, entry.file),
    methods: pagesApi !== undefined || edge === true ? ['*'] : Object.keys(methods.handlers),
    source: entry.pagesApi === true ? 'pages/api' : 'app',
    config: { dynamic: config.dynamic, revalidate: config.revalidate ?? null, dynamicParams: config.dynamicParams, runtime: config.runtime, ...config.hints }
  }))
  // Plain route files are imported on first request from now on (lazy-module.ts): what registering
  // them needs of their exports is written down here. The modules are already in (loadApp).
  for (const { entry, pagesApi, edge } of app.routes) {
    if (pagesApi !== undefined || edge === true || entry.metadata !== undefined) continue
    const built = manifest.modules[appPath(dir, entry.file)]
    if (built === undefined) continue
    const shape = moduleShape(await importBuilt(out, entry.file, built))
    if (shape !== null) built.shape = shape
  }
  manifest.scopeWanted = app.scopeWanted
  manifest.middleware = app.middleware === undefined ? null : { file: appPath(dir, app.middleware.file), matcher: app.middleware.matcher ?? null }
  if (prerendered !== null) {
    const { writePrerendered } = await import('./prerender.js')
    manifest.prerendered = writePrerendered(out, prerendered)
  }
  writeFileSync(join(out, MANIFEST), JSON.stringify(manifest, null, 2) + '\n')
}
