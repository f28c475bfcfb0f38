// The response cache beyond the recorded cases: one generation per key under load, what is and is
// not stored, startup vs first-request generation, draft mode, the memory bound, and failures.
import t from 'tap'
import Fastify from 'fastify'
import nextRoutes, { memoryStore } from '../dist/index.js'
import { serve, writeApp } from './helper.mjs'

const state = globalThis.__fnrCache = { calls: {}, gate: null }

const count = name => `globalThis.__fnrCache.calls[${JSON.stringify(name)}] = (globalThis.__fnrCache.calls[${JSON.stringify(name)}] ?? 0) + 1`

const dir = writeApp({
  'app/slow/route.ts': `
    export const revalidate = 1
    export async function GET () {
      ${count('slow')}
      // A regeneration the test holds open, so no request can arrive after it finished.
      await (globalThis.__fnrSlowGate ?? new Promise(resolve => setTimeout(resolve, 100)))
      return Response.json({ v: crypto.randomUUID() })
    }`,
  'app/lazy/[id]/route.ts': `
    export const revalidate = 60
    export async function GET (_req: Request, { params }: { params: Promise<{ id: string }> }) {
      ${count('lazy')}
      // Held open by the test until every concurrent request is in (a loaded machine may be slow
      // to send them): none can arrive after the generation finished.
      await (globalThis.__fnrCache.gate ?? new Promise(resolve => setTimeout(resolve, 50)))
      return Response.json({ id: (await params).id, v: crypto.randomUUID() })
    }`,
  'app/forever/route.ts': `
    export const dynamic = 'force-static'
    export function GET () {
      ${count('forever')}
      return Response.json({ v: crypto.randomUUID() })
    }`,
  'app/redirects/route.ts': `
    import { redirect } from 'next/navigation'
    export const dynamic = 'force-static'
    export function GET () {
      ${count('redirects')}
      redirect('/forever')
    }`,
  'app/flaky/route.ts': `
    export const revalidate = 1
    export function GET () {
      ${count('flaky')}
      if (globalThis.__fnrCache.failFlaky) throw new Error('backend down')
      return Response.json({ v: crypto.randomUUID() })
    }`,
  'app/big/[n]/route.ts': `
    export const revalidate = false
    export async function GET (_req: Request, { params }: { params: Promise<{ n: string }> }) {
      ${count('big')}
      return new Response('x'.repeat(40_000) + (await params).n)
    }`,
  'app/poststatic/route.ts': `
    export const dynamic = 'force-static'
    export async function POST (request: Request) {
      return Response.json({ url: request.url, headers: [...request.headers].length, body: await request.text() })
    }`,
  'app/short-data/route.ts': `
    import { unstable_cache } from 'next/cache'
    export const revalidate = false
    const data = unstable_cache(async () => crypto.randomUUID(), ['short'], { revalidate: 5 })
    export async function GET () {
      return Response.json({ d: await data() })
    }`
})

const wait = ms => new Promise(resolve => setTimeout(resolve, ms))
const v = res => JSON.parse(res.body).v

t.test('concurrent misses share one generation', async t => {
  let arrived = 0
  let release
  state.gate = new Promise(resolve => { release = resolve })
  t.teardown(() => { state.gate = null })
  // The generation goes on once all 20 requests reached the route (setImmediate: past the
  // synchronous path from the hook to the cache lookup).
  const s = await serve(t, { dir }, { setup: app => app.addHook('onRequest', async () => { if (++arrived === 20) setImmediate(release) }) })
  state.calls.lazy = 0
  const answers = await Promise.all(Array.from({ length: 20 }, () => s.fetch('/lazy/a')))
  state.gate = null
  t.equal(state.calls.lazy, 1, 'the handler ran once for 20 concurrent requests')
  t.same(new Set(answers.map(a => a.headers['x-nextjs-cache'])), new Set(['MISS']))
  t.equal(new Set(answers.map(v)).size, 1, 'all got the same entry')
  t.equal((await s.fetch('/lazy/a')).headers['x-nextjs-cache'], 'HIT')
  t.equal((await s.fetch('/lazy/%61')).headers['x-nextjs-cache'], 'HIT', 'an encoded param reads the same entry')
})

