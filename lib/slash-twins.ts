// Next answers `/x/` with a 308 to `/x` (trailingSlash unset), so each route path `/x` also needs a
// route at `/x/` (its twin) for that answer to be ours rather than the host's 404. A twin only ever
// redirects, refuses or passes to the not-found handler (buildSlashTwinHandler), whatever file it
// belongs to, so sibling route files can share one. That matters at startup: each Fastify route is
// a context, its hooks and one router entry per method (about 0.2 ms), and a twin per file was a
// third of the routes registered (180 ms of a 1,000-file app's start, docs/benchmarks.md).
//
// Siblings share a regular-expression parameter naming exactly them: `/area/:nextSlashTwin(^(?:a|b)$)/`
// for `/area/a` and `/area/b`, and `/area/:nextSlashTwin(^(?:a|b)$)/:id/` for `/area/a/:id` and
// `/area/b/:id`. Not a wildcard: find-my-way tries a static route before a regex parameter and
// a regex parameter before a plain one, and falls back to the next when one does not match, so
// the host's own `/area/:id/` or `/area/*` keeps every path that is not one of ours.
const PARAM = 'nextSlashTwin'
// Names that need no escaping but the dot, in a regular expression and in a find-my-way path.
const SIMPLE = /^[A-Za-z0-9_~-][A-Za-z0-9_.~-]*$/

export interface SlashTwin {
  /** the Fastify path of the twin route */
  readonly url: string
  /** the route paths (Fastify paths, no trailing slash) it answers for */
  readonly routes: readonly string[]
}

/**
 * One twin per group of route paths that differ only in their last static segment (with only
 * parameters after it); a path with no such segment, a name outside SIMPLE or longer than the
 * router's maxParamLength keeps a twin of its own (`url + '/'`).
 */
export function planSlashTwins (urls: readonly string[], maxParamLength: number): SlashTwin[] {
  const groups = new Map<string, { before: string, after: string, names: string[], routes: string[] }>()
  const twins: SlashTwin[] = []
  for (const url of urls) {
    const parts = url.split('/')
    let i = parts.length - 1
    // `::` is find-my-way's escaped literal colon, so a part starting with it is static.
    while (i > 0 && parts[i].startsWith(':') && !parts[i].startsWith('::')) i--
    const after = parts.slice(i + 1).join('/')
    if (i === 0 || !SIMPLE.test(parts[i]) || parts[i].length > maxParamLength || after.includes(`:${PARAM}`)) {
      twins.push({ url: url + '/', routes: [url] })
      continue
    }
    const before = parts.slice(0, i).join('/')
    const key = before + '\0' + after
    let group = groups.get(key)
    if (group === undefined) groups.set(key, group = { before, after, names: [], routes: [] })
    group.names.push(parts[i])
    group.routes.push(url)
  }
  for (const { before, after, names, routes } of groups.values()) {
    if (routes.length === 1) {
      twins.push({ url: routes[0] + '/', routes })
      continue
    }
    const alternatives = names.map(name => name.replaceAll('.', '\\.')).join('|')
    twins.push({ url: `${before}/:${PARAM}(^(?:${alternatives})$)${after === '' ? '' : '/' + after}/`, routes })
  }
  return twins
}
