// The handler's send paths: sync and async route functions, foreign thenables, throws of any value,
// and the app's own onSend hooks (sync and async, as compression plugins are) on every kind of body.
import t from 'tap'
import { serve, writeApp } from './helper.mjs'

const dir = writeApp({
  'app/sync/route.ts': 'export function GET () { return Response.json({ kind: "sync" }) }',
  'app/async/route.ts': 'export async function GET () { await new Promise(r => setTimeout(r, 5)); return Response.json({ kind: "async" }) }',
  'app/thenable/route.ts': `
    export function GET () {
      return { then (resolve: (v: unknown) => void) { setTimeout(() => resolve(new Response('from a thenable')), 5) } }
    }`,
  'app/text/route.ts': 'export function GET () { return new Response("plain") }',
  // A real (non-light) Response over bytes: complete at once, so it goes out as one Buffer. (A Blob
  // body is not used here: on Node 22+ its stream is read by real I/O and is streamed instead.)
  'app/real/route.ts': 'export function GET () { return new Response(new TextEncoder().encode("bytes body"), { headers: { "content-type": "text/x-bytes" } }) }',
  'app/stream/route.ts': `
    export function GET () {
      let n = 0
      return new Response(new ReadableStream({
        async pull (c) {
          await new Promise(r => setTimeout(r, 2))
          if (n++ < 3) c.enqueue(new TextEncoder().encode('part' + n + ';'))
          else c.close()
        }
      }), { headers: { 'content-type': 'text/plain' } })
    }`,
  'app/throws-undefined/route.ts': 'export function GET () { throw undefined }',
  'app/rejects-null/route.ts': 'export async function GET () { throw null }',
  'app/returns-null/route.ts': 'export function GET () { return null }'
})

t.test('sync, async and thenable handlers all answer', async t => {
  const { fetch } = await serve(t, { dir })
  const sync = await fetch('/sync')
  t.same([sync.status, sync.headers['content-type'], sync.body], [200, 'application/json', '{"kind":"sync"}'])
  const async = await fetch('/async')
  t.same([async.status, async.headers['content-type'], async.body], [200, 'application/json', '{"kind":"async"}'])
  const thenable = await fetch('/thenable')
  t.same([thenable.status, thenable.headers['content-type'], thenable.body], [200, 'text/plain;charset=UTF-8', 'from a thenable'])
})

t.test('a thrown or rejected value of any kind, undefined and null included, is a logged 500', async t => {
  const logs = []
  const { fetch } = await serve(t, { dir }, { logs })
  for (const path of ['/throws-undefined', '/rejects-null']) {
    const res = await fetch(path)
    t.same([res.status, res.body], [500, ''], path)
  }
  const threw = logs.filter(l => l.msg === 'route handler threw')
  t.equal(threw.length, 2, 'both logged as throws, not as missing responses')
  // Returning null is the other case: Next's "No response is returned" message.
  const res = await fetch('/returns-null')
  t.equal(res.status, 500)
  t.ok(logs.some(l => /^No response is returned from route handler .*Expected a Response object but received 'null'/.test(l.msg)))
})

t.test("the app's onSend hooks see every body once, sync or async, and may replace it", async t => {
  for (const style of ['sync', 'async']) {
    const logs = []
    const seen = []
    const { fetch } = await serve(t, { dir }, {
      logs,
      setup (app) {
        const mark = (request, payload) => {
          seen.push(request.url)
          // Replace complete bodies, as a compression hook would; pass streams through.
          return typeof payload === 'string' || Buffer.isBuffer(payload) ? `[${payload}]` : payload
        }
        if (style === 'sync') app.addHook('onSend', (request, reply, payload, done) => done(null, mark(request, payload)))
        else app.addHook('onSend', async (request, reply, payload) => { await new Promise(r => setTimeout(r, 3)); return mark(request, payload) })
      }
    })
    const expected = {
      '/sync': '[{"kind":"sync"}]',
      '/async': '[{"kind":"async"}]',
      '/thenable': '[from a thenable]',
      '/text': '[plain]',
      '/real': '[bytes body]',
      '/stream': 'part1;part2;part3;'
    }
    for (const [path, body] of Object.entries(expected)) {
      const res = await fetch(path)
      t.same([res.status, res.body], [200, body], `${style} onSend, ${path}`)
    }
    t.same(seen, Object.keys(expected), `${style}: one onSend call per request`)
    t.same(logs.filter(l => l.level >= 40), [], `${style}: no warnings (no second send)`)
  }
})
