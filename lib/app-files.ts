// Where an app's files are: its trees (app/, pages/), where the middleware sits, its route entries,
// and every module the loader may load. Shared by the plugin (loadApp) and the build command, so a
// build compiles exactly the files a start without one would load.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { appPath } from './app-path.js'
import { appDirOf, discoverRoutes, type RouteEntry } from './discover.js'
import { FST_ERR_NEXT_NO_APP_DIR } from './errors.js'
import { findInstrumentation } from './instrumentation.js'
import { findMiddlewareFile } from './middleware-file.js'
import { findConfigFile } from './next-config/file.js'
import { findPagesDir, scanPagesDir, type PagesScan } from './pages-api/discover.js'

export interface AppLayout {
  readonly appDir: string | undefined
  readonly pagesDir: string | undefined
  readonly scan: PagesScan
  /** app/ or pages/ (the folder whose parent holds the middleware and instrumentation) */
  readonly treeRoot: string | undefined
  /** where findMiddlewareFile looks (an app/ path beside which the middleware sits) */
  readonly middlewareAnchor: string
  readonly entries: RouteEntry[]
}

export function locateApp (dir: string): AppLayout {
  const appDir = appDirOf(dir)
  const pagesDir = findPagesDir(dir)
  const label = (folder: string): string => appPath(dir, folder)
  const scan = pagesDir === undefined ? { routes: [], pageCount: 0 } : scanPagesDir(pagesDir, label(pagesDir))
  // The middleware sits beside app/ or pages/ (the project root or src/); with neither tree, at
  // the root or in src/ (a folder with only a middleware starts: it may answer everything).
  const treeRoot = appDir ?? pagesDir
  const middlewareAnchor = treeRoot !== undefined
    ? join(treeRoot, '..', 'app')
    : [join(dir, 'app'), join(dir, 'src', 'app')].find(anchor => findMiddlewareFile(dir, anchor) !== undefined)
  if (middlewareAnchor === undefined) throw new FST_ERR_NEXT_NO_APP_DIR(dir)
  const entries = discoverRoutes(appDir, scan.routes, appDir === undefined ? 'app' : label(appDir))
  return { appDir, pagesDir, scan, treeRoot, middlewareAnchor, entries }
}

// Where next-intl's Next.js plugin looks for the request config when given no path, in its order.
const INTL_CONFIGS = ['i18n/request', 'src/i18n/request'].flatMap(base => ['.ts', '.tsx', '.js', '.jsx'].map(ext => base + ext))

export function nextIntlRequestConfig (dir: string): string | undefined {
  for (const candidate of INTL_CONFIGS) {
    const file = join(dir, candidate)
    if (existsSync(file)) return file
  }
  return undefined
}

/** Every module of the app the loader may load, absolute paths: what a build compiles. */
export function appModules (dir: string, layout: AppLayout): string[] {
  const files = layout.entries.filter(e => e.staticFile !== true).map(e => e.file)
  for (const file of [
    findConfigFile(dir),
    findInstrumentation(dir, layout.treeRoot),
    findMiddlewareFile(dir, layout.middlewareAnchor)?.file,
    nextIntlRequestConfig(dir)
  ]) if (file !== undefined) files.push(file)
  return [...new Set(files)]
}
