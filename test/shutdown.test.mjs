// Graceful shutdown: app.close() lets in-flight requests finish (bodies whole), waits for after()
// callbacks and middleware waitUntil() work, gives up on them after closeTimeout with a warning,
// and refuses new connections meanwhile.
import t from 'tap'
import { setTimeout as sleep } from 'node:timers/promises'
import { request } from 'undici'
import { serve, writeApp } from './helper.mjs'

const state = globalThis.__fnrShutdown = { events: [] }

const dir = writeApp({
  'app/slow/route.ts': `
    import { after } from 'next/server'
    export async function GET () {
      const s = (globalThis as any).__fnrShutdown
      await new Promise(resolve => setTimeout(resolve, 300))
      after(async () => {
        await new Promise(resolve => setTimeout(resolve, 200))
        s.events.push('after done')
      })
      s.events.push('handler done')
      return new Response('x'.repeat(100000))
    }`,
  'app/stream/route.ts': `
    export function GET () {
      let n = 0
      return new Response(new ReadableStream({
        async pull (c) {
          await new Promise(resolve => setTimeout(resolve, 20))
          if (n++ < 10) c.enqueue(new TextEncoder().encode('chunk' + n + ';'))
          else c.close()
        }
      }))
    }`,
  'app/forever/route.ts': `
    import { after } from 'next/server'
    export function GET () {
      after(() => new Promise(() => {}))
      return new Response('scheduled')
    }`,
  'app/mw/route.ts': 'export function GET () { return new Response("mw route") }',
  'proxy.ts': `
    import { NextResponse, type NextFetchEvent, type NextRequest } from 'next/server'
    export function proxy (_request: NextRequest, event: NextFetchEvent) {
      event.waitUntil(new Promise<void>(resolve => setTimeout(() => {
        (globalThis as any).__fnrShutdown.events.push('waitUntil done')
        resolve()
      }, 250)))
      return NextResponse.next()
    }
    export const config = { matcher: '/mw' }`
})

t.test('close() waits for in-flight requests, after() and waitUntil(); nothing is cut off', async t => {
  state.events = []
  const s = await serve(t, { dir })
  const mw = await s.fetch('/mw')
  t.equal(mw.body, 'mw route')
  const slow = request(s.origin + '/slow').then(async r => ({ status: r.statusCode, body: await r.body.text() }))
  const stream = request(s.origin + '/stream').then(async r => ({ status: r.statusCode, body: await r.body.text() }))
  await sleep(100) // both in flight
  const t0 = Date.now()
  let took = 0
  const closed = s.app.close().then(() => { state.events.push('closed'); took = Date.now() - t0 })
  const [slowRes, streamRes] = await Promise.all([slow, stream])
  await closed
  t.same([slowRes.status, slowRes.body.length], [200, 100000], 'the slow response arrived whole')
  t.same([streamRes.status, streamRes.body], [200, Array.from({ length: 10 }, (_, i) => `chunk${i + 1};`).join('')], 'the stream arrived whole')
  t.same(state.events, ['waitUntil done', 'handler done', 'after done', 'closed'], 'close resolved last')
  // Keep-alive sockets of requests in flight at close() are not held for keepAliveTimeout (72 s).
  t.ok(took < 10000, `close() took ${took} ms, not Fastify's keep-alive timeout`)
  await t.rejects(request(s.origin + '/mw'), 'new connections are refused once closed')
})

t.test('work that never settles is given up after closeTimeout, with a warning', async t => {
  const logs = []
  const s = await serve(t, { dir, closeTimeout: 200 }, { logs })
  t.equal((await s.fetch('/forever')).body, 'scheduled')
  const started = Date.now()
  await s.app.close()
  const took = Date.now() - started
  t.ok(took >= 150 && took < 2000, `closed after the timeout (${took} ms)`)
  t.ok(logs.some(l => l.level === 40 && /closed with 1 after\(\)\/waitUntil\(\) task\(s\) still running after 200 ms/.test(l.msg)))
})
