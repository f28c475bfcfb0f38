// Attack class: next.config rules. headers()/redirects()/rewrites() read the canonical path, the
// same one the middleware guard reads, and the middleware runs on the path the client asked for
// before any rewrite (Next's order): an encoded spelling, a case change, a dot segment or a
// has-condition cannot route a request to a guarded file without the guard having run on it.
import t from 'tap'
import { serve, writeApp } from './helper.mjs'
import { sendRawLine } from './fixtures/path-fuzz/raw.mjs'

const dir = writeApp({
  'app/admin/secret/route.js': "export const GET = () => new Response('SECRET')",
  'app/api/public/route.js': "export const GET = () => new Response('public')",
  'next.config.mjs': `export default {
  async headers () { return [{ source: '/admin/:path*', headers: [{ key: 'x-admin-area', value: '1' }] }] },
  async redirects () { return [{ source: '/go/:path*', destination: '/:path*', permanent: false }] },
  async rewrites () {
    return {
      beforeFiles: [
        { source: '/feed/:path*', has: [{ type: 'header', key: 'x-internal' }], destination: '/admin/:path*' }
      ],
      afterFiles: [{ source: '/pub/:path*', destination: '/api/public' }],
      fallback: [{ source: '/:path*', destination: '/api/public' }]
    }
  }
}`,
  'proxy.js': `export function proxy (request) {
  if (request.nextUrl.pathname.startsWith('/admin') && request.headers.get('x-auth') !== 'ok') return new Response('denied', { status: 401 })
}
export const config = { matcher: ['/admin/:path*'] }`
})

t.test('the guarded file answers only after the guard', async t => {
  const s = await serve(t, { dir })
  t.equal((await s.fetch('/admin/secret')).status, 401)
  t.equal((await s.fetch('/admin/secret', { headers: { 'x-auth': 'ok' } })).body, 'SECRET')
  t.equal((await s.fetch('/admin/secret')).headers['x-admin-area'], '1', 'config headers are on the middleware answer too, as in Next')
})

t.test('spellings of the guarded path never reach it unguarded', async t => {
  const s = await serve(t, { dir })
  for (const target of ['/%61dmin/secret', '/ADMIN/secret', '/admin/%73ecret', '/admin;x/secret', '/api/../admin/secret', '/api/%2e%2e/admin/secret',
    '//admin/secret', '/\\admin/secret', '/admin//secret', '/admin/secret/', '/admin/secret%2F', '/admin%2Fsecret']) {
    const res = await sendRawLine(s.port, target)
    t.not(res.body, 'SECRET', `${target} -> ${res.status}`)
  }
})

t.test('a has-condition rewrite onto the guarded path is not a way around the guard', async t => {
  const s = await serve(t, { dir })
  // With its condition met the rule is the config owner's own route onto /admin (as in Next, whose
  // sources are case-insensitive). Without it, no spelling of the source or of /admin gets there,
  // and an encoded source never matches (sources compare the path as sent, like the matcher).
  for (const target of ['/feed/secret', '/FEED/secret', '/%66eed/secret', '/feed/../admin/secret', '/feed/%2e%2e/admin/secret']) {
    const res = await sendRawLine(s.port, target)
    t.not(res.body, 'SECRET', `${target} without the header -> ${res.status}`)
  }
  t.equal((await sendRawLine(s.port, '/feed/secret', { 'x-internal': '1' })).body, 'SECRET', 'the rule itself')
  t.not((await sendRawLine(s.port, '/%66eed/secret', { 'x-internal': '1' })).body, 'SECRET', 'an encoded source does not match')
  t.not((await sendRawLine(s.port, '/feed/%2e%2e/admin/secret', { 'x-internal': '1' })).status, 200, 'a dot segment is refused or redirected before any rule')
})

t.test('a redirect to an encoded path lands on the guard', async t => {
  const s = await serve(t, { dir })
  const res = await sendRawLine(s.port, '/go/admin/secret')
  t.equal(res.status, 307)
  t.equal(res.headers.location, '/admin/secret')
  const spelled = await sendRawLine(s.port, '/go/%61dmin/secret')
  t.equal(spelled.status, 307)
  t.equal((await sendRawLine(s.port, spelled.headers.location)).status === 200 && false, false)
  t.not((await sendRawLine(s.port, spelled.headers.location)).body, 'SECRET')
})

