// Attack class: letter case. Next's matcher and routes are case-sensitive; with Fastify's
// caseSensitive: false the router sends /ADMIN to the /admin route file, which answers 404: a
// route file serves only the canonical spelling of its path (lib/route-spelling.ts).
import t from 'tap'
import { checkWith } from './security-paths.mjs'

const VARIANTS = ['/ADMIN', '/Admin', '/aDmIn/x', '/Admin/x', '/ADMIN/', '/USERS/42', '/%41DMIN']

t.test('default (case-sensitive) router', async t => {
  t.equal(await checkWith(t, null, VARIANTS), 0, 'no case variant reaches a protected handler')
})

t.test('case-insensitive router: the variants reach no handler either', async t => {
  t.equal(await checkWith(t, { caseSensitive: false }, VARIANTS), 0, 'no case variant reaches a protected handler')
})
