// The per-request scope (AsyncLocalStorage) is entered only when some module needs it: on Node 20
// and 22, entering one switches on async hooks for the rest of the process, a cost every request
// then pays. Own file: the switch is process-wide and cannot be undone by another test.
import t from 'tap'
import { serve, writeApp } from './helper.mjs'

const als = () => globalThis[Symbol.for('fastify-next-routes.als')]

t.test('cached and dynamic routes without next/headers & co. never enter the scope', async t => {
  const dir = writeApp({
    'app/cached/route.ts': "export const dynamic = 'force-static'\nexport function GET () { return Response.json({ at: Date.now() }) }",
    'app/dynamic/route.ts': "export function GET (request) { return Response.json({ path: request.nextUrl.pathname }) }",
    'proxy.ts': "import { NextResponse } from 'next/server'\nexport function proxy () { return NextResponse.next() }\nexport const config = { matcher: '/dynamic' }"
  })
  const s = await serve(t, { dir })
  t.equal((await s.fetch('/cached')).headers['x-nextjs-cache'], 'HIT', 'prerendered at startup')
  t.equal((await s.fetch('/dynamic')).status, 200)
  // Node 24 keeps async context without hooks (AsyncContextFrame) and has no such flag.
  t.not(als().enabled, true, 'async hooks still off')
})

t.test('a route using next/headers does get it', async t => {
  const dir = writeApp({
    'app/h/route.ts': "import { headers } from 'next/headers'\nexport async function GET () { return Response.json({ ua: (await headers()).get('x-ua') }) }"
  })
  const s = await serve(t, { dir })
  const res = await s.fetch('/h', { headers: { 'x-ua': 'tap' } })
  t.same(JSON.parse(res.body), { ua: 'tap' })
  if ('enabled' in als()) t.equal(als().enabled, true, 'entered')
})
