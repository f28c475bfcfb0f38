// Next's canonical paths (trailingSlash: false): `/x/` and `//x` answer a 308 to `/x` before
// anything else runs, middleware included (next-route-handlers.md 27, next-middleware.md 2.10, 6.1).
import type { FastifyReply } from 'fastify'

/** true when `path` (no query) is one Next redirects: a trailing slash (not the root) or `//`. */
export function needsCanonicalRedirect (path: string): boolean {
  return (path.length > 1 && path.charCodeAt(path.length - 1) === 47) || path.includes('//')
}

/** The 308 as Next sends it: Location with the query kept, Refresh, and the location as text. */
export function redirectToCanonical (reply: FastifyReply, path: string, search: string): FastifyReply {
  let canonical = path.replace(/\/{2,}/g, '/')
  if (canonical.length > 1 && canonical.endsWith('/')) canonical = canonical.slice(0, -1)
  const location = canonical + search
  return reply.code(308).header('location', location).header('refresh', `0;url=${location}`).type('text/plain').send(location)
}
