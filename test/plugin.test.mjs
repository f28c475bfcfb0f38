import t from 'tap'
import Fastify from 'fastify'
import nextRoutes, { errorCodes } from '../dist/index.js'
import { serve, writeApp } from './helper.mjs'

const app = writeApp({
  'app/route.ts': 'export function GET () { return new Response("root") }',
  'app/echo/route.ts': `
    export async function GET (req: Request) { return Response.json({ url: req.url }) }
    export async function POST (req: Request) { return new Response(await req.text(), { headers: { 'content-type': 'text/plain' } }) }`,
  'app/users/[id]/route.ts': `
    export async function GET (_req: Request, { params }: { params: Promise<{ id: string }> }) { return Response.json(await params) }`,
  'app/catch/[...rest]/route.ts': `
    export async function GET (_req: Request, { params }: any) { return Response.json(await params) }`,
  'app/boom/route.ts': 'export function GET () { throw new Error("secret detail") }'
})

t.test('prefix applies to every route (fp ignores register prefix, so it is an option)', async t => {
  const s = await serve(t, { dir: app, prefix: '/api' })
  t.equal((await s.fetch('/api')).body, 'root')
  t.same(JSON.parse((await s.fetch('/api/users/7')).body), { id: '7' })
  t.same(JSON.parse((await s.fetch('/api/catch/a/b')).body), { rest: ['a', 'b'] })
  t.equal((await s.fetch('/echo')).status, 404)
  const slash = await s.fetch('/api/echo/?q=1')
  t.equal(slash.status, 308)
  t.equal(slash.headers.location, '/api/echo?q=1')
})

t.test('the user\'s own routes, parsers and hooks keep working beside bridge routes', async t => {
  const seen = []
  const s = await serve(t, { dir: app }, {
    setup (f) {
      f.addHook('onRequest', async (req) => { seen.push('onRequest ' + req.url) })
      f.addHook('preHandler', async (req) => { seen.push('preHandler ' + req.url) })
      f.addHook('onSend', async (req, reply, payload) => { reply.header('x-on-send', '1'); return payload })
      f.post('/legacy', async (req) => ({ parsed: req.body }))
    }
  })
  const legacy = await s.fetch('/legacy', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1}' })
  t.same(JSON.parse(legacy.body), { parsed: { a: 1 } }, 'Fastify JSON parser still parses for user routes')
  const echo = await s.fetch('/echo', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1}' })
  t.equal(echo.body, '{"a":1}', 'bridge routes get the raw body')
  t.equal(echo.headers['x-on-send'], '1', 'onSend hooks run for bridge routes')
  t.ok(seen.includes('onRequest /echo') && seen.includes('preHandler /echo'), 'hooks run for bridge routes')
})

t.test('bodyLimit: a declared oversize body gets 413 before the handler runs', async t => {
  const s = await serve(t, { dir: app }, { fastify: { bodyLimit: 10 } })
  const res = await s.fetch('/echo', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x'.repeat(11) })
  t.equal(res.status, 413)
  t.equal((await s.fetch('/echo', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x'.repeat(10) })).body, 'x'.repeat(10))
})

t.test('methods Next does not recognise', async t => {
  const s = await serve(t, { dir: app })
  t.equal((await s.fetch('/echo', { method: 'TRACE' })).status, 400, 'TRACE is 400 (Next: 500 from undici)')
  t.equal((await s.fetch('/echo', { method: 'PUT' })).status, 405)
  const opts = await s.fetch('/echo', { method: 'OPTIONS' })
  t.equal(opts.status, 204)
  t.equal(opts.headers.allow, 'GET, HEAD, OPTIONS, POST')
})

t.test('handler errors: 500, empty body, logged with request.log, file and method', async t => {
  const logs = []
  const s = await serve(t, { dir: app }, { logs })
  const res = await s.fetch('/boom')
  t.equal(res.status, 500)
  t.equal(res.body, '')
  t.notOk(res.headers['content-type'])
  const line = logs.find(l => l.msg === 'route handler threw')
  t.ok(line, 'logged')
  t.match(line, { level: 50, method: 'GET', reqId: String, file: /boom\/route\.ts$/, err: { message: 'secret detail' } })
})

t.test('trailing slash and repeated slashes redirect like Next (308 + Refresh)', async t => {
  const s = await serve(t, { dir: app })
  const res = await s.fetch('/echo/?q=1')
  t.equal(res.status, 308)
  t.equal(res.headers.location, '/echo?q=1')
  t.equal(res.headers.refresh, '0;url=/echo?q=1')
  t.equal(res.body, '/echo?q=1')
  const dup = await s.fetch('/catch/a//b')
  t.equal(dup.status, 308)
  t.equal(dup.headers.location, '/catch/a/b')
})

t.test('works with Fastify\'s ignoreTrailingSlash', async t => {
  const s = await serve(t, { dir: app }, { fastify: { routerOptions: { ignoreTrailingSlash: true } } })
  t.equal((await s.fetch('/echo/')).status, 308)
  t.equal((await s.fetch('/users/1')).status, 200)
})

t.test('options are validated with coded errors', async t => {
  const CASES = [
    [{}, /'dir'/],
    [{ dir: 1 }, /'dir'/],
    [{ dir: app, prefix: 'api' }, /'prefix': expected a path starting with '\/'/],
    [{ dir: app, asyncContext: 'yes' }, /'asyncContext'/],
    [{ dir: app, closeTimeout: -1 }, /'closeTimeout'/],
    [{ dir: app, cache: 'redis' }, /'cache': expected memoryStore\(\), redisStore\(\)/],
    [{ dir: app, cache: { get () {} } }, /'cache'/],
    [{ dir: app, prerender: 'build' }, /'prerender': expected 'startup' or 'request'/],
    [{ dir: app, cacheErrorLogInterval: -5 }, /'cacheErrorLogInterval'/],
    [{ dir: app, freshModules: 'yes' }, /'freshModules'/]
  ]
  for (const [opts, message] of CASES) {
    const f = Fastify()
    await t.rejects(async () => { await f.register(nextRoutes, opts) }, { code: 'FST_ERR_NEXT_OPTIONS', message }, JSON.stringify(opts))
  }
  t.ok(errorCodes.FST_ERR_NEXT_OPTIONS, 'error codes are exported')
})

t.test('a folder without app/ fails startup naming the folder', async t => {
  const dir = writeApp({ 'README.md': 'x' })
  await t.rejects(async () => { await Fastify().register(nextRoutes, { dir }) }, { code: 'FST_ERR_NEXT_NO_APP_DIR', message: new RegExp(dir) })
})
