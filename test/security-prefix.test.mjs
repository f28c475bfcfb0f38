// Attack class: prefix. The plugin's prefix (its own, a parent register's, or both) is Next's
// basePath: the matcher is relative to it, the middleware runs on the route files under it, and
// nextUrl shows the basePath apart from the pathname. Spellings of the prefix the router accepts
// but Next would not (case, escapes, dot segments) reach nothing.
import t from 'tap'
import Fastify from 'fastify'
import nextRoutes from '../dist/index.js'
import { serve, writeApp } from './helper.mjs'
import { sendRawLine } from './fixtures/path-fuzz/raw.mjs'

const show = `(request) => Response.json({ url: request.url, pathname: request.nextUrl.pathname, basePath: request.nextUrl.basePath })`
const dir = writeApp({
  'app/admin/route.js': `export const GET = ${show}`,
  'app/admin/[id]/route.js': `export const GET = ${show}`,
  'app/open/route.js': `export const GET = ${show}`,
  'app/route.js': `export const GET = ${show}`,
  'app/login/route.js': `export const GET = ${show}`,
  'proxy.js': `import { NextResponse } from 'next/server'
export function proxy (request) {
  const seen = { 'x-mw-pathname': request.nextUrl.pathname, 'x-mw-basepath': request.nextUrl.basePath, 'x-mw-url': request.url }
  if (request.nextUrl.pathname === '/open') return NextResponse.next({ headers: seen })
  if (request.headers.get('x-auth') === 'ok') return NextResponse.next({ headers: seen })
  const login = request.nextUrl.clone()
  login.pathname = '/login'
  return NextResponse.redirect(login)
}
export const config = { matcher: ['/admin/:path*', '/open'] }`
})

async function checkGuarded (t, port, base) {
  const blocked = await sendRawLine(port, base + '/admin')
  t.equal(blocked.status, 307, `${base}/admin without credentials is redirected`)
  t.equal(blocked.headers.location, base + '/login', 'the redirect keeps the basePath (nextUrl.pathname setter)')
  t.equal((await sendRawLine(port, base + '/admin/7')).status, 307)
  const passed = await sendRawLine(port, base + '/admin/7', { 'x-auth': 'ok' })
  t.equal(passed.status, 200)
  t.equal(passed.headers['x-mw-pathname'], '/admin/7', 'the middleware sees the pathname without the basePath')
  t.equal(passed.headers['x-mw-basepath'], base)
  t.equal(new URL(passed.headers['x-mw-url']).pathname, base + '/admin/7', "the middleware's request.url keeps the basePath")
  const body = JSON.parse(passed.body)
  t.same([new URL(body.url).pathname, body.pathname, body.basePath], ['/admin/7', '/admin/7', ''], "the handler's URL has no basePath, as in Next 16.4.6")
  for (const variant of [base.toUpperCase() + '/admin', base.replace(/[a-z]/, c => '%' + c.charCodeAt(0).toString(16)) + '/admin', base + '%2Fadmin']) {
    const res = await sendRawLine(port, variant, { 'x-auth': 'ok' })
    t.equal(res.status, 404, `${variant}: another spelling of the basePath reaches nothing`)
  }
  const dots = await sendRawLine(port, base + '/admin/..', { 'x-auth': 'ok' })
  t.same([dots.status, dots.headers.location], [308, base], 'dot segments: 308 to the resolved path, never the [id] handler')
  const slash = await sendRawLine(port, base + '/')
  t.same([slash.status, slash.headers.location], [308, base], 'basePath/ -> basePath, as Next')
  t.equal((await sendRawLine(port, '/admin', { 'x-auth': 'ok' })).status, 404, 'outside the basePath there is no route file')
}

t.test('plugin prefix', async t => {
  const s = await serve(t, { dir, prefix: '/app' }, { fastify: { routerOptions: { caseSensitive: false } } })
  await checkGuarded(t, s.port, '/app')
})

t.test('parent register prefix and plugin prefix together', async t => {
  const app = Fastify()
  await app.register(async scope => { await scope.register(nextRoutes, { dir, prefix: '/app' }) }, { prefix: '/outer' })
  await app.listen({ port: 0, host: '127.0.0.1' })
  t.teardown(() => app.close())
  await checkGuarded(t, app.server.address().port, '/outer/app')
})

t.test("the middleware's reach follows the prefix: another instance and host routes elsewhere are not its business", async t => {
  const other = writeApp({ 'app/admin/route.js': `export const GET = ${show}` })
  const s = await serve(t, { dir, prefix: '/app' }, {
    setup: async app => {
      app.get('/admin', () => 'host admin')
      app.get('/app/legacy', (request, reply) => { reply.send('host legacy') })
      await app.register(nextRoutes, { dir: other, prefix: '/b' })
    }
  })
  t.equal((await sendRawLine(s.port, '/b/admin')).status, 200, "a second instance's route files are not guarded by this middleware")
  t.equal((await sendRawLine(s.port, '/admin')).body, 'host admin', 'host routes outside the basePath neither')
  t.equal((await sendRawLine(s.port, '/app/admin')).status, 307, 'while its own are')
})

t.test('a prefix with a parameter is refused at startup', async t => {
  const app = Fastify()
  await t.rejects(app.register(nextRoutes, { dir, prefix: '/:tenant' }).ready(), { code: 'FST_ERR_NEXT_OPTIONS' })
})
