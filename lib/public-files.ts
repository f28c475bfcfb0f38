// public/: each file served at its path under the basePath, as `next start` serves it (with `send`:
// Cache-Control `public, max-age=0`, ETag, Last-Modified, ranges, HEAD), here by @fastify/static.
// One static Fastify route per file, listed at startup as Next lists public/ at build: so the
// router gives it precedence over dynamic route files and under them nothing, and a static route
// file at the same path is a startup conflict, as in Next.
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { appPath } from './app-path.js'
import { spellSegment } from './canonical.js'

export interface PublicFile {
  /** path inside public/, with `/` separators */
  readonly file: string
  /** URL path (without basePath), each segment spelled as a browser sends it */
  readonly url: string
  /** the same, as the Fastify route is registered (find-my-way matches decoded text) */
  readonly route: string
}

export function listPublicFiles (dir: string): { root: string, files: PublicFile[] } | null {
  const root = join(dir, 'public')
  if (!existsSync(root) || !statSync(root).isDirectory()) return null
  const files: PublicFile[] = []
  const walk = (folder: string): void => {
    for (const name of readdirSync(folder).sort()) {
      const full = join(folder, name)
      const stat = statSync(full)
      if (stat.isDirectory()) walk(full)
      else if (stat.isFile()) {
        const rel = appPath(root, full)
        const parts = rel.split('/')
        // Names the router would read as parameters or wildcards cannot be one static route.
        if (parts.some(p => /[:*?#%]/.test(p))) continue
        files.push({ file: rel, url: '/' + parts.map(spellSegment).join('/'), route: '/' + rel })
      }
    }
  }
  walk(root)
  return { root, files }
}
