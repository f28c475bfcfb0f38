// Attack class: trailing and repeated slashes, and other separators the router may ignore
// (semicolons, Next's data and RSC suffixes).
import t from 'tap'
import { checkWith, dir } from './security-paths.mjs'
import { serve } from './helper.mjs'

const VARIANTS = [
  '/admin/', '/admin//', '/admin/x/', '//admin', '/admin//x', '///admin/', '/users/42/', '/users//42',
  '/admin;x', '/admin;/x', '/admin.json', '/admin.rsc', '/admin.segments/admin/__PAGE__.segment.rsc',
  '/_next/data/build/admin.json', '/admin?x=1', '/admin/?x=1'
]

t.test('default router options', async t => {
  const routed = await checkWith(t, null, VARIANTS)
  t.ok(routed >= 1, `some variants route to the protected handlers (${routed})`)
})

t.test('/x/ and //x on a route file get Next\'s 308 before the middleware runs, credentials or not', async t => {
  const s = await serve(t, { dir })
  for (const [path, location] of [['/admin/', '/admin'], ['/admin//x', '/admin/x'], ['//admin', '/admin'], ['/admin/x/?q=1', '/admin/x?q=1'], ['/users/42/', '/users/42']]) {
    for (const headers of [{}, { 'x-auth': 'ok' }]) {
      const res = await s.sendRaw(path, headers)
      t.same([res.status, res.headers.location, res.headers['x-guard'], res.body], [308, location, undefined, location], `${path} ${JSON.stringify(headers)}`)
    }
  }
})

for (const routerOptions of [{ ignoreTrailingSlash: true }, { ignoreDuplicateSlashes: true }, { useSemicolonDelimiter: true }]) {
  t.test(`router options ${JSON.stringify(routerOptions)}`, async t => {
    await checkWith(t, routerOptions, VARIANTS)
  })
}
