// Walk a Next.js app/ directory and return its route files as a manifest. Reads the disk only:
// no import(), no fastify. Conflicts that Next reports at build time (or crashes on at runtime)
// fail here, naming both files and the fix.
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { appPath } from './app-path.js'
import { FST_ERR_NEXT_NO_APP_DIR, FST_ERR_NEXT_ROUTE_CONFLICT, FST_ERR_NEXT_SEGMENT_INVALID } from './errors.js'
import { checkRoutePath, classifyFolder, parseSegment, toPattern, type UrlSegment } from './segments.js'

export const ROUTE_EXTENSIONS = ['ts', 'js', 'mjs', 'tsx', 'jsx']
const ROUTE_FILE = /^route\.(ts|js|mjs|tsx|jsx)$/
const PAGE_FILE = /^page\.(ts|js|mjs|tsx|jsx|md|mdx)$/
// Metadata files (spec 112-116), found as Next finds them (lib/metadata/is-metadata-route in Next):
// a module whose default export produces the content, or a static file served as it is. sitemap and
// the images at any level; robots, manifest and favicon.ico at the root only. Images take an
// optional digit (`icon1.png`, `opengraph-image2.tsx`).
const METADATA_MODULE = /^(sitemap|robots|manifest)\.(ts|js|mjs|tsx|jsx)$/
const IMAGE_MODULE = /^(icon|apple-icon|opengraph-image|twitter-image)(\d?)\.(ts|js|mjs|tsx|jsx)$/
const STATIC_FILE = /^(?:(icon)(\d?)\.(ico|jpg|jpeg|png|svg)|(apple-icon)(\d?)\.(jpg|jpeg|png)|(opengraph-image|twitter-image)(\d?)\.(jpg|jpeg|png|gif)|(sitemap)()\.(xml))$/
const ROOT_STATIC_FILE = /^(?:(favicon)()\.(ico)|(robots)()\.(txt)|(manifest)()\.(json|webmanifest))$/
const METADATA_URL = { sitemap: 'sitemap.xml', robots: 'robots.txt', manifest: 'manifest.webmanifest' } as const
export type MetadataKind = 'sitemap' | 'robots' | 'manifest' | 'favicon' | 'icon' | 'apple-icon' | 'opengraph-image' | 'twitter-image'

/**
 * The suffix Next gives a metadata file (other than a sitemap) below a route group or slot, so that
 * `(a)/icon.png` and `(b)/icon.png` get different URLs: `-` and six base-36 digits of the djb2 hash
 * of the folder path (`/(g)` gives `-yj9kvg`).
 */
export function metadataSuffix (relativeDir: string): string {
  const parent = '/' + relativeDir
  if (!parent.split('/').some(s => (s.startsWith('(') && s.endsWith(')')) || (s.startsWith('@') && s !== '@children'))) return ''
  let hash = 5381
  for (let i = 0; i < parent.length; i++) hash = ((hash << 5) + hash + parent.charCodeAt(i)) & 0xffffffff
  return '-' + (hash >>> 0).toString(36).slice(0, 6)
}

/** The URL's last segment and kind of a metadata file in `dir`, or undefined when `name` is none. */
function metadataFile (name: string, atRoot: boolean, relativeDir: string): { kind: MetadataKind, last: string, staticFile: boolean } | undefined {
  let m = METADATA_MODULE.exec(name)
  if (m !== null) {
    const kind = m[1] as 'sitemap' | 'robots' | 'manifest'
    return kind === 'sitemap' || atRoot ? { kind, last: METADATA_URL[kind], staticFile: false } : undefined
  }
  m = IMAGE_MODULE.exec(name)
  if (m !== null) return { kind: m[1] as MetadataKind, last: m[1] + m[2] + metadataSuffix(relativeDir), staticFile: false }
  m = STATIC_FILE.exec(name) ?? (atRoot ? ROOT_STATIC_FILE.exec(name) : null)
  if (m === null) return undefined
  // One alternative matched: its three groups are base name, digit, extension.
  const [base, digit, ext] = m.slice(1).filter(v => v !== undefined)
  const kind = base as MetadataKind
  const suffix = kind === 'sitemap' ? '' : metadataSuffix(relativeDir)
  return { kind, last: `${base}${digit}${suffix}.${ext}`, staticFile: true }
}

