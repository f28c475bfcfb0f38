// Bad input gets the right answer, never a crash or a leak: malformed escapes 400, oversize bodies
// 413 (declared or streamed), malformed JSON is the handler's SyntaxError (500 if unhandled, as in
// Next), oversize headers 431, invalid method tokens 400, and CR/LF never reaches a response header.
import t from 'tap'
import { connect } from 'node:net'
import { Readable } from 'node:stream'
import { serve, writeApp } from './helper.mjs'

const dir = writeApp({
  'app/p/[id]/route.ts': 'export async function GET (_r: Request, { params }: any) { return Response.json(await params) }',
  'app/json/route.ts': `
    export async function POST (request: Request) {
      try {
        return Response.json(await request.json())
      } catch (err) {
        return new Response((err as Error).name, { status: 422 })
      }
    }`,
  'app/json-unhandled/route.ts': 'export async function POST (request: Request) { return Response.json(await request.json()) }',
  'app/stream-body/route.ts': `
    export async function POST (request: Request) {
      let n = 0
      for await (const chunk of request.body as any) n += chunk.length
      return new Response(String(n))
    }`,
  'app/go/[to]/route.ts': `
    import { redirect } from 'next/navigation'
    export async function GET (_r: Request, { params }: any) { redirect('/landing/' + (await params).to) }`,
  'app/landing/route.ts': 'export function GET () { return new Response("landing") }',
  'proxy.ts': `
    import { NextResponse, type NextRequest } from 'next/server'
    export function proxy (request: NextRequest) {
      const to = request.nextUrl.searchParams.get('to') ?? ''
      if (request.nextUrl.pathname === '/mw-redirect') return NextResponse.redirect(new URL('/landing?x=' + to, request.url))
      return NextResponse.rewrite(new URL('/landing?x=' + to, request.url), { headers: { 'x-to': encodeURIComponent(to) } })
    }
    export const config = { matcher: ['/mw-redirect', '/mw-rewrite'] }`
})

/** Send raw bytes and return the status line and raw head. */
function raw (port, text) {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1')
    let data = ''
    socket.on('data', chunk => { data += chunk })
    socket.on('end', () => resolve({ status: Number(data.split(' ')[1]), head: data.split('\r\n\r\n')[0] }))
    socket.on('error', reject)
    socket.end(text)
  })
}

t.test('malformed percent-encoding in a param is 400', async t => {
  const s = await serve(t, { dir })
  t.equal((await s.fetch('/p/a%ZZb')).status, 400)
  t.equal((await s.fetch('/p/%E0%A4%A')).status, 400)
  t.same(JSON.parse((await s.fetch('/p/a%20b')).body), { id: 'a b' })
})

t.test('bodies over bodyLimit are 413, declared or streamed, for every reader', async t => {
  const s = await serve(t, { dir }, { fastify: { bodyLimit: 2048 } })
  t.equal((await s.fetch('/json', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '"' + 'x'.repeat(3000) + '"' })).status, 413)
  const chunked = () => Readable.from([Buffer.alloc(1500, 32), Buffer.alloc(1500, 32)])
  t.equal((await s.fetch('/json-unhandled', { method: 'POST', body: chunked() })).status, 413, 'json() of a chunked body')
  t.equal((await s.fetch('/stream-body', { method: 'POST', body: chunked() })).status, 413, 'request.body of a chunked body')
  t.equal((await s.fetch('/stream-body', { method: 'POST', body: Buffer.alloc(2048, 1) })).body, '2048', 'exactly the limit passes')
})

t.test('malformed JSON is the handler\'s SyntaxError; unhandled it is an empty, logged 500', async t => {
  const logs = []
  const s = await serve(t, { dir }, { logs })
  const caught = await s.fetch('/json', { method: 'POST', body: '{"a":' })
  t.same([caught.status, caught.body], [422, 'SyntaxError'])
  const unhandled = await s.fetch('/json-unhandled', { method: 'POST', body: '{"a":' })
  t.same([unhandled.status, unhandled.body], [500, ''])
  const line = logs.find(l => l.msg === 'route handler threw')
  t.equal(line.err.type, 'SyntaxError')
  t.ok(line.reqId && line.file.endsWith('route.ts') && line.method === 'POST', 'logged with request id, file and method')
})

t.test('oversized headers are 431 and invalid method tokens 400, answered by the server', async t => {
  const s = await serve(t, { dir })
  const big = await raw(s.port, `GET /landing HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20000)}\r\nConnection: close\r\n\r\n`)
  t.equal(big.status, 431)
  const badMethod = await raw(s.port, 'G(T /landing HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')
  t.equal(badMethod.status, 400)
  t.equal((await s.fetch('/landing')).body, 'landing', 'still serving')
})

t.test('CR/LF in redirect and rewrite targets never reaches a response header', async t => {
  const logs = []
  const s = await serve(t, { dir }, { logs })
  const injected = '%0D%0ASet-Cookie:%20evil=1'
  // redirect() with a decoded param holding CR/LF: refused by Headers, a logged 500 as in Next.
  const fromRoute = await s.fetch('/go/a' + injected)
  t.equal(fromRoute.status, 500)
  t.equal(fromRoute.body, '', 'no details leak')
  t.notOk(fromRoute.headers['set-cookie'], 'no injected header')
  t.ok(logs.some(l => l.msg === 'redirect() target is not a valid Location header'))
  // Middleware redirect and rewrite: URL serialisation keeps CR/LF percent-encoded.
  const redirect = await s.fetch('/mw-redirect?to=' + injected)
  t.equal(redirect.status, 307)
  t.notOk(redirect.headers['set-cookie'])
  t.notMatch(redirect.headers.location, /[\r\n]/)
  const rewrite = await s.fetch('/mw-rewrite?to=' + injected)
  t.same([rewrite.status, rewrite.body], [200, 'landing'])
  t.notOk(rewrite.headers['set-cookie'])
  t.notMatch(rewrite.headers['x-middleware-rewrite'], /[\r\n]/)
  t.equal(rewrite.headers['x-to'], encodeURIComponent('\r\nSet-Cookie: evil=1'))
})
