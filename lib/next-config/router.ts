// next.config headers(), redirects() and rewrites() as one onRequest hook, in Next 16.4.6's order
// (router-utils/resolve-routes.ts): headers -> redirects -> middleware -> beforeFiles rewrites ->
// filesystem (public/ files, static route files) -> afterFiles rewrites -> filesystem and dynamic
// routes -> fallback rewrites. Every rule reads the canonical path (lib/canonical.ts), and the
// middleware runs once, on the path the client asked for, before any rewrite: as in Next, a
// rewrite cannot take a request around the guard, whatever its spelling or its has-conditions.
// Installed only when the config has a rule; an app without costs nothing per request.
import { parse as parseQuery, stringify, type ParsedUrlQuery } from 'node:querystring'
import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify'
import { answerNonCanonical } from '../middleware.js'
import { canonicalOf, canonicalize, displayPath, settleCanonical, type SlashPolicy } from '../canonical.js'
import { proxyRequest } from '../proxy.js'
import { kConfigRouting, kOriginalCanonical } from '../symbols.js'
import { prepareDestination, fillText, stringifyRedirectQuery } from './destination.js'
import type { CompiledRule, Params } from './rules.js'
import { RequestView } from '../request-view.js'

/** What serves a canonical path: a public file or static route ('static'), a dynamic route, or nothing. */
export type FilesystemCheck = (path: string) => 'static' | 'dynamic' | null

export interface ConfigRouterSettings {
  readonly headers: CompiledRule[]
  readonly redirects: CompiledRule[]
  readonly beforeFiles: CompiledRule[]
  readonly afterFiles: CompiledRule[]
  readonly fallback: CompiledRule[]
  readonly slash: SlashPolicy
  readonly filesystem: FilesystemCheck
  /** the middleware's hook (context form), run between redirects and rewrites; null without one */
  readonly middleware: onRequestHookHandler | null
  readonly routing: FastifyInstance['routing']
  readonly proxyTimeout: number
  /** the canonical basePath: Next's trailing-slash redirects are rules under it */
  readonly basePath: string
}

interface Routing {
  stage: 'middleware' | 'final'
  readonly headers: Array<[string, string]>
}


