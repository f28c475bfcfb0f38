// Find a Pages Router `pages/` folder and its API routes (`pages/api/**`), as Next's build maps
// page files to paths: `index` is the folder itself, `[id]`, `[...slug]` and `[[...slug]]` are
// params, every other file or folder name is literal (no groups, slots or private folders in
// pages/). Reads the disk only. The other files of pages/ are pages, which this package does not
// render: counted, so startup can say so once.
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { appPath } from '../app-path.js'
import { FST_ERR_NEXT_ROUTE_CONFLICT, FST_ERR_NEXT_SEGMENT_INVALID } from '../errors.js'
import { checkRoutePath, parseSegment, toPattern, type UrlSegment } from '../segments.js'
import type { RouteEntry } from '../discover.js'

// The list: Next's default pageExtensions plus .mjs, which apps use for API routes.
const API_FILE = /^(.+)\.(ts|tsx|js|jsx|mjs)$/
// Special files of pages/ that are never routes (_app, _document, _error, _middleware) and
// declaration files.
const SPECIAL = /^_(app|document|error|middleware)\.[a-z]+$/

/** `dir/pages`, else `dir/src/pages` (Next's lookup order), or undefined. */
export function findPagesDir (dir: string): string | undefined {
  for (const candidate of [join(dir, 'pages'), join(dir, 'src', 'pages')]) {
    if (existsSync(candidate) && statSync(candidate).isDirectory()) return candidate
  }
  return undefined
}

export interface PagesScan {
  readonly routes: RouteEntry[]
  /** page files outside pages/api (not served), for the startup notice */
  readonly pageCount: number
}

/**
 * `label` is how pages/ is named in messages, relative to the project folder (`pages` or
 * `src/pages`); relativeFile of each entry is `label/api/...`.
 */
export function scanPagesDir (pagesDir: string, label: string): PagesScan {
  const routes: RouteEntry[] = []
  let pageCount = 0
  const rel = (file: string): string => label + '/' + appPath(pagesDir, file)
  const byPath = new Map<string, string>()
  // Pages outside api/ are only counted (their folder names are never parsed).
  const countPages = (folder: string, top: boolean): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (entry.name === 'node_modules' || (top && entry.name === 'api')) continue
        countPages(join(folder, entry.name), false)
      } else if (entry.isFile() && API_FILE.test(entry.name) && !entry.name.endsWith('.d.ts') && !(top && SPECIAL.test(entry.name))) {
        // `pages/api.ts` is an API route in Next too (the page `/api`); it is counted as a page here.
        pageCount++
      }
    }
  }
  const walkApi = (folder: string, segments: UrlSegment[]): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const full = join(folder, entry.name)
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules') walkApi(full, [...segments, segmentOf(entry.name, rel(full))])
        continue
      }
      const m = entry.isFile() ? API_FILE.exec(entry.name) : null
      if (m === null || entry.name.endsWith('.d.ts')) continue
      const urlSegments = m[1] === 'index' ? segments : [...segments, segmentOf(m[1], rel(full))]
      try {
        checkRoutePath(urlSegments)
      } catch (err) {
        throw new FST_ERR_NEXT_SEGMENT_INVALID(`${(err as Error).message} Rename ${rel(full)}.`)
      }
      const pattern = toPattern(urlSegments)
      // `api/a.ts` and `api/a/index.ts` are one path. Next warns and keeps one of them, the one
      // its file walk saw last; refused here, so which file answers never depends on the disk.
      const other = byPath.get(pattern)
      if (other !== undefined) {
        throw new FST_ERR_NEXT_ROUTE_CONFLICT(`Duplicate page detected. ${other} and ${rel(full)} both resolve to ${pattern}. Remove one of them.`)
      }
      byPath.set(pattern, rel(full))
      routes.push({ file: full, relativeFile: rel(full), segments: urlSegments, pattern, pagesApi: true })
    }
  }
  countPages(pagesDir, true)
  const apiDir = join(pagesDir, 'api')
  if (existsSync(apiDir) && statSync(apiDir).isDirectory()) walkApi(apiDir, [{ kind: 'static', value: 'api' }])
  return { routes, pageCount }
}

function segmentOf (name: string, file: string): UrlSegment {
  try {
    return parseSegment(name)
  } catch (err) {
    throw new FST_ERR_NEXT_SEGMENT_INVALID(`${(err as Error).message} Rename '${file}'.`)
  }
}
