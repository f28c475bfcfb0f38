// What a `middleware.ts` (Next 16: the edge runtime; `proxy.ts` runs on Node.js) sees as fetch,
// Request and Response, as under next start 16.4.6: a relative URL given to `fetch()`,
// `new Request()` or `Response.redirect()` fails with Next's "URL is malformed" error instead of
// undici's, and `fetch()` sends `user-agent: Next.js Middleware` unless the call sets one.
// Module-local bindings, prepended to the middleware file's source by the loader (lib/load.ts);
// the globals are left alone.
import { basename, dirname, resolve } from 'node:path'

const kEdge = Symbol.for('fastify-next-routes.EdgeMiddleware')
const MIDDLEWARE_FILE = /^middleware\.(?:[cm]?[jt]s|[jt]sx)$/

function malformed (url: string): Error {
  return new Error(`URL is malformed "${url}". Please use only absolute URLs - https://nextjs.org/docs/messages/middleware-relative-urls`)
}

function absolute (input: unknown): void {
  if (input instanceof URL || input instanceof Request) return
  const url = String(input)
  if (!URL.canParse(url)) throw malformed(url)
}

class EdgeRequest extends Request {
  constructor (input: RequestInfo | URL, init?: RequestInit) {
    absolute(input)
    super(input, init)
  }
}

async function edgeFetch (input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  absolute(input)
  const request = new Request(input, init)
  if (!request.headers.has('user-agent')) request.headers.set('user-agent', 'Next.js Middleware')
  return await fetch(request)
}

function edgeResponse (base: typeof Response): typeof Response {
  return class EdgeResponse extends base {
    static redirect (url: string | URL, status?: number): Response {
      absolute(url)
      return base.redirect(url, status)
    }
  }
}

let cached: { fetch: typeof edgeFetch, Request: typeof EdgeRequest, Response: typeof Response } | null = null
;(globalThis as Record<symbol, unknown>)[kEdge] = () => {
  if (cached === null) {
    cached = { fetch: edgeFetch, Request: EdgeRequest, Response: edgeResponse(Response) }
  }
  return cached
}

/** Whether `file` is the app's edge middleware (`middleware.*` in the app folder or its src/). */
export function isEdgeMiddleware (dir: string, file: string): boolean {
  if (!MIDDLEWARE_FILE.test(basename(file))) return false
  const folder = dirname(resolve(file))
  const root = resolve(dir)
  return folder === root || folder === resolve(root, 'src')
}

/**
 * The source with module-local fetch, Request and Response (unless the file declares its own, or
 * opts into the Node runtime with `config.runtime = 'nodejs'`).
 */
export function withEdgeGlobals (source: string): string {
  if (/runtime\s*:\s*['"]nodejs['"]/.test(source)) return source
  const names = ['fetch', 'Request', 'Response'].filter(name => !ownBinding(name).test(source))
  if (names.length === 0) return source
  return `const { ${names.join(', ')} } = globalThis[Symbol.for("fastify-next-routes.EdgeMiddleware")]();${source}`
}

function ownBinding (name: string): RegExp {
  return new RegExp(`(?:^|[^.\\w$])(?:class|function|const|let|var)\\s+${name}\\b|import\\s*\\{[^}]*\\b${name}\\b[^}]*\\}|import\\s+${name}\\b|import\\s*\\*\\s*as\\s+${name}\\b`)
}