export function buildConfigRouter (settings: ConfigRouterSettings): onRequestHookHandler {
  const { slash } = settings
  const hasRewrites = settings.beforeFiles.length + settings.afterFiles.length + settings.fallback.length > 0

  function afterMiddleware (request: FastifyRequest, reply: FastifyReply, done: (err?: Error) => void): void {
    if (!hasRewrites) {
      done()
      return
    }
    const raw = request.raw
    const c = canonicalOf(raw, slash)
    if (c.kind !== 'path') {
      done()
      return
    }
    let path = c.path
    let query = parseQuery(c.search.slice(1))
    const facts = new RequestView(raw, query)
    let rewritten = false
    // Each list: the first matching rule rewrites, and when the filesystem serves the new path
    // routing ends there; otherwise the next rules see the new path (Next's `check: true`).
    const run = (rules: CompiledRule[]): 'done' | 'external' | 'on' => {
      for (const rule of rules) {
        const params = rule.match(displayPath(path, slash), facts)
        if (params === null) continue
        const dest = prepareDestination(rule.destination, rule.destinationBasePath, params, query, true)
        if (dest.origin !== '') {
          external(request, reply, dest.origin + dest.pathname, dest.query)
          return 'external'
        }
        const target = canonicalize(dest.pathname)
        if (target.kind === 'bad') continue
        path = target.path
        query = dest.query
        facts.query_ = query
        rewritten = true
        if (settings.filesystem(path) !== null) return 'done'
      }
      return 'on'
    }
    let outcome = run(settings.beforeFiles)
    if (outcome === 'on' && settings.filesystem(path) !== 'static') {
      outcome = run(settings.afterFiles)
      if (outcome === 'on' && settings.filesystem(path) === null) outcome = run(settings.fallback)
    }
    if (outcome === 'external') return
    if (!rewritten) {
      done()
      return
    }
    const state = (raw as { [kConfigRouting]?: Routing })[kConfigRouting] as Routing
    state.stage = 'final'
    // The handler still sees the URL the client asked for, as after a middleware rewrite.
    ;(raw as { [kOriginalCanonical]?: unknown })[kOriginalCanonical] ??= c
    const search = stringify(query)
    raw.url = path + (search === '' ? '' : '?' + search)
    // The target is canonical already (an internal path): no slash policy applies to it.
    settleCanonical(raw, { kind: 'path', path, search: search === '' ? '' : '?' + search })
    // Fastify routed the old path already: a new trip through its router (as a middleware rewrite).
    reply.hijack()
    settings.routing(raw, reply.raw)
  }

  function external (request: FastifyRequest, reply: FastifyReply, url: string, query: ParsedUrlQuery): void {
    const search = stringify(query)
    let target: URL
    try {
      target = new URL(url + (search === '' ? '' : '?' + search))
    } catch (err) {
      request.log.error({ err, url }, 'next.config rewrite destination is not a URL')
      reply.code(500).send()
      return
    }
    proxyRequest(request, reply, target, settings.proxyTimeout).catch(err => request.log.error({ err }, 'next.config external rewrite failed'))
  }

  function runMiddleware (this: FastifyInstance, request: FastifyRequest, reply: FastifyReply, done: (err?: Error) => void): void {
    const mw = settings.middleware
    if (mw === null) {
      afterMiddleware(request, reply, done)
      return
    }
    mw.call(this, request, reply, (err?: Error) => {
      if (err !== undefined) done(err)
      else afterMiddleware(request, reply, done)
    })
  }

  return function nextConfigRouter (this: FastifyInstance, request: FastifyRequest, reply: FastifyReply, done: (err?: Error) => void) {
    const raw = request.raw
    const state = (raw as { [kConfigRouting]?: Routing })[kConfigRouting]
    if (state !== undefined) {
      // A re-dispatch: after a config rewrite (routing is decided) or a middleware rewrite (the
      // rewrites still apply to its target, as in Next).
      for (const [name, value] of state.headers) reply.header(name, value)
      if (state.stage === 'final') {
        if (settings.middleware === null) done()
        else settings.middleware.call(this, request, reply, done)
      } else {
        runMiddleware.call(this, request, reply, done)
      }
      return
    }
    const ours = (request.routeOptions.config as { nextFile?: string }).nextFile !== undefined
    // Next's trailing-slash redirect rules apply outside the basePath too (recorded: /outside -> /outside/).
    const c = answerNonCanonical(request, reply, canonicalOf(raw, slash), !ours && request.routeOptions.url !== undefined)
    if (c === null) return
    const shown = displayPath(c.path, slash)
    const query = parseQuery(c.search.slice(1))
    const facts = new RequestView(raw, query)
    const headers: Array<[string, string]> = []
    for (const rule of settings.headers) {
      const params = rule.match(shown, facts)
      if (params === null) continue
      const some = Object.keys(params).length > 0
      for (const h of rule.headers) {
        const key = some ? fillText(h.key, params) : h.key
        const value = some ? fillText(h.value, params) : h.value
        // A later rule wins for the same header, Set-Cookie lines add up (Next's resHeaders).
        const lower = key.toLowerCase()
        if (lower !== 'set-cookie') for (let i = headers.length - 1; i >= 0; i--) if (headers[i][0] === lower) headers.splice(i, 1)
        headers.push([lower, value])
      }
    }
    for (const rule of settings.redirects) {
      const params = rule.match(shown, facts)
      if (params === null) continue
      redirect(reply, rule, params, query)
      return
    }
    for (const [name, value] of headers) reply.header(name, value)
    ;(raw as { [kConfigRouting]?: Routing })[kConfigRouting] = { stage: 'middleware', headers }
    runMiddleware.call(this, request, reply, done)
  }
}

// Next's redirect answer: the status, Location (relative for this origin), Refresh for 308, the
// location as the body. headers() rules do not apply to it (Next returns them only when routing goes on).
function redirect (reply: FastifyReply, rule: CompiledRule, params: Params, query: ParsedUrlQuery): void {
  const dest = prepareDestination(rule.destination, rule.destinationBasePath, params, query, false)
  const search = stringifyRedirectQuery(dest.query, query)
  const location = dest.origin + dest.pathname + (search === '' ? '' : '?' + search)
  reply.code(rule.status).header('location', location)
  if (rule.status === 308) reply.header('refresh', `0;url=${location}`)
  reply.type('text/plain').send(location)
}