t.test('a stale entry is regenerated once, however many requests see it stale', async t => {
  const s = await serve(t, { dir })
  await wait(1100)
  state.calls.slow = 0
  let open
  globalThis.__fnrSlowGate = new Promise(resolve => { open = resolve })
  t.teardown(() => { open(); delete globalThis.__fnrSlowGate })
  const answers = await Promise.all(Array.from({ length: 20 }, () => s.fetch('/slow')))
  t.same(new Set(answers.map(a => a.headers['x-nextjs-cache'])), new Set(['STALE']), 'all served the stale entry at once')
  t.equal(state.calls.slow, 1, 'one background regeneration, still running')
  open()
  await wait(50)
  t.equal(state.calls.slow, 1, 'and no other')
  const fresh = await s.fetch('/slow')
  t.equal(fresh.headers['x-nextjs-cache'], 'HIT')
  t.not(v(fresh), v(answers[0]), 'the regenerated entry is served')
})

t.test("POST to a cached route is 405 and leaves the entry alone (Next caches the 405; we don't)", async t => {
  const s = await serve(t, { dir })
  const before = await s.fetch('/forever')
  const post = await s.fetch('/forever', { method: 'POST' })
  t.equal(post.status, 405)
  t.equal(post.headers['x-nextjs-cache'], undefined)
  const after = await s.fetch('/forever')
  t.equal(after.status, 200)
  t.equal(after.headers['x-nextjs-cache'], 'HIT')
  t.equal(v(after), v(before), 'same entry')
})

t.test('only 2xx and 404 are stored: a redirect runs every time', async t => {
  state.calls.redirects = 0
  const s = await serve(t, { dir })
  const first = await s.fetch('/redirects')
  const second = await s.fetch('/redirects')
  t.equal(first.status, 307)
  t.equal(second.headers.location, '/forever')
  t.equal(second.headers['x-nextjs-cache'], undefined, 'no cache header on a dynamic answer')
  t.equal(state.calls.redirects, 3, 'ran at startup and on each request')
})

t.test("prerender: 'request' generates on first request (MISS), startup generates nothing", async t => {
  state.calls.forever = 0
  const s = await serve(t, { dir, prerender: 'request' })
  t.equal(state.calls.forever, 0, 'nothing ran at startup')
  t.equal((await s.fetch('/forever')).headers['x-nextjs-cache'], 'MISS')
  t.equal((await s.fetch('/forever')).headers['x-nextjs-cache'], 'HIT')
  t.equal(state.calls.forever, 1)
})

t.test('the default generates at startup: the first request is a HIT', async t => {
  state.calls.forever = 0
  const s = await serve(t, { dir })
  t.equal(state.calls.forever, 1, 'ran once at startup')
  t.equal((await s.fetch('/forever')).headers['x-nextjs-cache'], 'HIT')
})

t.test('draft mode bypasses the cache', async t => {
  const s = await serve(t, { dir, previewModeId: 'secret-id' })
  const cached = await s.fetch('/forever')
  const draft = await s.fetch('/forever', { headers: { cookie: '__prerender_bypass=secret-id' } })
  t.equal(draft.headers['x-nextjs-cache'], undefined)
  t.not(v(draft), v(cached), 'the handler ran')
  const wrong = await s.fetch('/forever', { headers: { cookie: '__prerender_bypass=guess' } })
  t.equal(wrong.headers['x-nextjs-cache'], 'HIT', 'a wrong id does not bypass')
})

t.test('cache: false turns the response cache off (every request runs, no cache headers)', async t => {
  const s = await serve(t, { dir, cache: false })
  const a = await s.fetch('/forever')
  const b = await s.fetch('/forever')
  t.equal(a.headers['x-nextjs-cache'], undefined)
  t.equal(a.headers['cache-control'], undefined)
  t.not(v(a), v(b))
})

