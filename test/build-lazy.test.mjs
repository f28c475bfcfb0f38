// From a build, a route file is imported on its first request (as `next start` loads a route's
// module): registering it uses the exports the build wrote down. A module whose exports cannot be
// written down is imported at startup; a module that fails at run time fails its requests, named.
import t from 'tap'
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { serve, writeApp } from './helper.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const cli = join(root, 'dist', 'cli.js')

// Each route module counts its evaluations in a global, so the test sees when it was imported.
const counted = name => `globalThis.__lazyLoads ??= {}\nglobalThis.__lazyLoads[${JSON.stringify(name)}] = (globalThis.__lazyLoads[${JSON.stringify(name)}] ?? 0) + 1\n`
const loads = name => globalThis.__lazyLoads?.[name] ?? 0

function built (files, env = {}) {
  const dir = writeApp(files, { prefix: 'build-lazy-', inRepo: true })
  // The CLI's build, in its own process (as users run it): it compiles, then loads the app once
  // to write down each route's exports.
  execFileSync(process.execPath, [cli, 'build', dir], { encoding: 'utf8', env: { ...process.env, ...env } })
  return { dir, manifest: JSON.parse(readFileSync(join(dir, '.fastify-next-routes', 'manifest.json'), 'utf8')) }
}

t.test('a route file is imported on its first request, once', async t => {
  const { dir, manifest } = built({
    'app/a/route.ts': counted('a') + "export const dynamic = 'force-dynamic'\nexport function GET () { return Response.json({ a: globalThis.__lazyLoads.a }) }\nexport async function POST (request: Request) { return Response.json(await request.json(), { status: 201 }) }\n",
    'app/b/[id]/route.ts': counted('b') + 'export async function GET (_: Request, { params }: { params: Promise<{ id: string }> }) { return Response.json(await params) }\n'
  })
  t.same(manifest.modules['app/a/route.ts'].shape, { functions: ['GET', 'POST'], values: { dynamic: 'force-dynamic' } }, 'the build wrote down the exports')
  const logs = []
  const server = await serve(t, { dir, build: true }, { logs })
  t.equal(loads('a') + loads('b'), 0, 'no route module was imported at startup')
  t.ok(logs.some(l => l.onFirstRequest === 2 && /2 route files imported on first request/.test(l.msg)), 'the startup log says so')
  const first = await server.fetch('/a')
  t.equal(first.status, 200)
  t.same(JSON.parse(first.body), { a: 1 }, 'the first request imported it')
  t.same(JSON.parse((await server.fetch('/a')).body), { a: 1 }, 'and the second used it')
  t.equal(loads('b'), 0, 'a route not asked for stays out')
  const post = await server.fetch('/a', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"x":1}' })
  t.equal(post.status, 201)
  t.same(JSON.parse(post.body), { x: 1 })
  t.equal((await server.fetch('/a', { method: 'DELETE' })).status, 405, 'methods it does not export get 405 without importing anything new')
  t.same(JSON.parse((await server.fetch('/b/7')).body), { id: '7' })
  t.equal(loads('b'), 1)
  t.equal(loads('a'), 1)
})

t.test('the segment config comes from the build, as Next reads it at build time', async t => {
  const { dir } = built({
    'app/static/route.ts': counted('static') + "export const dynamic = process.env.LAZY_BUILD === '1' ? 'force-static' : 'force-dynamic'\nlet n = 0\nexport function GET () { return Response.json({ n: ++n }) }\n",
    'app/minute/route.ts': "export const revalidate = process.env.LAZY_BUILD === '1' ? 60 : 0\nexport function GET () { return new Response('m') }\n"
  }, { LAZY_BUILD: '1' })
  const server = await serve(t, { dir, build: true })
  const a = await server.fetch('/static')
  t.equal(a.headers['x-nextjs-cache'], 'HIT', 'force-static as built (the env at run time says otherwise), generated at startup')
  t.same(JSON.parse(a.body), { n: 1 })
  t.same(JSON.parse((await server.fetch('/static')).body), { n: 1 })
  t.match((await server.fetch('/minute')).headers['cache-control'], /s-maxage=60\b/, 'revalidate as built')
})

t.test('a module with exports that cannot be written down is imported at startup', async t => {
  const { dir, manifest } = built({
    'app/schema/route.ts': counted('schema') + "export const schema = { querystring: { type: 'object', properties: { n: { type: 'integer' } }, required: ['n'] } }\nexport function GET (request: Request) { return Response.json({ n: new URL(request.url).searchParams.get('n') }) }\n"
  })
  t.equal(manifest.modules['app/schema/route.ts'].shape, undefined)
  const server = await serve(t, { dir, build: true })
  t.equal(loads('schema'), 1, 'imported at startup')
  t.equal((await server.fetch('/schema')).status, 400, 'its schema validates')
  t.equal((await server.fetch('/schema?n=2')).status, 200)
})

