// Attack class: percent-encoding. Encoded letters, encoded and double-encoded slashes, NUL and
// malformed escapes must not reach a guarded handler without the middleware: the matcher tests the
// raw and the decoded pathname the router routes.
import t from 'tap'
import { checkWith, dir } from './security-paths.mjs'
import { serve } from './helper.mjs'

const VARIANTS = ['/%61dmin', '/%61%64%6d%69%6e', '/%41dmin', '/admin%2Fx', '/admin%2fx', '/admin%252Fx', '/%2Fadmin', '/admin%00', '/adm%69n/x', '/users/%6De2']

t.test('encoded variants run the guard or reach nothing protected', async t => {
  const routed = await checkWith(t, null, VARIANTS)
  t.ok(routed >= 2, `some encoded variants do route to the protected handlers (${routed})`)
})

t.test('with a case-insensitive router too', async t => {
  await checkWith(t, { caseSensitive: false }, VARIANTS)
})

t.test('a malformed escape is a 400, never a bypass', async t => {
  const s = await serve(t, { dir })
  for (const path of ['/%2', '/admin/%E0%A4%A', '/%zzadmin', '/admin%']) {
    const res = await s.fetch(path)
    t.equal(res.status, 400, path)
  }
})
