// Shared by the security-*.test.mjs files about path variants. The fixture's proxy.ts guards
// /admin, /admin/* and /users/:id; a request reaches a protected handler only if the guard ran.
import { join } from 'node:path'
import { fixtures, serve } from './helper.mjs'

export const dir = join(fixtures, 'security')
// The admin handlers, or /users/[id] for any id but "me" (the only one the guard lets through).
const isProtected = body => /admin secret|admin sub/.test(body) || (/^\{"id":/.test(body) && !body.startsWith('{"id":"me"'))

/**
 * For each path: without credentials the answer is the guard's 401 or something that is not a
 * protected handler; with credentials, the same path may reach the handler (so a variant that
 * routes to it is known to be guarded, not merely unrouted). Returns how many variants reached a
 * protected handler with credentials, so a file can show its variants are not all dead ends.
 */
export async function assertGuarded (t, s, paths) {
  let routed = 0
  for (const path of paths) {
    const res = await s.sendRaw(path)
    const ranGuard = res.status === 401 && res.body === 'blocked'
    t.ok(ranGuard || !isProtected(res.body), `${path} -> ${res.status} ${res.body.slice(0, 40)}`)
    const authed = await s.sendRaw(path, { 'x-auth': 'ok' })
    if (isProtected(authed.body)) {
      routed++
      t.ok(ranGuard, `${path} reaches a protected handler, so without credentials the guard answered`)
    }
  }
  return routed
}

/** Serves the fixture with Fastify's router options, then checks every path. */
export async function checkWith (t, routerOptions, paths) {
  const s = await serve(t, { dir }, routerOptions === null ? {} : { fastify: { routerOptions } })
  return assertGuarded(t, s, paths)
}
