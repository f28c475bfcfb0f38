// The NextRequest handlers receive: a light object over the Node request (instanceof holds), its
// body readers with Fastify's bodyLimit, and request.signal wired to the client connection.
import t from 'tap'
import { connect } from 'node:net'
import { Readable } from 'node:stream'
import { setTimeout as sleep } from 'node:timers/promises'
import { serve, writeApp } from './helper.mjs'

const state = globalThis.__fnrRequestTest = { aborted: null, reason: null, cancelled: 0 }

const dir = writeApp({
  'app/identity/route.ts': `
    import { NextRequest } from 'next/server'
    import { toRequest, getFastifyRequest } from 'fastify-next-routes'
    export async function POST (request: NextRequest) {
      const usedAtStart = request.bodyUsed
      let plainCopy = 'ok'
      try { new Request(request.clone()) } catch { plainCopy = 'throws' }
      const real = toRequest(request)
      // As with fetch's Request, a copy takes over the body.
      const copy = new NextRequest(request)
      return Response.json({
        isRequest: request instanceof Request, isNextRequest: request instanceof NextRequest,
        plainCopy, copyUrl: copy.url === request.url, realIsRequest: real instanceof Request,
        fastifyId: typeof getFastifyRequest(request)?.id, cache: request.cache, bodyUsedBefore: usedAtStart,
        text: await copy.text(), sourceUsed: real.bodyUsed
      })
    }`,
  'app/twice/route.ts': `
    export async function POST (request: Request) {
      const first = await request.text()
      let second = ''
      try { await request.text() } catch (err) { second = (err as Error).name + ': ' + (err as Error).message }
      return Response.json({ first, second, bodyUsed: request.bodyUsed })
    }`,
  'app/bom/route.ts': 'export async function POST (request: Request) { return new Response(JSON.stringify(await request.text())) }',
  'app/blob/route.ts': 'export async function POST (request: Request) { const b = await request.blob(); return Response.json({ size: b.size, type: b.type }) }',
  'app/clone/route.ts': 'export async function POST (request: Request) { const c = request.clone(); return Response.json({ a: await c.text(), b: await request.text() }) }',
  'app/echo-stream/route.ts': 'export function POST (request: Request) { return new Response(request.body) }',
  'app/wait-abort/route.ts': `
    export async function GET (request: Request) {
      const s = (globalThis as any).__fnrRequestTest
      request.signal.addEventListener('abort', () => { s.aborted = true; s.reason = (request.signal.reason as Error).name })
      await new Promise(resolve => setTimeout(resolve, 400))
      return new Response('late')
    }`,
  'app/quick/route.ts': `
    export function GET (request: Request) {
      const signal = request.signal
      setTimeout(() => { (globalThis as any).__fnrRequestTest.aborted = signal.aborted }, 50)
      return new Response('quick')
    }`
})

t.test('identity: instanceof, NextRequest copies, toRequest, Fastify request', async t => {
  const s = await serve(t, { dir })
  const res = await s.fetch('/identity', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'payload' })
  t.same(JSON.parse(res.body), {
    isRequest: true, isNextRequest: true, plainCopy: 'ok', copyUrl: true, realIsRequest: true,
    fastifyId: 'string', cache: 'default', bodyUsedBefore: false, text: 'payload', sourceUsed: true
  })
})

t.test('body readers', async t => {
  const s = await serve(t, { dir })
  const twice = JSON.parse((await s.fetch('/twice', { method: 'POST', body: 'once' })).body)
  t.same(twice, { first: 'once', second: 'TypeError: Body is unusable: Body has already been read', bodyUsed: true })
  t.equal((await s.fetch('/bom', { method: 'POST', body: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('hé')]) })).body, '"hé"', 'BOM stripped, UTF-8 decoded')
  t.same(JSON.parse((await s.fetch('/blob', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: 'a,b' })).body), { size: 3, type: 'text/csv' })
  t.same(JSON.parse((await s.fetch('/clone', { method: 'POST', body: 'cloned' })).body), { a: 'cloned', b: 'cloned' })
  const big = Buffer.alloc(1024 * 1024, 7)
  const echoed = await s.fetch('/echo-stream', { method: 'POST', body: big }, { raw: true })
  t.equal(echoed.body.length, big.length, '1 MB streamed through request.body')
})

t.test('bodyLimit answers 413 with and without Content-Length', async t => {
  const s = await serve(t, { dir }, { fastify: { bodyLimit: 1000 } })
  t.equal((await s.fetch('/twice', { method: 'POST', body: 'x'.repeat(1001) })).status, 413, 'declared length')
  const chunked = Readable.from([Buffer.alloc(600, 1), Buffer.alloc(600, 1)])
  t.equal((await s.fetch('/twice', { method: 'POST', body: chunked })).status, 413, 'chunked body counted while read')
  t.equal((await s.fetch('/twice', { method: 'POST', body: 'x'.repeat(1000) })).status, 200)
})

t.test('request.signal aborts when the client goes away, with reason ResponseAborted', async t => {
  const s = await serve(t, { dir })
  state.aborted = null
  const socket = connect(s.port, '127.0.0.1')
  socket.write('GET /wait-abort HTTP/1.1\r\nHost: x\r\n\r\n')
  await sleep(100)
  socket.destroy()
  await sleep(150)
  t.equal(state.aborted, true)
  t.equal(state.reason, 'ResponseAborted')
})

t.test('request.signal stays quiet after a normal response', async t => {
  const s = await serve(t, { dir })
  state.aborted = null
  t.equal((await s.fetch('/quick')).body, 'quick')
  await sleep(100)
  t.equal(state.aborted, false)
})