export interface RouteEntry {
  /** absolute path of the route file */
  file: string
  /** path relative to the app directory, for messages: `(a)/y/route.ts` */
  relativeFile: string
  segments: UrlSegment[]
  /** Next-style pattern: `/users/[id]` */
  pattern: string
  /** a metadata file (sitemap.ts, icon.tsx, favicon.ico, …): its module is wrapped (lib/metadata.ts) */
  metadata?: MetadataKind
  /** a static metadata file (favicon.ico, icon.png, robots.txt, …): its bytes are served, it is never imported */
  staticFile?: boolean
  /** a Pages Router API route (`pages/api/**`, lib/pages-api/); relativeFile is then `pages/api/…` */
  pagesApi?: true
}

/** The app directory inside `dir`: `dir/app`, else `dir/src/app` (Next's own lookup order). */
export function findAppDir (dir: string): string {
  const found = appDirOf(dir)
  if (found === undefined) throw new FST_ERR_NEXT_NO_APP_DIR(dir)
  return found
}

/** `dir/app`, else `dir/src/app`, or undefined. */
export function appDirOf (dir: string): string | undefined {
  for (const candidate of [join(dir, 'app'), join(dir, 'src', 'app')]) {
    if (existsSync(candidate) && statSync(candidate).isDirectory()) return candidate
  }
  return undefined
}

/**
 * The route files of app/ (when there is one) and the `pages/api` routes found beside it
 * (lib/pages-api/discover.ts), checked together: Next sorts both kinds into one route list, so the
 * same path in both trees and clashing param names across them are build errors there too.
 */
export function discoverRoutes (appDir: string | undefined, pagesRoutes: RouteEntry[] = [], appLabel = 'app'): RouteEntry[] {
  const routes: RouteEntry[] = []
  if (appDir !== undefined) walk(appDir, appDir, [], routes)
  routes.push(...pagesRoutes)
  checkConflicts(routes, appLabel)
  // Stable order for logs and the route table; registration order does not matter to find-my-way.
  routes.sort((a, b) => (a.pattern < b.pattern ? -1 : a.pattern > b.pattern ? 1 : 0))
  return routes
}

function walk (appDir: string, dir: string, segments: UrlSegment[], out: RouteEntry[]): void {
  const entries = readdirSync(dir, { withFileTypes: true })
  const routeFiles: string[] = []
  let pageFile: string | undefined
  const rel = (name: string): string => appPath(appDir, join(dir, name))
  for (const entry of entries) {
    if (entry.isFile()) {
      if (ROUTE_FILE.test(entry.name)) routeFiles.push(entry.name)
      else if (PAGE_FILE.test(entry.name)) pageFile = entry.name
      else {
        const found = metadataFile(entry.name, dir === appDir, appPath(appDir, dir))
        if (found !== undefined) {
          const urlSegments = [...segments, { kind: 'static' as const, value: found.last }]
          out.push({
            file: join(dir, entry.name),
            relativeFile: rel(entry.name),
            segments: urlSegments,
            pattern: toPattern(urlSegments),
            metadata: found.kind,
            ...(found.staticFile ? { staticFile: true } : {})
          })
        }
      }
    }
  }
  if (routeFiles.length > 1) {
    throw new FST_ERR_NEXT_ROUTE_CONFLICT(
      `Conflicting route files at ${toPattern(segments)}: ${routeFiles.map(rel).join(' and ')}. Keep one route file per folder.`
    )
  }
  if (routeFiles.length === 1) {
    if (pageFile !== undefined) {
      throw new FST_ERR_NEXT_ROUTE_CONFLICT(
        `Conflicting route and page at ${toPattern(segments)}: route at ${rel(routeFiles[0])} and page at ${rel(pageFile)}. Move the route file into its own folder (for example ${toPattern([...segments, { kind: 'static', value: 'api' }])}).`
      )
    }
    const file = join(dir, routeFiles[0])
    try {
      checkRoutePath(segments)
    } catch (err) {
      throw new FST_ERR_NEXT_SEGMENT_INVALID(`${(err as Error).message} Rename the folder of ${rel(routeFiles[0])}.`)
    }
    out.push({ file, relativeFile: rel(routeFiles[0]), segments, pattern: toPattern(segments) })
  }
  for (const entry of entries) {
    if (!entry.isDirectory() || entry.name === 'node_modules') continue
    const kind = classifyFolder(entry.name)
    if (kind === 'private') continue
    if (kind === 'group' || kind === 'slot') {
      walk(appDir, join(dir, entry.name), segments, out)
      continue
    }
    let segment: UrlSegment
    try {
      segment = parseSegment(entry.name)
    } catch (err) {
      throw new FST_ERR_NEXT_SEGMENT_INVALID(`${(err as Error).message} Rename the folder '${rel(entry.name)}'.`)
    }
    walk(appDir, join(dir, entry.name), [...segments, segment], out)
  }
}

