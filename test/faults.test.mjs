// Clients that go away at the worst moments: mid request body, mid response stream, while the
// middleware runs. The handler sees request.signal abort, stream sources are cancelled, nothing is
// logged as a server error, no handle or timer is left behind, no rejection goes unhandled, and the
// server keeps answering.
import t from 'tap'
import { connect } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import { serve, writeApp } from './helper.mjs'

const state = globalThis.__fnrFaults = { signal: [], cancelled: 0, middlewareDone: 0, handlerRan: 0 }

const dir = writeApp({
  'app/upload/route.ts': `
    export async function POST (request: Request) {
      const s = (globalThis as any).__fnrFaults
      request.signal.addEventListener('abort', () => s.signal.push('aborted'))
      const text = await request.text()
      return new Response('got ' + text.length)
    }`,
  'app/upload-stream/route.ts': `
    export async function POST (request: Request) {
      const s = (globalThis as any).__fnrFaults
      request.signal.addEventListener('abort', () => s.signal.push('stream aborted'))
      let n = 0
      for await (const chunk of request.body as any) n += chunk.length
      return new Response('got ' + n)
    }`,
  'app/download/route.ts': `
    export function GET () {
      const s = (globalThis as any).__fnrFaults
      const chunk = new Uint8Array(64 * 1024)
      let timer: any
      return new Response(new ReadableStream({
        pull (controller) {
          return new Promise<void>(resolve => { timer = setTimeout(() => { controller.enqueue(chunk); resolve() }, 5) })
        },
        cancel () { clearTimeout(timer); s.cancelled++ }
      }))
    }`,
  'app/slow-mw/route.ts': `
    export function GET () {
      (globalThis as any).__fnrFaults.handlerRan++
      return new Response('after slow middleware')
    }`,
  'app/ok/route.ts': 'export function GET () { return new Response("ok") }',
  'proxy.ts': `
    import { NextResponse } from 'next/server'
    export async function proxy () {
      await new Promise(resolve => setTimeout(resolve, 150))
      ;(globalThis as any).__fnrFaults.middlewareDone++
      return NextResponse.next({ headers: { 'x-mw': '1' } })
    }
    export const config = { matcher: '/slow-mw' }`
})

// Open sockets, timers and the like, by kind, without the test runner's own.
function resources () {
  const counts = {}
  for (const name of process.getActiveResourcesInfo()) counts[name] = (counts[name] ?? 0) + 1
  return counts
}

async function settle () {
  await sleep(300)
  for (let i = 0; i < 5; i++) await new Promise(resolve => setImmediate(resolve))
}

t.test('aborts at every stage leave nothing behind and the server keeps serving', async t => {
  const logs = []
  const unhandled = []
  const onUnhandled = err => unhandled.push(err)
  process.on('unhandledRejection', onUnhandled)
  t.teardown(() => process.off('unhandledRejection', onUnhandled))
  const s = await serve(t, { dir }, { logs })
  t.equal((await s.fetch('/ok')).body, 'ok')
  await settle()
  const baseline = resources()

  // 1. Mid request body: 1,000 of 100,000 announced bytes, then gone; text() and body readers.
  for (const path of ['/upload', '/upload-stream']) {
    const socket = connect(s.port, '127.0.0.1')
    socket.on('error', () => {})
    socket.write(`POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 100000\r\n\r\n` + 'x'.repeat(1000))
    await sleep(100)
    socket.destroy()
  }

  // 2. Mid response stream: read a little, then gone.
  {
    const socket = connect(s.port, '127.0.0.1')
    socket.on('error', () => {})
    socket.write('GET /download HTTP/1.1\r\nHost: x\r\n\r\n')
    await new Promise(resolve => socket.once('data', resolve))
    await sleep(50)
    socket.destroy()
  }

  // 3. While the middleware is still running.
  {
    const socket = connect(s.port, '127.0.0.1')
    socket.on('error', () => {})
    socket.write('GET /slow-mw HTTP/1.1\r\nHost: x\r\n\r\n')
    await sleep(50)
    socket.destroy()
  }

  await sleep(300)
  await settle()
  t.same(state.signal.sort(), ['aborted', 'stream aborted'], 'request.signal aborted in both body readers')
  t.equal(state.cancelled, 1, 'the response stream source was cancelled')
  t.equal(state.middlewareDone, 1, 'the middleware finished its work')
  t.same(resources(), baseline, 'no socket, timer or other handle left behind')
  t.same(unhandled, [], 'no unhandled rejections')
  t.same(logs.filter(l => l.level >= 50), [], 'a client going away is not logged as a server error')

  // Still serving, middleware included.
  const again = await s.fetch('/slow-mw')
  t.same([again.status, again.body, again.headers['x-mw']], [200, 'after slow middleware', '1'])
  t.equal((await s.fetch('/upload', { method: 'POST', body: 'abc' })).body, 'got 3')
})