t.test('a failing regeneration keeps serving the last good entry', async t => {
  const logs = []
  const s = await serve(t, { dir }, { logs })
  const good = await s.fetch('/flaky')
  state.failFlaky = true
  t.teardown(() => { state.failFlaky = false })
  await wait(1100)
  t.equal((await s.fetch('/flaky')).headers['x-nextjs-cache'], 'STALE')
  await wait(100)
  const still = await s.fetch('/flaky')
  t.equal(still.status, 200)
  t.equal(v(still), v(good), 'the old entry, not a 500')
  t.ok(logs.some(l => l.msg === 'route handler threw'), 'the failure is logged')
})

t.test('the memory store is bounded in bytes (least recently used leave first)', async t => {
  const store = memoryStore({ maxBytes: 100_000 })
  const s = await serve(t, { dir, cache: store })
  for (let i = 0; i < 5; i++) t.equal((await s.fetch(`/big/${i}`)).headers['x-nextjs-cache'], 'MISS')
  t.ok(store.size <= 100_000, `store holds ${store.size} bytes`)
  t.equal((await s.fetch('/big/4')).headers['x-nextjs-cache'], 'HIT', 'recent entry kept')
  t.equal((await s.fetch('/big/0')).headers['x-nextjs-cache'], 'MISS', 'oldest entry evicted')
  t.throws(() => memoryStore({ maxBytes: 0 }), { code: 'FST_ERR_NEXT_OPTIONS' })
})

t.test('force-static strips request data for other methods too, the body stays', async t => {
  const s = await serve(t, { dir })
  const res = await s.fetch('/poststatic?x=1', { method: 'POST', body: 'hi', headers: { 'x-a': 'b', 'content-type': 'text/plain' } })
  t.same(JSON.parse(res.body), { url: 'http://localhost:3000/poststatic', headers: 0, body: 'hi' })
  t.equal(res.headers['x-nextjs-cache'], undefined, 'a route with POST is not cached')
})

t.test("unstable_cache's revalidate lowers the entry's", async t => {
  const s = await serve(t, { dir })
  const res = await s.fetch('/short-data')
  t.equal(res.headers['cache-control'], 's-maxage=5, stale-while-revalidate=31535995')
})

t.test('startup errors name the route and file', async t => {
  const bad = (files) => {
    const app = Fastify()
    return app.register(nextRoutes, { dir: writeApp(files) }).ready().finally(() => app.close())
  }
  await t.rejects(bad({
    'app/e/route.ts': `
      export const dynamic = 'error'
      export function GET (request: Request) { return Response.json({ h: request.headers.get('x') }) }`
  }), {
    code: 'FST_ERR_NEXT_PRERENDER',
    message: /Error occurred prerendering "\/e" \('.*e\/route\.ts'\): Route \/e with `dynamic = "error"` couldn't be rendered statically because it used `request.headers`/
  }, "dynamic = 'error' with request data")
  await t.rejects(bad({
    'app/e/route.ts': `
      import { headers } from 'next/headers'
      export const dynamic = 'error'
      export async function GET () { return Response.json({ n: [...(await headers())].length }) }`
  }), { code: 'FST_ERR_NEXT_PRERENDER', message: /because it used `headers\(\)`/ }, 'headers() counts too')
  await t.rejects(bad({
    'app/p/[id]/route.ts': `
      export function generateStaticParams () { return [{ id: 1 }] }
      export function GET () { return new Response('x') }`
  }), { code: 'FST_ERR_NEXT_PRERENDER', message: /A required parameter \(id\) was not provided as a string/ })
  await t.rejects(bad({
    'app/p/[id]/route.ts': `
      export function generateStaticParams () { throw new Error('db down') }
      export function GET () { return new Response('x') }`
  }), { code: 'FST_ERR_NEXT_PRERENDER', message: /generateStaticParams threw: db down/ })
})

t.test("dynamic = 'error' with prerender: 'request' answers 500 and logs Next's message", async t => {
  const logs = []
  const s = await serve(t, {
    dir: writeApp({
      'app/e/route.ts': `
        export const dynamic = 'error'
        export function GET (request: Request) { return Response.json({ h: request.headers.get('x') }) }`
    }),
    prerender: 'request'
  }, { logs })
  const res = await s.fetch('/e')
  t.equal(res.status, 500)
  t.equal(res.body, '')
  t.ok(logs.some(l => /couldn't be rendered statically because it used `request.headers`/.test(l.msg)))
})
