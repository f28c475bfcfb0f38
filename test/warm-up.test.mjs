// The warmUp option (lib/warm-up.ts): before ready() resolves, process.nextTick() has been called
// 10,000 times, once per process, and V8 has optimized it; warmUp: false leaves it alone.
import t from 'tap'
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { fileURLToPath } from 'node:url'
import Fastify from 'fastify'
import nextRoutes from '../dist/index.js'
import { writeApp } from './helper.mjs'

const run = promisify(execFile)
const dist = fileURLToPath(new URL('../dist/index.js', import.meta.url))
const dir = writeApp({ 'app/json/route.ts': "export function GET () { return Response.json({ hello: 'world' }) }\n" })

// Counts the calls made to process.nextTick while `fn` runs.
async function nextTicksDuring (fn) {
  const original = process.nextTick
  let calls = 0
  process.nextTick = function (...args) { calls++; return original.apply(this, args) }
  try {
    await fn()
  } finally {
    process.nextTick = original
  }
  return calls
}

async function readyApp (t, options) {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(nextRoutes, { dir, ...options })
  return app
}

// In this order: the warm-up runs once per process, at the first ready() that asks for it.
t.test('ready() calls nextTick 10,000 times, once per process, unless warmUp is false', async t => {
  const off = await readyApp(t, { warmUp: false })
  const offCalls = await nextTicksDuring(() => off.ready())
  t.ok(offCalls < 1000, `warmUp: false: ${offCalls} calls`)

  // Two apps ready at once: each ready() resolves after the one warm-up, which runs once.
  const [on, other] = [await readyApp(t, {}), await readyApp(t, {})]
  let calls = 0
  const original = process.nextTick
  process.nextTick = function (...args) { calls++; return original.apply(this, args) }
  const atReady = []
  try {
    await Promise.all([on.ready().then(() => atReady.push(calls)), other.ready().then(() => atReady.push(calls))])
  } finally {
    process.nextTick = original
  }
  t.ok(atReady.every(n => n >= 10_000), `the default, two apps at once: ${atReady.join(' and ')} calls when each was ready`)
  t.ok(calls < 12_000, `one warm-up, not two: ${calls} calls`)
  const res = await on.inject('/json')
  t.same(res.json(), { hello: 'world' })

  const again = await readyApp(t, {})
  const againCalls = await nextTicksDuring(() => again.ready())
  t.ok(againCalls < 1000, `a second app in the same process: ${againCalls} calls`)
})

t.test('warmUp must be a boolean', async t => {
  const app = Fastify()
  await t.rejects(async () => { await app.register(nextRoutes, { dir, warmUp: 'yes' }) }, { code: 'FST_ERR_NEXT_OPTIONS', message: /'warmUp': expected a boolean/ })
})

// What the warm-up is for: nextTick optimized by V8 before the first request. Checked in a new
// process with V8's own status bits (16: optimized by TurboFan); the concurrent compiler may
// install the code a moment after the last call, so each side is read for up to a second.
const child = `
  import Fastify from 'fastify'
  const { default: nextRoutes } = await import(process.env.DIST)
  const optimized = new Function('f', 'return (%GetOptimizationStatus(f) & 16) !== 0')
  const app = Fastify()
  await app.register(nextRoutes, { dir: process.env.APP, warmUp: process.env.WARM === '1' })
  await app.ready()
  let seen = optimized(process.nextTick)
  for (let i = 0; i < 10 && !seen; i++) { await new Promise(resolve => setTimeout(resolve, 100)); seen = optimized(process.nextTick) }
  await app.close()
  console.log(JSON.stringify({ optimized: seen }))
`
for (const warm of [true, false]) {
  t.test(`V8 has optimized nextTick after ready(): ${warm ? 'yes, with the warm-up' : 'no, with warmUp: false'}`, async t => {
    const { stdout } = await run(process.execPath, ['--allow-natives-syntax', '--input-type=module', '-e', child], {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      env: { ...process.env, DIST: dist, APP: dir, WARM: warm ? '1' : '0' }
    })
    t.same(JSON.parse(stdout.trim().split('\n').pop()), { optimized: warm })
  })
}
