// Attack class: letter case. Next's matcher is case-sensitive; with Fastify's caseSensitive: false
// the router would send /ADMIN to the /admin handler, so the guard must follow the router.
import t from 'tap'
import { checkWith } from './security-paths.mjs'

const VARIANTS = ['/ADMIN', '/Admin', '/aDmIn/x', '/Admin/x', '/ADMIN/', '/USERS/42', '/%41DMIN']

t.test('default (case-sensitive) router', async t => {
  await checkWith(t, null, VARIANTS)
})

t.test('case-insensitive router: the variants reach the handler, so the guard must run', async t => {
  const routed = await checkWith(t, { caseSensitive: false }, VARIANTS)
  t.ok(routed >= 3, `case variants route to the protected handlers (${routed})`)
})