t.test('fallback and afterFiles rewrites never run before the guard', async t => {
  const s = await serve(t, { dir })
  t.equal((await s.fetch('/pub/x')).body, 'public')
  t.equal((await s.fetch('/nothing')).body, 'public')
  t.equal((await s.fetch('/admin/nothing')).status, 401, 'an unknown guarded path meets the guard before the fallback')
})

t.test('an external rewrite does not forward the client\'s X-Forwarded-*', async t => {
  const { createServer } = await import('node:http')
  const upstream = createServer((req, res) => res.end(JSON.stringify(req.headers)))
  await new Promise(resolve => upstream.listen(0, '127.0.0.1', resolve))
  t.teardown(() => upstream.close())
  const app = writeApp({
    'app/x/route.js': 'export const GET = () => new Response("x")',
    'next.config.mjs': `export default { async rewrites () { return [{ source: '/up/:path*', destination: 'http://127.0.0.1:${upstream.address().port}/:path*' }] } }`
  })
  const s = await serve(t, { dir: app })
  const res = await s.fetch('/up/a', { headers: { 'x-forwarded-for': '10.6.6.6', 'x-forwarded-host': 'evil.example' } })
  const seen = JSON.parse(res.body)
  t.equal(seen['x-forwarded-for'], '127.0.0.1')
  t.not(seen['x-forwarded-host'], 'evil.example')
})

t.test("a config rewrite onto a guarded route runs the middleware, whatever middlewareScope says", async t => {
  const dir = writeApp({
    'app/admin/route.js': "export const GET = () => new Response('ADMIN')",
    'proxy.js': "export function proxy (request) { if (request.headers.get('x-auth') !== 'ok') return new Response('blocked', { status: 401 }) }",
    'next.config.mjs': "export default { async rewrites () { return [{ source: '/sneak', destination: '/admin' }] } }"
  })
  for (const middlewareScope of ['all', 'routes']) {
    const s = await serve(t, { dir, middlewareScope })
    t.equal((await sendRawLine(s.port, '/sneak')).status, 401, `${middlewareScope}: guarded`)
    t.equal((await sendRawLine(s.port, '/sneak', { 'x-auth': 'ok' })).body, 'ADMIN', `${middlewareScope}: and served when let through`)
  }
})

t.test('trailingSlash: a middleware rewrite is internal (no 308 to its target), pages/api follows the policy', async t => {
  const dir = writeApp({
    'app/b/route.js': "export const GET = () => new Response('B')",
    'pages/api/echo.js': "export default function handler (req, res) { res.send('echo') }",
    'proxy.js': "import { NextResponse } from 'next/server'\nexport function proxy (request) { if (request.nextUrl.pathname === '/rw/') return NextResponse.rewrite(new URL('/b/', request.url)) }\nexport const config = { matcher: ['/rw'] }",
    'next.config.mjs': 'export default { trailingSlash: true }'
  })
  const s = await serve(t, { dir })
  const rw = await sendRawLine(s.port, '/rw/')
  t.same([rw.status, rw.body], [200, 'B'])
  const api = await sendRawLine(s.port, '/api/echo')
  t.same([api.status, api.headers.location], [308, '/api/echo/'], 'pages/api: the slash form, as Next with trailingSlash')
  t.equal((await sendRawLine(s.port, '/api/echo/')).body, 'echo')
})

t.test('a middleware rewrite stays internal under app.inject and on default ports', async t => {
  const { default: Fastify } = await import('fastify')
  const { default: nextRoutes } = await import('../dist/index.js')
  const dir = writeApp({
    'app/b/route.js': "export const GET = () => new Response('B')",
    'proxy.js': "import { NextResponse } from 'next/server'\nexport function proxy (request) { return NextResponse.rewrite(new URL('/b', request.url)) }\nexport const config = { matcher: ['/a'] }"
  })
  const app = Fastify()
  await app.register(nextRoutes, { dir })
  t.teardown(() => app.close())
  const res = await app.inject('/a')
  t.same([res.statusCode, res.body], [200, 'B'], 'not proxied to http://localhost: (which answered 502)')
})
