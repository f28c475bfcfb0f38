// Next's internal protocol headers (x-middleware-*, x-invoke-*, ...). Sent by a client they never
// steer anything (CVE-2025-29927, next-middleware.md 8.2) and never reach a handler: Next drops
// them as a request enters, middleware or not.
import type { IncomingMessage } from 'node:http'

const INTERNAL_EXACT = new Set(['x-now-route-matches', 'x-matched-path', 'x-nextjs-data', 'x-nextjs-rewrite', 'x-nextjs-redirect',
  'x-next-resume-state-length', 'next-resume'])

/** `name` in lower case, as in `raw.headers`. */
export function isInternalHeader (name: string): boolean {
  return name.startsWith('x-middleware-') || name.startsWith('x-invoke-') || INTERNAL_EXACT.has(name)
}

/** `name` as the client spelled it (a rawHeaders entry). Every internal name starts with x or n. */
export function isInternalRawName (name: string): boolean {
  const first = name.charCodeAt(0) | 0x20
  return (first === 0x78 || first === 0x6e) && isInternalHeader(name.toLowerCase())
}

/** Remove them from the Node request itself, for the app's own Fastify routes and hooks. */
export function stripInternalHeaders (raw: IncomingMessage): void {
  let found = false
  for (const name in raw.headers) {
    // Every internal name starts with x or n (lower case here): the rest cost one comparison.
    const first = name.charCodeAt(0)
    if ((first === 0x78 || first === 0x6e) && isInternalHeader(name)) {
      delete raw.headers[name]
      found = true
    }
  }
  if (!found) return
  const kept: string[] = []
  const rawHeaders = raw.rawHeaders
  for (let i = 0; i < rawHeaders.length; i += 2) {
    if (!isInternalRawName(rawHeaders[i])) kept.push(rawHeaders[i], rawHeaders[i + 1])
  }
  raw.rawHeaders.length = 0
  raw.rawHeaders.push(...kept)
}