interface TreeNode {
  children: Map<string, TreeNode>
  /** param name used by the dynamic child of each kind, with the file that introduced it */
  names: Map<string, { name: string, file: string }>
  /** the route ending exactly here */
  route?: RouteEntry
}

const newNode = (): TreeNode => ({ children: new Map(), names: new Map() })

// Next's sorter rejects these at build time or crashes on them at request time (spec 1c);
// we check them all before registering anything.
function checkConflicts (routes: RouteEntry[], appLabel: string): void {
  const root = newNode()
  for (const route of routes) {
    let node = root
    for (const s of route.segments) {
      const key = s.kind === 'static' ? 's:' + s.value : s.kind
      if (s.kind !== 'static') {
        const known = node.names.get(s.kind)
        if (known !== undefined && known.name !== s.value) {
          throw new FST_ERR_NEXT_ROUTE_CONFLICT(
            `You cannot use different slug names for the same dynamic path ('${known.name}' !== '${s.value}'): ${known.file} and ${route.relativeFile}. Use one parameter name for both folders.`
          )
        }
        if (known === undefined) node.names.set(s.kind, { name: s.value, file: route.relativeFile })
        const catchall = node.names.get('catchall')
        const optional = node.names.get('optional')
        if (catchall !== undefined && optional !== undefined) {
          throw new FST_ERR_NEXT_ROUTE_CONFLICT(
            `You cannot use both a required and optional catch-all route at the same level ("[...${catchall.name}]" and "[[...${optional.name}]]"): ${catchall.file} and ${optional.file}. Keep one of them.`
          )
        }
      }
      let child = node.children.get(key)
      if (child === undefined) {
        child = newNode()
        node.children.set(key, child)
      }
      node = child
    }
    if (node.route !== undefined && node.route.pagesApi !== route.pagesApi) {
      const [pages, app] = route.pagesApi === true ? [route, node.route] : [node.route, route]
      throw new FST_ERR_NEXT_ROUTE_CONFLICT(
        `Conflicting app and page file was found, please remove the conflicting files to continue:\n  "${pages.relativeFile}" - "${appLabel}/${app.relativeFile}" (both are ${route.pattern}).`
      )
    }
    if (node.route !== undefined) {
      throw new FST_ERR_NEXT_ROUTE_CONFLICT(
        `Conflicting routes at ${route.pattern}: route at ${node.route.relativeFile} and route at ${route.relativeFile}. Route groups and slots do not change the URL; remove or move one of them.`
      )
    }
    node.route = route
  }
  checkOptionalSpecificity(root)
}

// `o/route.ts` beside `o/[[...s]]/route.ts` both answer `/o`.
function checkOptionalSpecificity (node: TreeNode): void {
  const optional = node.children.get('optional')
  if (optional?.route !== undefined && node.route !== undefined) {
    throw new FST_ERR_NEXT_ROUTE_CONFLICT(
      `You cannot define a route with the same specificity as an optional catch-all route ("${node.route.pattern}" and "${optional.route.pattern}"): ${node.route.relativeFile} and ${optional.route.relativeFile}. Make the catch-all required ([...name]) or remove ${node.route.relativeFile}.`
    )
  }
  for (const child of node.children.values()) checkOptionalSpecificity(child)
}
