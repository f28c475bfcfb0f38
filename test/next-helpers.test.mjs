// next/server, next/headers, next/navigation and next/cache behaviour beyond the recorded cases.
import t from 'tap'
import { serve, writeApp } from './helper.mjs'
import { cookies } from '../dist/next/headers.js'

const state = globalThis.__fnrHelpers = { after: [] }

const dir = writeApp({
  'app/after/route.ts': `
    import { after } from 'next/server'
    import { headers } from 'next/headers'
    export function GET () {
      const s = (globalThis as any).__fnrHelpers
      after(async () => {
        await new Promise(r => setTimeout(r, 200))
        s.after.push('ran with ' + (await headers()).get('x-id'))
      })
      after(() => { throw new Error('after failed') })
      return new Response('sent')
    }`,
  'app/draft/route.ts': `
    import { draftMode } from 'next/headers'
    export async function GET (request: Request) {
      const draft = await draftMode()
      const was = draft.isEnabled
      if (new URL(request.url).searchParams.has('on')) draft.enable()
      else draft.disable()
      return Response.json({ was, now: draft.isEnabled })
    }`,
  'app/auth/route.ts': `
    import { forbidden, unauthorized } from 'next/navigation'
    export function GET (request: Request) {
      if (new URL(request.url).searchParams.has('forbidden')) forbidden()
      unauthorized()
    }`,
  'app/cache/route.ts': `
    import { unstable_cache, revalidateTag } from 'next/cache'
    let calls = 0
    const cached = unstable_cache(async () => ++calls, ['calls'], { tags: ['calls'] })
    export async function GET (request: Request) {
      if (new URL(request.url).searchParams.has('revalidate')) revalidateTag('calls', 'max')
      return Response.json({ value: await cached() })
    }`,
  'app/pattern/route.ts': `
    import { URLPattern } from 'next/server'
    export function GET (request: Request) {
      const match = new URLPattern({ pathname: '/pattern' }).exec(request.url)
      return Response.json({ matched: match !== null })
    }`
})

t.test('after() runs once the response is sent, in the request scope; app.close() waits for it', async t => {
  const logs = []
  const s = await serve(t, { dir, previewModeId: 'secret' }, { logs })
  state.after = []
  const res = await s.fetch('/after', { headers: { 'x-id': '42' } })
  t.equal(res.body, 'sent')
  t.same(state.after, [], 'not yet run when the response arrived')
  await s.app.close()
  t.same(state.after, ['ran with 42'])
  t.ok(logs.some(l => l.msg === 'after() callback failed' && l.err.message === 'after failed'), 'errors are logged')
})

t.test('draftMode() writes Next\'s bypass cookie with the previewModeId', async t => {
  const s = await serve(t, { dir, previewModeId: 'secret' })
  const on = await s.fetch('/draft?on=1')
  t.same(JSON.parse(on.body), { was: false, now: true })
  t.equal(on.headers['set-cookie'], '__prerender_bypass=secret; Path=/; Secure; HttpOnly; SameSite=none')
  const off = await s.fetch('/draft', { headers: { cookie: '__prerender_bypass=secret' } })
  t.same(JSON.parse(off.body), { was: true, now: false })
  t.match(off.headers['set-cookie'], /^__prerender_bypass=; Path=\/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Secure; HttpOnly; SameSite=none$/)
})

t.test('forbidden() and unauthorized() give empty 403 and 401', async t => {
  const s = await serve(t, { dir })
  const f = await s.fetch('/auth?forbidden=1')
  t.same([f.status, f.body], [403, ''])
  const u = await s.fetch('/auth')
  t.same([u.status, u.body], [401, ''])
})

t.test('unstable_cache keeps values until its tag is revalidated', async t => {
  const s = await serve(t, { dir })
  const first = JSON.parse((await s.fetch('/cache')).body).value
  t.equal(JSON.parse((await s.fetch('/cache')).body).value, first, 'cached')
  // 'max' is stale-while-revalidate: the stale value once more, recomputed behind it.
  t.equal(JSON.parse((await s.fetch('/cache?revalidate=1')).body).value, first, 'stale value right after revalidateTag')
  await new Promise(resolve => setTimeout(resolve, 50))
  t.equal(JSON.parse((await s.fetch('/cache')).body).value, first + 1, 'recomputed after revalidateTag')
})

t.test('URLPattern is exported (polyfilled where Node lacks it)', async t => {
  const s = await serve(t, { dir })
  t.same(JSON.parse((await s.fetch('/pattern')).body), { matched: true })
})

t.test('request APIs outside a request throw a coded error', async t => {
  await t.rejects(cookies(), { code: 'FST_ERR_NEXT_SCOPE', message: /`cookies` was called outside a request scope/ })
})

t.test('asyncContext: false turns the scope off (cookies() then fails the request)', async t => {
  const logs = []
  const s = await serve(t, { dir, asyncContext: false }, { logs })
  t.equal((await s.fetch('/draft')).status, 500)
  t.ok(logs.some(l => l.err?.code === 'FST_ERR_NEXT_SCOPE'))
})
