// Next's 308 from `/x/` to `/x` for route files that share one `/x/` route per group of siblings
// (lib/slash-twins.ts). The same answers as one `/x/` route per file: checked against a router
// where the plugin keeps one per file (caseSensitive: false), on paths an attacker picks, and on
// the cases that must not be grouped (a long name, a folded case, a name with other characters).
import t from 'tap'
import fc from 'fast-check'
import Fastify from 'fastify'
import nextRoutes from '../dist/index.js'
import { serve, writeApp } from './helper.mjs'

const RUNS = Number(process.env.FNR_PROPERTY_RUNS ?? 120)
const route = name => `export function GET (request) { return Response.json({ route: ${JSON.stringify(name)}, pathname: request.nextUrl.pathname }) }
export async function POST (request) { return Response.json({ route: ${JSON.stringify(name)}, body: await request.text() }) }
`
const ROUTES = ['api/a', 'api/b', 'api/c.json', 'api/d-e', 'api/a+b', 'api/a/[id]', 'api/b/[id]', 'api/[slug]', 'v/one', 'v/two', 'v/three', 'x']
const files = Object.fromEntries(ROUTES.map(r => [`app/${r}/route.ts`, route(r)]))
// Without a middleware, a path no route of the app serves is Fastify's 404: only the `/x/` routes
// answer 308. (With one, its hook gives every unrouted `/x/` Next's 308 as well.)
const plain = writeApp(files, { prefix: 'fnr-twins-' })
const dir = writeApp({
  ...files,
  // Guards /api and /v; Next redirects `/x/` before the middleware, so a 308 never runs it.
  'proxy.ts': `import { NextResponse } from 'next/server'
export function proxy (request) {
  if (request.headers.get('x-block') === '1') return new Response('blocked', { status: 401 })
  return NextResponse.next({ headers: { 'x-mw': request.nextUrl.pathname } })
}
export const config = { matcher: ['/api/:path*', '/v/:path*'] }
`
}, { prefix: 'fnr-twins-' })

// The route table as Fastify's onRoute hook sees it: only the plugin's routes ending in `/`.
const recordTwins = twins => app => app.addHook('onRoute', r => { if (r.url.endsWith('/') && r.url !== '/' && r.config?.nextFile !== undefined) twins.push(r.url) })
async function serveCounting (t, fastify = {}, options = {}) {
  const twins = []
  const s = await serve(t, { dir: plain, ...options }, { fastify, setup: recordTwins(twins) })
  return { ...s, twins }
}

t.test('each `/x/` of a route file answers 308 to `/x`, for any method, before the middleware', async t => {
  const s = await serveCounting(t, {}, { dir })
  for (const path of ['/api/a', '/api/b', '/api/c.json', '/api/d-e', '/api/a+b', '/api/a/5', '/api/b/x.y', '/api/other', '/v/one', '/v/two', '/v/three', '/x']) {
    for (const method of ['GET', 'POST', 'PUT', 'DELETE']) {
      const res = await s.fetch(path + '/', { method, headers: { 'x-block': '1' } })
      t.same([res.status, res.headers.location, res.headers['x-mw']], [308, path, undefined], `${method} ${path}/`)
    }
  }
  const res = await s.fetch('/api/a/?q=1&r=2')
  t.same([res.status, res.headers.location], [308, '/api/a?q=1&r=2'], 'the query is kept')
  const a = await s.fetch('/api/a')
  t.same([a.status, JSON.parse(a.body).route, a.headers['x-mw']], [200, 'api/a', '/api/a'])
  // Without the middleware only the twins redirect: the names they list, nothing else.
  const p = await serveCounting(t)
  for (const path of ['/api/a', '/api/c.json', '/api/a+b', '/api/b/x.y', '/api/other', '/v/three', '/x']) {
    const res = await p.fetch(path + '/')
    t.same([res.status, res.headers.location], [308, path], `${path}/ without a middleware`)
  }
  for (const path of ['/v/four/', '/v/one/extra/', '/v/c.json/', '/api/a/5/6/', '/x/y/']) t.equal((await p.fetch(path)).status, 404, path)
  // Siblings share: /api/{a,b,c.json,d-e}/, /api/{a,b}/:id/, /v/{one,two,three}/; a+b (a name
  // with another character) and the dynamic /api/:slug/ and /x/ (alone) have their own.
  t.same(s.twins.length, 6, `twins: ${s.twins.join(' ')}`)
})

t.test('a name longer than the router\'s maxParamLength keeps a twin of its own', async t => {
  const s = await serveCounting(t, { routerOptions: { maxParamLength: 3 } })
  for (const path of ['/v/one', '/v/two', '/v/three']) {
    const res = await s.fetch(path + '/')
    t.same([res.status, res.headers.location], [308, path], path + '/')
  }
  t.ok(s.twins.includes('/v/three/'), s.twins.join(' '))
})

t.test('a case-insensitive router keeps one twin per file, so a folded spelling still gets the 308', async t => {
  const s = await serveCounting(t, { routerOptions: { caseSensitive: false } })
  const res = await s.fetch('/v/ONE/')
  t.same([res.status, res.headers.location], [308, '/v/ONE'])
  t.equal(s.twins.length, ROUTES.length, 'one per route file')
  // A shared one would not have matched it.
  const strict = await serveCounting(t)
  t.equal((await strict.fetch('/v/ONE/')).status, 404)
})

