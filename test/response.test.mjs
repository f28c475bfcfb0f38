// Web Response -> the wire: framing, headers, HEAD/204, and streams with backpressure, cancellation
// on disconnect and a logged failure after the headers.
import t from 'tap'
import { connect } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import { request } from 'undici'
import { serve, writeApp } from './helper.mjs'

const state = globalThis.__fnrResponseTest = { produced: 0, cancelled: 0 }

const dir = writeApp({
  'app/endless/route.ts': `
    export function GET () {
      const s = (globalThis as any).__fnrResponseTest
      const chunk = new Uint8Array(65536)
      return new Response(new ReadableStream({
        pull (controller) { s.produced += chunk.length; controller.enqueue(chunk) },
        cancel () { s.cancelled++ }
      }))
    }`,
  'app/fails/route.ts': `
    export function GET () {
      let n = 0
      return new Response(new ReadableStream({
        async pull (controller) {
          if (n++ === 0) return controller.enqueue(new TextEncoder().encode('first part;'))
          await new Promise(r => setTimeout(r, 20))
          controller.error(new Error('source broke'))
        }
      }), { headers: { 'content-type': 'text/plain' } })
    }`,
  'app/hop/route.ts': `
    export function GET () {
      return new Response('ok', { headers: { connection: 'close', 'transfer-encoding': 'chunked', 'keep-alive': 'timeout=1', 'x-kept': '1' } })
    }`,
  'app/json/route.ts': 'export function GET () { return Response.json({ a: 1 }, { status: 201, headers: { "x-a": "b" } }) }',
  'app/not-modified/route.ts': 'export function GET () { return new Response(null, { status: 304, headers: { etag: "x" } }) }',
  'app/head-stream/route.ts': `
    export function GET () {
      const s = (globalThis as any).__fnrResponseTest
      return new Response(new ReadableStream({ pull (c) { c.enqueue(new Uint8Array(10)) }, cancel () { s.cancelled++ } }), { headers: { 'content-length': '10' } })
    }`
})

t.test('complete bodies get Content-Length; hop-by-hop headers are not forwarded', async t => {
  const s = await serve(t, { dir })
  const json = await s.fetch('/json')
  t.same([json.status, json.headers['content-length'], json.headers['x-a'], json.body], [201, '7', 'b', '{"a":1}'])
  const hop = await s.fetch('/hop')
  t.equal(hop.headers['x-kept'], '1')
  t.equal(hop.headers['content-length'], '2', 'not chunked: the handler\'s transfer-encoding is dropped')
  t.notOk(hop.headers['transfer-encoding'])
  t.equal(hop.headers.connection, 'keep-alive', 'the handler\'s connection header is dropped')
  const nm = await s.fetch('/not-modified')
  t.same([nm.status, nm.body, nm.headers.etag], [304, '', 'x'])
})

t.test('HEAD on a streaming route cancels the stream and keeps the given Content-Length', async t => {
  const s = await serve(t, { dir })
  const before = state.cancelled
  const res = await s.fetch('/head-stream', { method: 'HEAD' })
  t.same([res.status, res.body, res.headers['content-length']], [200, '', '10'])
  await sleep(20)
  t.equal(state.cancelled, before + 1)
})

t.test('a client that does not read gets backpressure, and its disconnect cancels the stream', async t => {
  const s = await serve(t, { dir })
  state.produced = 0
  const before = state.cancelled
  const socket = connect(s.port, '127.0.0.1')
  socket.pause() // read nothing
  socket.write('GET /endless HTTP/1.1\r\nHost: x\r\n\r\n')
  await sleep(1000)
  const produced = state.produced
  t.ok(produced > 0, `produced ${produced} bytes`)
  t.ok(produced < 16 * 1024 * 1024, 'production stays bounded while the client reads nothing')
  socket.destroy()
  await sleep(200)
  t.equal(state.cancelled, before + 1, 'the stream\'s cancel() ran')
})

t.test('a stream failing after the headers ends the response early and is logged', async t => {
  const logs = []
  const s = await serve(t, { dir }, { logs })
  const res = await request(`${s.origin}/fails`)
  t.equal(res.statusCode, 200)
  await t.rejects(res.body.text(), 'the client sees a broken body')
  await sleep(20)
  const line = logs.find(l => l.msg === 'route handler response stream failed after the headers were sent')
  t.ok(line, 'logged')
  t.match(line, { level: 50, file: /fails\/route\.ts$/, err: { message: 'source broke' } })
  t.equal((await s.fetch('/json')).status, 201, 'the server keeps serving')
})
