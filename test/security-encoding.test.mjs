// Attack class: percent-encoding. Encoded letters, encoded and double-encoded slashes, NUL and
// malformed escapes must not reach a guarded handler without the middleware. Static segments are
// compared as sent, as Next does, so an encoded spelling of one is a 404 whatever the router
// decoded (after the middleware ran on it, as Next runs it); encodings inside a dynamic segment
// reach its handler as a param decoded once (here the root catch-all, which is not guarded).
import t from 'tap'
import { checkWith, dir } from './security-paths.mjs'
import { serve } from './helper.mjs'

const VARIANTS = ['/%61dmin', '/%61%64%6d%69%6e', '/%41dmin', '/admin%2Fx', '/admin%2fx', '/admin%252Fx', '/%2Fadmin', '/admin%00', '/adm%69n/x', '/users/%6De2']

t.test('encoded variants run the guard or reach nothing protected', async t => {
  const routed = await checkWith(t, null, VARIANTS)
  t.equal(routed, 0, 'no encoded variant reaches a protected handler, even with credentials')
})

t.test('with a case-insensitive router too', async t => {
  const routed = await checkWith(t, { caseSensitive: false }, VARIANTS)
  t.equal(routed, 0, 'the router folding case reaches no more handlers')
})

t.test('encoded static segments answer 404 under every router option', async t => {
  for (const routerOptions of [{}, { caseSensitive: false }, { useSemicolonDelimiter: true }, { ignoreDuplicateSlashes: true }]) {
    const s = await serve(t, { dir }, { fastify: { routerOptions } })
    for (const path of ['/%61dmin', '/adm%69n/x', '/%61dmin/users/x%23y']) {
      const res = await s.sendRaw(path, { 'x-auth': 'ok' })
      t.equal(res.status, 404, `${JSON.stringify(routerOptions)} ${path}`)
    }
  }
})

t.test('a malformed escape is a 400, never a bypass', async t => {
  const s = await serve(t, { dir })
  for (const path of ['/%2', '/admin/%E0%A4%A', '/%zzadmin', '/admin%', '/admin%00', '/users/%C0%AF', '/users/%ED%A0%80', '/users/%FF']) {
    const res = await s.fetch(path)
    t.equal(res.status, 400, path)
  }
})
