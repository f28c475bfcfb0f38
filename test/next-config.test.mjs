// next.config loading and its startup decisions: the file through the route loader (function
// export with phase and defaults), the nextConfig option (object or false), ignored keys in one
// line, i18n refused, basePath joined with the prefix, public/ conflicts, instrumentation errors.
import t from 'tap'
import Fastify from 'fastify'
import nextRoutes from '../dist/index.js'
import { serve, writeApp } from './helper.mjs'

const route = { 'app/api/x/route.ts': "export const GET = (r: Request) => Response.json({ url: r.url, env: process.env.FROM_CONFIG ?? null })" }

t.test('a TypeScript function export gets the phase and defaultConfig; env lands in process.env', async t => {
  const dir = writeApp({ ...route, 'next.config.ts': "export default (phase: string, { defaultConfig }: any) => ({ env: { FROM_CONFIG: phase + ':' + typeof defaultConfig.basePath }, images: {}, output: 'standalone' })" })
  const logs = []
  const s = await serve(t, { dir }, { logs })
  t.same(JSON.parse((await s.fetch('/api/x')).body).env, 'phase-production-server:string')
  t.ok(logs.some(l => /keys without effect here.*images, output/.test(l.msg)), 'one line lists the ignored keys')
})

t.test('the nextConfig option replaces the file; false ignores it', async t => {
  const dir = writeApp({ ...route, 'next.config.mjs': "export default { basePath: '/file' }" })
  const a = await serve(t, { dir, nextConfig: { basePath: '/opt' } })
  t.equal((await a.fetch('/opt/api/x')).status, 200)
  t.equal((await a.fetch('/file/api/x')).status, 404)
  const b = await serve(t, { dir, nextConfig: false })
  t.equal((await b.fetch('/api/x')).status, 200)
})

t.test('basePath goes inside the prefix; the same basePath twice is refused', async t => {
  const dir = writeApp({ ...route, 'next.config.mjs': "export default { basePath: '/docs' }" })
  const s = await serve(t, { dir, prefix: '/v1' })
  t.equal(JSON.parse((await s.fetch('/v1/docs/api/x')).body).url, 'http://localhost:' + s.port + '/api/x')
  const app = Fastify()
  t.teardown(() => app.close())
  await t.rejects(app.register(nextRoutes, { dir, prefix: '/docs' }).ready(), { code: 'FST_ERR_NEXT_CONFIG' })
})

t.test('i18n is refused with a coded error', async t => {
  const dir = writeApp({ ...route, 'next.config.js': "module.exports = { i18n: { locales: ['en'], defaultLocale: 'en' } }" })
  const app = Fastify()
  t.teardown(() => app.close())
  await t.rejects(app.register(nextRoutes, { dir }).ready(), { code: 'FST_ERR_NEXT_CONFIG_UNSUPPORTED', message: /i18n/ })
})

t.test('an invalid rule names the file and the rule', async t => {
  const dir = writeApp({ ...route, 'next.config.mjs': "export default { async redirects () { return [{ source: 'nope', destination: '/x', permanent: true }] } }" })
  const app = Fastify()
  t.teardown(() => app.close())
  await t.rejects(app.register(nextRoutes, { dir }).ready(), { code: 'FST_ERR_NEXT_CONFIG', message: /redirects\(\)\[0\]/ })
})

t.test('a public file and a route file at one path are a startup conflict', async t => {
  const dir = writeApp({ 'app/a.txt/route.ts': 'export const GET = () => new Response("route")', 'public/a.txt': 'file' })
  const app = Fastify()
  t.teardown(() => app.close())
  await t.rejects(app.register(nextRoutes, { dir }).ready(), { code: 'FST_ERR_NEXT_PUBLIC_CONFLICT' })
})

t.test('onRequestError hears a middleware error as Next tells it', async t => {
  const dir = writeApp({
    ...route,
    'proxy.ts': "export function proxy () { throw new Error('mw boom') }",
    'instrumentation.ts': "export const register = () => { (globalThis as any).__seen16 = [] }\nexport function onRequestError (e: any, req: any, ctx: any) { (globalThis as any).__seen16.push({ m: e.message, path: req.path, method: req.method, ...ctx }) }"
  })
  const s = await serve(t, { dir })
  t.equal((await s.fetch('/api/x?q=1')).status, 500)
  t.same(globalThis.__seen16, [{ m: 'mw boom', path: '/api/x?q=1', method: 'GET', routerKind: 'Pages Router', routePath: '/proxy', routeType: 'proxy', revalidateReason: undefined }])
})

t.test('register() that throws fails startup', async t => {
  const dir = writeApp({ ...route, 'instrumentation.js': "export function register () { throw new Error('no dsn') }" })
  const app = Fastify()
  t.teardown(() => app.close())
  await t.rejects(app.register(nextRoutes, { dir }).ready(), { code: 'FST_ERR_NEXT_INSTRUMENTATION', message: /no dsn/ })
})