t.test('a route module that fails at run time fails its requests, through Fastify error handling', async t => {
  const { dir } = built({
    'app/fails/route.ts': "if (process.env.LAZY_BUILD !== '1') throw new Error('DATABASE_URL is not set')\nexport function GET () { return new Response('ok') }\n",
    'app/fine/route.ts': "export function GET () { return new Response('fine') }\n"
  }, { LAZY_BUILD: '1' })
  const logs = []
  const server = await serve(t, { dir, build: true }, { logs })
  t.equal((await server.fetch('/fine')).body, 'fine', 'the app starts; other routes answer')
  for (let i = 0; i < 2; i++) {
    const res = await server.fetch('/fails')
    t.equal(res.status, 500, 'each request to it is a 500')
    t.notMatch(res.body, /DATABASE_URL/, 'without the error in the answer')
  }
  const logged = logs.filter(l => l.level === 50 && /DATABASE_URL is not set/.test(JSON.stringify(l.err ?? l.msg)))
  t.equal(logged.length, 2, 'logged at error level for each request')
  t.match(JSON.stringify(logged[0]), /app\/fails\/route\.ts/, 'naming the file')
  t.ok(logged.every(l => typeof l.reqId === 'string'), 'with the request id (request.log)')
})

t.test('next/headers in a route not yet imported: the request scope was decided from the build', async t => {
  const { dir, manifest } = built({
    'app/plain/route.ts': 'export function GET () { return new Response(\'plain\') }\n',
    'app/who/route.ts': "import { cookies } from 'next/headers'\nexport async function GET () { return new Response((await cookies()).get('who')?.value ?? 'nobody') }\n"
  })
  t.equal(manifest.scopeWanted, true)
  const server = await serve(t, { dir, build: true })
  t.equal((await server.fetch('/who', { headers: { cookie: 'who=me' } })).body, 'me')
})

t.test('a route file imported on first request is evaluated outside that request, as at startup', async t => {
  // Its top level (a timer, a pool, a tracing span, a top-level headers()) must not inherit the
  // first request's async context: the plugin's request scope nor the app's own AsyncLocalStorage.
  const { dir } = built({
    'app/probe/route.ts': "import { headers } from 'next/headers'\nlet atImport: string\ntry { atImport = (await headers()).get('x-user') ?? 'none' } catch { atImport = 'outside a request' }\nconst userAtImport = (globalThis as any).__lazyUserAls?.getStore() ?? null\nexport const dynamic = 'force-dynamic'\nexport async function GET () { return Response.json({ atImport, userAtImport, now: (await headers()).get('x-user') }) }\n"
  })
  const { AsyncLocalStorage } = await import('node:async_hooks')
  const als = globalThis.__lazyUserAls = new AsyncLocalStorage()
  t.teardown(() => { delete globalThis.__lazyUserAls })
  const server = await serve(t, { dir, build: true }, { setup: app => app.addHook('onRequest', (request, reply, done) => als.run(request.headers['x-user'], done)) })
  t.same(JSON.parse((await server.fetch('/probe', { headers: { 'x-user': 'alice' } })).body), { atImport: 'outside a request', userAtImport: null, now: 'alice' })
  t.same(JSON.parse((await server.fetch('/probe', { headers: { 'x-user': 'bob' } })).body), { atImport: 'outside a request', userAtImport: null, now: 'bob' }, 'the second request does not see the first one\'s')
})

t.test('a route function is called as the plugin calls it: `this` is not the module', async t => {
  const { dir } = built({
    'app/this/route.ts': "export const dynamic = 'force-dynamic'\nexport function GET (this: unknown) { return Response.json({ self: this === undefined || this === null || this === globalThis ? 'detached' : 'module' }) }\n"
  })
  const server = await serve(t, { dir, build: true })
  for (let i = 0; i < 2; i++) t.same(JSON.parse((await server.fetch('/this')).body), { self: 'detached' }, i === 0 ? 'first call' : 'once imported')
})

t.test('a CommonJS module.exports whose methods are not its own enumerable properties is imported at startup', async t => {
  // The build reads a module's own enumerable keys: a class instance (methods on its prototype) or
  // a non-enumerable export would be written down without its handlers.
  const { dir, manifest } = built({
    'app/proto/route.js': counted('proto') + "class Handlers { GET () { return new Response('proto') } }\nmodule.exports = new Handlers()\n",
    'app/hidden/route.js': counted('hidden') + "Object.defineProperty(exports, 'GET', { value: () => new Response('hidden'), enumerable: false })\nexports.dynamic = 'force-dynamic'\n",
    'app/plain/route.js': "Object.defineProperty(exports, '__esModule', { value: true })\nexports.GET = () => new Response('plain')\n"
  })
  t.equal(manifest.modules['app/proto/route.js'].shape, undefined)
  t.equal(manifest.modules['app/hidden/route.js'].shape, undefined)
  t.same(manifest.modules['app/plain/route.js'].shape, { functions: ['GET'], values: {} }, 'a compiled CommonJS module (non-enumerable __esModule) still loads on first request')
  const server = await serve(t, { dir, build: true })
  t.equal(loads('proto') + loads('hidden'), 2, 'imported at startup')
  t.equal((await server.fetch('/proto')).body, 'proto')
  t.equal((await server.fetch('/hidden')).body, 'hidden')
  t.equal((await server.fetch('/plain')).body, 'plain')
})