t.test('the host app\'s own routes beside a shared twin keep every path that is not a route file\'s', async t => {
  const s = await serve(t, { dir }, {
    setup: app => {
      app.get('/v/:id/', async request => ({ host: request.params.id }))
      app.get('/v/*', async request => ({ wildcard: request.params['*'] }))
      // A static route wins over a parameter: the host's own `/x/` for a route file's `/x`.
      app.get('/v/two/', async () => ({ host: 'two/' }))
    }
  })
  t.same(JSON.parse((await s.fetch('/v/four/')).body), { host: 'four' })
  t.same(JSON.parse((await s.fetch('/v/one/deeper')).body), { wildcard: 'one/deeper' })
  t.same(JSON.parse((await s.fetch('/v/two/')).body), { host: 'two/' })
  const res = await s.fetch('/v/one/')
  t.same([res.status, res.headers.location], [308, '/v/one'])
})

t.test('under a prefix', async t => {
  const s = await serve(t, { dir, prefix: '/p' })
  for (const path of ['/p/v/one', '/p/api/a/7', '/p/api/d-e']) {
    const res = await s.fetch(path + '/')
    t.same([res.status, res.headers.location], [308, path], path + '/')
  }
})

// Paths an attacker picks, ending in `/` or not: shared twins answer as twins of their own do.
// Lower case only, so that the case-insensitive router routes every one as the default one does.
const segment = fc.oneof(
  fc.constantFrom('a', 'b', 'c.json', 'd-e', 'a+b', 'one', 'two', 'three', 'x', 'v', 'api', '5', '', '.', '..'),
  fc.constantFrom('%2e', '%2f', '%25', '%3b', '%20', '%31', 'a%2b', 'c%2ejson', 'a;b', 'one;', '\\'),
  fc.stringMatching(/^[a-z0-9.~_-]{1,6}$/)
)
const target = fc.tuple(
  fc.constantFrom('', '/api', '/v', '/api/a', '/api/b', '/x', '/api/', '//api', '/api/a+b'),
  fc.array(segment, { minLength: 0, maxLength: 3 }),
  fc.boolean(),
  fc.constantFrom('', '?q=1', '?')
).map(([start, parts, slash, query]) => start + (parts.length === 0 ? '' : '/' + parts.join('/')) + (slash ? '/' : '') + query || '/')

for (const [name, app] of [['without a middleware', plain], ['with a middleware', dir]]) {
  t.test(`property, ${name}: the same answer as one twin per file`, async t => {
    const shared = await serve(t, { dir: app })
    const single = await serve(t, { dir: app }, { fastify: { routerOptions: { caseSensitive: false } } })
    const answer = res => [res.status, res.headers.location, res.headers['x-mw'], res.body]
    let redirects = 0
    await fc.assert(fc.asyncProperty(target, fc.boolean(), async (path, blocked) => {
      const headers = blocked ? { 'x-block': '1' } : {}
      const [a, b] = await Promise.all([shared.sendRaw(path, headers), single.sendRaw(path, headers)])
      if (a.status === 308) redirects++
      t.same(answer(a), answer(b), `${path}${blocked ? ' (blocked)' : ''}`)
    }), { numRuns: RUNS })
    t.ok(redirects > RUNS / 10, `some targets were redirected (${redirects})`)
  })
}

t.test('files that keep a `/x/` route of their own', async t => {
  const twinsOf = async (files, fastify = {}) => {
    const twins = []
    await serve(t, { dir: writeApp(files, { prefix: 'fnr-twins-' }) }, { fastify, setup: recordTwins(twins) })
    return [...new Set(twins)].sort()
  }
  const siblings = { 'app/s/a/route.ts': route('a'), 'app/s/b/route.ts': route('b') }
  t.same(await twinsOf(siblings), ['/s/:nextSlashTwin(^(?:a|b)$)/'], 'shared')
  t.same(await twinsOf({ ...siblings, 'app/s/c/route.ts': "export const schema = { querystring: { type: 'object' } }\n" + route('c') }), ['/s/:nextSlashTwin(^(?:a|b)$)/', '/s/c/'], 'a schema export')
  t.same(await twinsOf({ ...siblings, 'pages/api/p/a.ts': 'export default function handler (req, res) { res.status(200).json({}) }\n', 'pages/api/p/b.ts': 'export default function handler (req, res) { res.status(200).json({}) }\n' }), ['/api/p/a/', '/api/p/b/', '/s/:nextSlashTwin(^(?:a|b)$)/'], 'pages/api')
  for (const config of ['trailingSlash: true', 'skipTrailingSlashRedirect: true']) {
    t.same(await twinsOf({ ...siblings, 'next.config.mjs': `export default { ${config} }\n` }), ['/s/a/', '/s/b/'], config)
  }
})

t.test('a host route at the `/x/` of a file with a `/x/` route of its own is a startup error', async t => {
  const app = Fastify()
  t.teardown(() => app.close())
  app.get('/api/a+b/', async () => 'host')
  await t.rejects(async () => { await app.register(nextRoutes, { dir: plain }) }, { code: 'FST_ERR_NEXT_ROUTE_CONFLICT', message: /'api\/a\+b\/route\.ts' serves \/api\/a\+b\// })
})
