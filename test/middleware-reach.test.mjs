// Where a middleware without a matcher runs. Next 16.4.6 runs it on every path, inside
// next.config's basePath or not (its middleware-base-path e2e suite redirects
// /redirect-with-basepath to /root/redirect-with-basepath); the bridge does the same for
// next.config's basePath, but never outside the plugin's `prefix`: a Fastify plugin's reach is its
// prefix, and the host app's other routes are not the middleware's business. Outside the basePath
// the path is still made canonical before the middleware sees it.
import t from 'tap'
import { serve, writeApp } from './helper.mjs'
import { sendRawLine } from './fixtures/path-fuzz/raw.mjs'

const proxy = `import { NextResponse } from 'next/server'
export function proxy (request) {
  const url = request.nextUrl
  if (url.pathname === '/to-base' && url.basePath === '') {
    url.basePath = '/docs'
    return NextResponse.redirect(url)
  }
  return NextResponse.next({ headers: { 'x-mw-pathname': url.pathname, 'x-mw-basepath': url.basePath || '(none)' } })
}`
const route = { 'app/page-data/route.js': 'export const GET = () => Response.json({ ok: true })' }
const withBasePath = writeApp({ ...route, 'proxy.js': proxy, 'next.config.mjs': "export default { basePath: '/docs' }" })
const withMatcher = writeApp({ ...route, 'proxy.js': proxy + "\nexport const config = { matcher: '/:path*' }", 'next.config.mjs': "export default { basePath: '/docs' }" })
const plain = writeApp({ ...route, 'proxy.js': proxy })
const hostRoutes = app => {
  app.get('/health', async () => 'host health')
  app.get('/v1/health', async () => 'host v1 health')
}
const seen = res => [res.headers['x-mw-pathname'], res.headers['x-mw-basepath']]

t.test("no matcher, next.config basePath: the middleware runs outside it, as under next start", async t => {
  const s = await serve(t, { dir: withBasePath }, { setup: hostRoutes })
  const inside = await sendRawLine(s.port, '/docs/page-data')
  t.equal(inside.status, 200)
  t.same(seen(inside), ['/page-data', '/docs'], 'inside: nextUrl.basePath is the basePath')
  const unrouted = await sendRawLine(s.port, '/elsewhere')
  t.equal(unrouted.status, 404)
  t.same(seen(unrouted), ['/elsewhere', '(none)'], "an unrouted path outside it: nextUrl.basePath is ''")
  const host = await sendRawLine(s.port, '/health')
  t.same([host.status, host.body], [200, 'host health'])
  t.same(seen(host), ['/health', '(none)'], 'a host route outside it (middlewareScope all)')
  const redirect = await sendRawLine(s.port, '/to-base?x=1')
  t.same([redirect.status, redirect.headers.location], [307, '/docs/to-base?x=1'], 'setting nextUrl.basePath outside it redirects into it')
})

t.test('outside the basePath the path is canonical before the middleware sees it', async t => {
  const s = await serve(t, { dir: withBasePath })
  const dots = await sendRawLine(s.port, '/x/../elsewhere')
  t.same([dots.status, dots.headers.location, dots.headers['x-mw-pathname']], [308, '/elsewhere', undefined], 'dot segments: 308 to the resolved path, the middleware not run')
  const slashes = await sendRawLine(s.port, '//elsewhere')
  t.same([slashes.status, slashes.headers['x-mw-pathname']], [308, undefined], '`//`: 308 first')
  const trailing = await sendRawLine(s.port, '/elsewhere/')
  t.same([trailing.status, trailing.headers.location, trailing.headers['x-mw-pathname']], [308, '/elsewhere', undefined], 'trailing slash: 308 first')
  const malformed = await sendRawLine(s.port, '/%ZZ')
  t.same([malformed.status, malformed.headers['x-mw-pathname']], [400, undefined], 'a malformed escape: 400, the middleware not run')
  const encoded = await sendRawLine(s.port, '/%64ocs/page-data')
  t.equal(encoded.status, 404, 'an encoded spelling of the basePath reaches no route file')
  t.same(seen(encoded), ['/%64ocs/page-data', '(none)'], 'the middleware sees it as sent, outside the basePath')
})

t.test('a matcher stays relative to the basePath: nothing outside it', async t => {
  const s = await serve(t, { dir: withMatcher })
  t.same(seen(await sendRawLine(s.port, '/docs/page-data')), ['/page-data', '/docs'])
  const outside = await sendRawLine(s.port, '/elsewhere')
  t.same([outside.status, outside.headers['x-mw-pathname']], [404, undefined])
})

t.test("the plugin's prefix bounds a middleware without a matcher", async t => {
  const s = await serve(t, { dir: withBasePath, prefix: '/v1' }, { setup: hostRoutes })
  t.same(seen(await sendRawLine(s.port, '/v1/docs/page-data')), ['/page-data', '/v1/docs'], 'inside prefix and basePath')
  const inPrefix = await sendRawLine(s.port, '/v1/health')
  t.same([inPrefix.status, inPrefix.body], [200, 'host v1 health'])
  t.same(seen(inPrefix), ['/v1/health', '(none)'], "inside the prefix, outside the basePath: run, with nextUrl.basePath ''")
  const host = await sendRawLine(s.port, '/health')
  t.same([host.status, host.body, host.headers['x-mw-pathname']], [200, 'host health', undefined], 'a host route outside the prefix: not run')
  const unrouted = await sendRawLine(s.port, '/elsewhere')
  t.same([unrouted.status, unrouted.headers['x-mw-pathname']], [404, undefined], 'an unrouted path outside the prefix: not run')
})

t.test('a prefix without a basePath: the same bound', async t => {
  const s = await serve(t, { dir: plain, prefix: '/v1' }, { setup: hostRoutes })
  t.same(seen(await sendRawLine(s.port, '/v1/page-data')), ['/page-data', '/v1'])
  t.same(seen(await sendRawLine(s.port, '/v1/health')), ['/health', '/v1'], 'a host route under the prefix is under the basePath')
  const host = await sendRawLine(s.port, '/health')
  t.same([host.status, host.headers['x-mw-pathname']], [200, undefined], 'outside the prefix: not run')
})
