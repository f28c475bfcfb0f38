// Where the middleware hook sits. Fastify gives a child context every hook its parent has or later
// gets (a child copies them when it is created, and addHook passes them on to existing children),
// and a route cannot opt out. With middlewareScope 'all' the context hook would then reach every
// route file, and an unmatched request would pay a hook call (4-9% of a small JSON route, measured)
// for nothing. So route files carry their own hook where the matcher can match them (plugin.ts),
// and the inherited context hook is taken back out of the route files' context before Fastify
// builds its routes.
//
// Taking it out reaches into Fastify's internals (the `fastify.hooks` symbol of an instance). If
// that ever fails, the inherited hook stays and does the work, and the route files' own hooks and
// handlers stand down (HookPlacement.routeLevel = false): slower, never skipped, never doubled.
import type { FastifyInstance } from 'fastify'

export interface HookPlacement {
  /** true: route files run the middleware from their own hooks; false: from the inherited context hook */
  routeLevel: boolean
}

type HookName = 'onRequest' | 'preParsing'

/** Remove `fn` (inherited from a parent) from `child`'s hooks of `name`; false when it cannot. */
export function withdrawInheritedHook (child: FastifyInstance, name: HookName, fn: unknown): boolean {
  const key = Object.getOwnPropertySymbols(child).find(s => s.description === 'fastify.hooks')
  const list = key === undefined ? undefined : (child as unknown as Record<symbol, Record<string, unknown>>)[key]?.[name]
  if (!Array.isArray(list)) return false
  const at = list.indexOf(fn)
  if (at === -1) return false
  list.splice(at, 1)
  return true
}
