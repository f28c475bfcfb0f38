// Attack class: path variants (encodings, dot segments, slashes, case, suffixes) must either run the
// middleware or not reach the protected handler. Holds by construction: the matcher tests the path
// the router routes (raw and decoded), with Fastify's router options applied.
import t from 'tap'
import { join } from 'node:path'
import { fixtures, serve } from './helper.mjs'

const dir = join(fixtures, 'security')
const PROTECTED = /admin secret|admin sub/

const VARIANTS = [
  '/admin', '/admin/', '/admin/x', '/%61dmin', '/%61%64%6d%69%6e', '/admin%2Fx', '/admin%2fx', '/admin%252Fx',
  '/./admin', '/x/../admin', '/%2e%2e/admin', '/x/%2e%2e/admin', '//admin', '/admin//x', '/admin;x', '/admin;/x',
  '/admin.json', '/admin.rsc', '/admin.segments/admin/__PAGE__.segment.rsc', '/ADMIN', '/Admin/x', '/admin%00',
  '/_next/data/build/admin.json', '/admin?x=1', '/%2Fadmin', '/admin/%2e%2e', '/admin/./x'
]

async function check (t, s, path) {
  const res = await s.fetch(path)
  const ranMiddleware = res.status === 401 && res.body === 'blocked'
  t.ok(ranMiddleware || !PROTECTED.test(res.body), `${path} -> ${res.status} ${res.body.slice(0, 40)}`)
}

t.test('default router options', async t => {
  const s = await serve(t, { dir })
  for (const path of VARIANTS) await check(t, s, path)
  t.equal((await s.fetch('/admin', { headers: { 'x-auth': 'ok' } })).body, 'admin secret', 'the guard itself lets good requests through')
})

t.test('a malformed escape is a 400, never a bypass', async t => {
  const s = await serve(t, { dir })
  t.equal((await s.fetch('/%2')).status, 400)
  t.equal((await s.fetch('/admin/%E0%A4%A')).status, 400)
})

for (const routerOptions of [{ caseSensitive: false }, { ignoreDuplicateSlashes: true }, { useSemicolonDelimiter: true }, { ignoreTrailingSlash: true }]) {
  t.test(`router options ${JSON.stringify(routerOptions)}`, async t => {
    const s = await serve(t, { dir }, { fastify: { routerOptions } })
    for (const path of VARIANTS) await check(t, s, path)
  })
}
