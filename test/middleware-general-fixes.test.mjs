// Three answers of next start 16.4.6 that Next's middleware-general e2e suite showed
// (test/conformance/next-e2e/middleware-general), checked here outside the suite's fixture.
import t from 'tap'
import { serve, writeApp } from './helper.mjs'

const dir = writeApp({
  'middleware.js': `import { NextResponse } from 'next/server'
export function middleware (request) {
  const url = request.nextUrl
  if (url.pathname === '/api/edge') {
    const next = url.clone()
    next.searchParams.set('added', 'by-middleware')
    return NextResponse.rewrite(next)
  }
  return NextResponse.next({ headers: { 'x-empty': '', 'x-full': 'yes' } })
}`,
  'next.config.mjs': "export default { rewrites: async () => [{ source: '/alias', destination: '/plain' }] }",
  'pages/api/edge.js': `export const config = { runtime: 'edge' }
export default req => Response.json(Object.fromEntries(req.nextUrl.searchParams))`,
  'app/plain/route.js': 'export const GET = () => new Response("plain")',
  'app/relative/route.js': `import { NextRequest } from 'next/server'
export function GET () {
  try {
    new NextRequest('/elsewhere')
    return new Response('constructed')
  } catch (err) {
    return new Response(err.message)
  }
}`
})

t.test('an edge pages/api route sees the query a middleware rewrite added', async t => {
  const s = await serve(t, { dir })
  const res = await s.fetch('/api/edge?a=b')
  t.equal(res.status, 200)
  t.same(JSON.parse(res.body), { a: 'b', added: 'by-middleware' })
})

t.test("a next() header set to '' is not sent after a next.config rewrite either", async t => {
  const s = await serve(t, { dir })
  const direct = await s.fetch('/plain')
  t.same([direct.body, direct.headers['x-full'], 'x-empty' in direct.headers], ['plain', 'yes', false], 'served directly')
  const rewritten = await s.fetch('/alias')
  t.same([rewritten.body, rewritten.headers['x-full'], 'x-empty' in rewritten.headers], ['plain', 'yes', false], 'through the config rewrite')
})

t.test("new NextRequest with a relative URL fails with Next's message", async t => {
  const s = await serve(t, { dir })
  const res = await s.fetch('/relative')
  t.equal(res.body, 'URL is malformed "/elsewhere". Please use only absolute URLs - https://nextjs.org/docs/messages/middleware-relative-urls')
})
