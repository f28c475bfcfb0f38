// Pages Router API routes (issue 17) beyond the recorded cases: discovery and Next's conflicts,
// folders with only pages/ or only a middleware, the startup notice for pages, Fastify
// citizenship (hooks, error handling, printRoutes), a handler that never answers, backpressure,
// preview data, revalidate, params and the spelling check.
import t from 'tap'
import Fastify from 'fastify'
import nextRoutes from '../dist/index.js'
import { serve, writeApp } from './helper.mjs'
import { sendRawLine } from './fixtures/path-fuzz/raw.mjs'

const echo = 'export default function handler (req, res) { res.json({ url: req.url, query: req.query }) }'

t.test('discovery: index, params, src/pages, .mjs/.jsx, and no app/ needed', async t => {
  const dir = writeApp({
    'src/pages/api/index.mjs': echo,
    'src/pages/api/a/[id].jsx': echo,
    'src/pages/api/_under.ts': echo,
    'src/pages/api/types.d.ts': 'export {}'
  })
  const s = await serve(t, { dir })
  t.same(JSON.parse((await s.fetch('/api')).body).query, {})
  t.same(JSON.parse((await s.fetch('/api/a/x%2Fy')).body).query, { id: 'x/y' })
  t.equal((await s.fetch('/api/_under')).status, 200, 'no private files in pages/')
  t.equal((await s.fetch('/api/types.d')).status, 404, 'declaration files are not routes')
})

