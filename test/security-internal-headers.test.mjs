// Attack class: client-sent internal protocol headers (CVE-2025-29927 and Next's INTERNAL_HEADERS)
// must never skip the middleware, steer routing, or reach handlers.
import t from 'tap'
import { join } from 'node:path'
import { fixtures, serve } from './helper.mjs'

const dir = join(fixtures, 'security')
const NAMES = ['middleware', 'src/middleware', 'proxy', 'src/proxy', 'pages/_middleware']

t.test('x-middleware-subrequest never skips the middleware', async t => {
  const s = await serve(t, { dir })
  for (const name of NAMES) {
    for (const value of [name, Array(5).fill(name).join(':')]) {
      for (const extra of [{}, { 'x-middleware-subrequest-id': 'forged' }]) {
        const res = await s.fetch('/admin', { headers: { 'x-middleware-subrequest': value, ...extra } })
        t.equal(res.status, 401, `${value} ${JSON.stringify(extra)}`)
      }
    }
  }
})

t.test('protocol headers from the client have no effect', async t => {
  const s = await serve(t, { dir })
  const HEADERS = {
    'x-middleware-next': '1',
    'x-middleware-rewrite': '/admin',
    'x-middleware-redirect': '/admin',
    'x-middleware-skip': '1',
    'x-middleware-override-headers': 'x-auth',
    'x-middleware-request-x-auth': 'ok',
    'x-middleware-set-cookie': 'evil=1',
    'x-nextjs-data': '1',
    'x-matched-path': '/admin',
    'x-now-route-matches': 'x',
    'x-invoke-path': '/admin',
    'x-invoke-query': '{}',
    'next-resume': '1'
  }
  for (const [name, value] of Object.entries(HEADERS)) {
    const res = await s.fetch('/admin', { headers: { [name]: value } })
    t.equal(res.status, 401, name)
    const other = await s.fetch('/elsewhere', { headers: { [name]: value } })
    t.same(JSON.parse(other.body), { catchall: ['elsewhere'] }, `${name} does not rewrite`)
  }
})

t.test('internal headers do not reach handlers, and a redirect keeps Location with x-nextjs-data', async t => {
  const s = await serve(t, { dir })
  const res = await s.fetch('/users/me?x=1', { headers: { 'x-middleware-set-cookie': 'evil=1', 'x-nextjs-data': '1' } })
  t.equal(res.status, 200)
  t.same(JSON.parse(res.body), { id: 'me', search: '?x=1' })
})

t.test('route files without the middleware hook, and apps without middleware, never show them to handlers', async t => {
  const route = "export const GET = (request) => Response.json([...request.headers.keys()].filter(n => n !== 'host' && !n.startsWith('x-forwarded-') && n !== 'connection'))"
  const { writeApp } = await import('./helper.mjs')
  const spoofed = { 'x-middleware-subrequest': 'middleware', 'X-Middleware-Rewrite': '/admin', 'x-invoke-path': '/x', 'x-matched-path': '/x', 'next-resume': '1', 'x-kept': '1' }
  for (const [label, files] of [
    ['matcher elsewhere', { 'proxy.ts': "export function proxy () {}\nexport const config = { matcher: '/admin/:path*' }" }],
    ['no middleware', {}]
  ]) {
    const s = await serve(t, { dir: writeApp({ 'app/echo/route.ts': route, ...files }) })
    const res = await s.fetch('/echo', { headers: spoofed })
    t.same(JSON.parse(res.body), ['x-kept'], label)
  }
})

t.test('pages/api handlers never see them either, with or without a middleware', async t => {
  const { writeApp } = await import('./helper.mjs')
  const files = { 'pages/api/dump.js': 'export default function handler (req, res) { res.json(req.headers) }' }
  for (const withMiddleware of [false, true]) {
    const dir = writeApp(withMiddleware ? { ...files, 'proxy.js': 'export function proxy () {}' } : files)
    const s = await serve(t, { dir })
    const res = await s.fetch('/api/dump', { headers: { 'x-middleware-subrequest': 'proxy', 'x-invoke-path': '/x', 'x-kept': 'yes' } })
    const seen = JSON.parse(res.body)
    t.equal(seen['x-middleware-subrequest'], undefined, `middleware: ${withMiddleware}`)
    t.equal(seen['x-invoke-path'], undefined)
    t.equal(seen['x-kept'], 'yes')
  }
})
