// Walk a Next.js app/ directory and return its route files as a manifest. Reads the disk only:
// no import(), no fastify. Conflicts that Next reports at build time (or crashes on at runtime)
// fail here, naming both files and the fix.
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import { FST_ERR_NEXT_NO_APP_DIR, FST_ERR_NEXT_ROUTE_CONFLICT, FST_ERR_NEXT_SEGMENT_INVALID } from './errors.js'
import { checkRoutePath, classifyFolder, parseSegment, toPattern, type UrlSegment } from './segments.js'

export const ROUTE_EXTENSIONS = ['ts', 'js', 'mjs', 'tsx', 'jsx']
const ROUTE_FILE = /^route\.(ts|js|mjs|tsx|jsx)$/
const PAGE_FILE = /^page\.(ts|js|mjs|tsx|jsx|md|mdx)$/
// Metadata route files (spec 112): sitemap at any level, robots and manifest at the root only.
const METADATA_FILE = /^(sitemap|robots|manifest)\.(ts|js|mjs|tsx|jsx)$/
const METADATA_URL = { sitemap: 'sitemap.xml', robots: 'robots.txt', manifest: 'manifest.webmanifest' } as const
export type MetadataKind = keyof typeof METADATA_URL

export interface RouteEntry {
  /** absolute path of the route file */
  file: string
  /** path relative to the app directory, for messages: `(a)/y/route.ts` */
  relativeFile: string
  segments: UrlSegment[]
  /** Next-style pattern: `/users/[id]` */
  pattern: string
  /** a metadata route file (sitemap.ts, robots.ts, manifest.ts): its module is wrapped (lib/metadata.ts) */
  metadata?: MetadataKind
}

/** The app directory inside `dir`: `dir/app`, else `dir/src/app` (Next's own lookup order). */
export function findAppDir (dir: string): string {
  const candidates = [join(dir, 'app'), join(dir, 'src', 'app')]
  for (const candidate of candidates) {
    if (existsSync(candidate) && statSync(candidate).isDirectory()) return candidate
  }
  throw new FST_ERR_NEXT_NO_APP_DIR(dir, candidates[0], candidates[1])
}

export function discoverRoutes (appDir: string): RouteEntry[] {
  const routes: RouteEntry[] = []
  walk(appDir, appDir, [], routes)
  checkConflicts(routes)
  // Stable order for logs and the route table; registration order does not matter to find-my-way.
  routes.sort((a, b) => (a.pattern < b.pattern ? -1 : a.pattern > b.pattern ? 1 : 0))
  return routes
}

function walk (appDir: string, dir: string, segments: UrlSegment[], out: RouteEntry[]): void {
  const entries = readdirSync(dir, { withFileTypes: true })
  const routeFiles: string[] = []
  let pageFile: string | undefined
  const rel = (name: string): string => relative(appDir, join(dir, name)).split(sep).join('/')
  for (const entry of entries) {
    if (entry.isFile()) {
      if (ROUTE_FILE.test(entry.name)) routeFiles.push(entry.name)
      else if (PAGE_FILE.test(entry.name)) pageFile = entry.name
      else {
        const kind = METADATA_FILE.exec(entry.name)?.[1] as MetadataKind | undefined
        if (kind !== undefined && (kind === 'sitemap' || dir === appDir)) {
          const urlSegments = [...segments, { kind: 'static' as const, value: METADATA_URL[kind] }]
          out.push({ file: join(dir, entry.name), relativeFile: rel(entry.name), segments: urlSegments, pattern: toPattern(urlSegments), metadata: kind })
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
function checkConflicts (routes: RouteEntry[]): void {
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