t.test('conflicts are startup errors naming both files', async t => {
  const cases = [
    [{ 'app/api/x/route.ts': 'export function GET () { return new Response("a") }', 'pages/api/x.ts': echo }, /Conflicting app and page file.*"pages\/api\/x.ts" - "app\/api\/x\/route.ts"/s],
    [{ 'pages/api/a.ts': echo, 'pages/api/a/index.ts': echo }, /Duplicate page detected.*pages\/api\/a.*pages\/api\/a/],
    [{ 'app/api/[id]/route.ts': 'export function GET () { return new Response("a") }', 'pages/api/[slug]/x.ts': echo }, /different slug names.*'id' !== 'slug'/],
    [{ 'pages/api/o/index.ts': echo, 'pages/api/o/[[...s]].ts': echo }, /same specificity as an optional catch-all/]
  ]
  for (const [files, message] of cases) {
    await t.rejects(async () => { await Fastify().register(nextRoutes, { dir: writeApp(files) }) }, { code: 'FST_ERR_NEXT_ROUTE_CONFLICT', message })
  }
  await t.rejects(async () => { await Fastify().register(nextRoutes, { dir: writeApp({ 'pages/api/x.ts': 'export const y = 1' }) }) }, { code: 'FST_ERR_NEXT_PAGES_API', message: /default export must be the handler/ })
  await t.rejects(async () => { await Fastify().register(nextRoutes, { dir: writeApp({ 'pages/api/x.ts': 'export const config = { api: { bodyParser: { sizeLimit: "lots" } } }\nexport default function h () {}' }) }) }, { code: 'FST_ERR_NEXT_PAGES_API', message: /sizeLimit/ })
  await t.rejects(async () => { await Fastify().register(nextRoutes, { dir: writeApp({ 'other.ts': '' }) }) }, { code: 'FST_ERR_NEXT_NO_APP_DIR', message: /app\/ or pages\// })
})

t.test('a folder with only a middleware starts; pages are counted once at startup', async t => {
  const onlyMw = writeApp({ 'proxy.ts': 'export function proxy () { return new Response("from proxy") }' })
  const s = await serve(t, { dir: onlyMw })
  t.equal((await s.fetch('/anything')).body, 'from proxy')
  const logs = []
  const dir = writeApp({ 'pages/index.tsx': 'export default function P () { return null }', 'pages/about.tsx': 'x', 'pages/_app.tsx': 'x', 'pages/api/a.ts': echo })
  const p = await serve(t, { dir }, { logs })
  const notices = logs.filter(l => /page file\(s\) in pages\/ are not served/.test(l.msg ?? ''))
  t.equal(notices.length, 1)
  t.match(notices[0].msg, /^fastify-next-routes: 2 page file/)
  t.equal((await p.fetch('/about')).status, 404)
})

t.test('each file is a Fastify route: hooks, printRoutes, request.routeOptions.config', async t => {
  const dir = writeApp({ 'pages/api/users/[id].ts': echo })
  const seen = []
  const s = await serve(t, { dir }, {
    setup: app => {
      app.addHook('onRequest', async (request, reply) => { reply.header('x-hook', '1') })
      app.addHook('onResponse', async request => { seen.push([request.routeOptions.url, request.routeOptions.config.nextFile !== undefined]) })
    }
  })
  const res = await s.fetch('/api/users/7?x=1')
  t.equal(res.headers['x-hook'], '1', 'headers set by hooks reach the Node response')
  t.same(JSON.parse(res.body), { url: '/api/users/7?x=1', query: { x: '1', id: '7' } })
  t.same(seen, [['/api/users/:id', true]])
  t.match(s.app.printRoutes(), /users\/\n?.*:id/s)
})

t.test('a throwing handler goes to Fastify error handling with the file; headers it set are dropped', async t => {
  const dir = writeApp({ 'pages/api/boom.ts': 'export default function h (req, res) { res.setHeader("x-partial", "1"); throw new Error("secret detail") }' })
  const errors = []
  const s = await serve(t, { dir }, {
    setup: app => app.setErrorHandler((err, request, reply) => { errors.push(err); reply.code(err.statusCode).send({ handled: err.code }) })
  })
  const res = await s.fetch('/api/boom')
  t.equal(res.status, 500)
  t.same(JSON.parse(res.body), { handled: 'FST_ERR_NEXT_API_ROUTE_FAILED' })
  t.equal(res.headers['x-partial'], undefined)
  t.equal(errors[0].cause.message, 'secret detail')
  t.match(errors[0].file, /pages\/api\/boom\.ts$/)
  // The default error handler: the message says nothing of the error.
  const d = await serve(t, { dir })
  const plain = await d.fetch('/api/boom')
  t.equal(plain.status, 500)
  t.notMatch(plain.body, /secret/)
})

t.test('a handler that returns without answering: Next\'s warning, then a 500 (not a stalled request)', async t => {
  const dir = writeApp({
    'pages/api/forgot.ts': 'export default function h (req, res) { res.setHeader("x-a", "1") }',
    'pages/api/external.ts': 'export const config = { api: { externalResolver: true } }\nexport default function h (req, res) { setTimeout(() => res.end("late"), 120) }'
  })
  const logs = []
  const s = await serve(t, { dir, apiResolveTimeout: 80 }, { logs })
  const started = Date.now()
  const res = await s.fetch('/api/forgot')
  t.equal(res.status, 500)
  t.ok(Date.now() - started >= 70)
  t.ok(logs.some(l => l.msg === 'API resolved without sending a response for /api/forgot, this may result in stalled requests.'))
  const late = await s.fetch('/api/external')
  t.equal(late.body, 'late', 'externalResolver: no timeout, no warning')
  t.notOk(logs.some(l => /\/api\/external, this may/.test(l.msg ?? '')))
})

t.test('res.write keeps backpressure: write() returns false and drain follows', async t => {
  const dir = writeApp({
    'pages/api/big.ts': `export default async function h (req, res) {
  const chunk = Buffer.alloc(64 * 1024, 97)
  let sawFalse = 0
  for (let i = 0; i < 64; i++) {
    if (!res.write(chunk)) { sawFalse++; await new Promise(resolve => res.once('drain', resolve)) }
  }
  res.end()
  globalThis.__fnrBackpressure = sawFalse
}`
  })
  const s = await serve(t, { dir })
  const res = await s.fetch('/api/big', {}, { raw: true })
  t.equal(res.body.length, 64 * 64 * 1024)
  t.ok(globalThis.__fnrBackpressure > 0, 'the handler saw write() return false')
})

t.test('setPreviewData round-trips here; tampered data is cleared; revalidate on the cache', async t => {
  const dir = writeApp({
    'pages/api/preview.ts': 'export default function h (req, res) { res.setPreviewData({ user: "u1" }); res.end("on") }',
    'pages/api/read.ts': 'export default function h (req, res) { res.json({ preview: req.preview ?? null, data: req.previewData }) }',
    'pages/api/reval.ts': 'export default async function h (req, res) { await res.revalidate("/cached"); res.json({ revalidated: true }) }',
    'pages/api/reval-bad.ts': 'export default async function h (req, res) { await res.revalidate("cached") }',
    'app/cached/route.ts': 'export const revalidate = 3600\nexport function GET () { return new Response(String(Math.random())) }'
  })
  const s = await serve(t, { dir, previewModeId: 'pid' })
  const on = await s.fetch('/api/preview')
  const cookie = on.headers['set-cookie'].map(c => c.split(';')[0]).join('; ')
  t.match(cookie, /^__prerender_bypass=pid; __next_preview_data=/)
  t.same(JSON.parse((await s.fetch('/api/read', { headers: { cookie } })).body), { preview: true, data: { user: 'u1' } })
  const tampered = await s.fetch('/api/read', { headers: { cookie: cookie.slice(0, -2) + 'xx' } })
  t.same(JSON.parse(tampered.body), { preview: null, data: false })
  t.match(tampered.headers['set-cookie'][0], /^__prerender_bypass=; Path=\/; Expires=Thu, 01 Jan 1970/)
  const first = (await s.fetch('/cached')).body
  t.equal((await s.fetch('/cached')).body, first, 'cached')
  t.same(JSON.parse((await s.fetch('/api/reval')).body), { revalidated: true })
  t.not((await s.fetch('/cached')).body, first, 'regenerated after res.revalidate()')
  t.equal((await s.fetch('/api/reval-bad')).status, 500)
})

t.test('the canonical gate: encoded letters, case folding and a prefix as basePath', async t => {
  const dir = writeApp({ 'pages/api/admin.ts': 'export default function h (req, res) { res.end("admin") }', 'pages/api/p/[id].ts': echo })
  const s = await serve(t, { dir, prefix: '/base' }, { fastify: { routerOptions: { caseSensitive: false } } })
  t.equal((await sendRawLine(s.port, '/base/api/admin')).body, 'admin')
  t.equal((await sendRawLine(s.port, '/base/api/%61dmin')).status, 404, 'an encoded letter is another path in Next')
  t.equal((await sendRawLine(s.port, '/base/API/admin')).status, 404, 'case folding by the router is not Next routing')
  t.equal((await sendRawLine(s.port, '/api/admin')).status, 404, 'outside the basePath')
  t.equal((await sendRawLine(s.port, '/base/api/p/%ZZ')).status, 400)
  const slash = await sendRawLine(s.port, '/base/api/p/x/?q=1')
  t.equal(slash.status, 308)
  t.equal(slash.headers.location, '/base/api/p/x?q=1')
  t.same(JSON.parse((await sendRawLine(s.port, '/base/api/p/a%2Fb')).body).query, { id: 'a/b' }, 'params from the canonical path')
})

t.test('body sources: a middleware that read the body, bodyParser false, charset', async t => {
  const dir = writeApp({
    'proxy.ts': 'export async function proxy (request) { if (request.headers.get("x-read") === "1") await request.text() }',
    'pages/api/echo.ts': 'export default function h (req, res) { res.json({ body: req.body }) }'
  })
  const s = await serve(t, { dir })
  const read = await s.fetch('/api/echo', { method: 'POST', headers: { 'content-type': 'application/json', 'x-read': '1' }, body: '{"a":1}' })
  t.same(JSON.parse(read.body), { body: { a: 1 } }, 'the copy the middleware left is parsed')
  const latin = await s.fetch('/api/echo', { method: 'POST', headers: { 'content-type': 'text/plain; charset=latin1' }, body: Buffer.from([0xe9]) })
  t.same(JSON.parse(latin.body), { body: 'é' })
})
