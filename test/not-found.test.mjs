// notFound() in a route handler reaches the app's Fastify not-found handling: a handler set with
// setNotFoundHandler (on the plugin's context or a parent, before or after registering the plugin)
// answers it, and without one the answer stays Next's empty 404 with the cookies dropped
// (test/conformance: "notFound() is an empty 404 and drops cookies"). Hooks see both.
import t from 'tap'
import Fastify from 'fastify'
import { request } from 'undici'
import nextRoutes from '../dist/index.js'
import { serve, writeApp } from './helper.mjs'

const dir = writeApp({
  'app/items/[id]/route.js': [
    "import { cookies } from 'next/headers'",
    "import { notFound, forbidden } from 'next/navigation'",
    'export async function GET (request, { params }) {',
    '  const { id } = await params',
    "  ;(await cookies()).set('dropped', '1')",
    "  if (id === 'forbidden') forbidden()",
    "  if (id !== '1') notFound()",
    '  return Response.json({ id })',
    '}',
    // A synchronous throw takes the other path through the handler.
    "export function DELETE () { notFound() }"
  ].join('\n'),
  // Cached by its segment config: the generated 404 is stored and replayed (docs/api.md).
  'app/static-missing/route.js': "import { notFound } from 'next/navigation'\nexport const dynamic = 'force-static'\nexport function GET () { notFound() }"
})

async function listen (t, app) {
  await app.listen({ port: 0, host: '127.0.0.1' })
  t.teardown(() => app.close())
  const origin = `http://127.0.0.1:${app.server.address().port}`
  return async (path, init = {}) => {
    const res = await request(origin + path, { method: 'GET', ...init })
    return { status: res.statusCode, headers: res.headers, body: await res.body.text() }
  }
}

// The hooks an app would use to log or decorate every answer.
function watchHooks (app, seen) {
  app.addHook('onSend', async (req, reply, payload) => {
    seen.push(`onSend ${reply.statusCode}`)
    reply.header('x-on-send', 'yes')
    return payload
  })
  app.addHook('onResponse', async (req, reply) => { seen.push(`onResponse ${reply.statusCode}`) })
}

t.test("no not-found handler: Next's empty 404, cookies dropped, hooks see it", async t => {
  const seen = []
  const s = await serve(t, { dir }, { setup: app => watchHooks(app, seen) })
  const found = await s.fetch('/items/1')
  t.same([found.status, JSON.parse(found.body)], [200, { id: '1' }])
  seen.length = 0
  const res = await s.fetch('/items/2')
  t.same([res.status, res.body], [404, ''])
  t.equal(res.headers['set-cookie'], undefined, 'cookies set before notFound() are dropped')
  t.equal(res.headers['x-on-send'], 'yes')
  t.same(seen, ['onSend 404', 'onResponse 404'])
  const del = await s.fetch('/items/1', { method: 'DELETE' })
  t.same([del.status, del.body], [404, ''], 'a synchronous notFound() too')
})

for (const when of ['before', 'after']) {
  t.test(`a not-found handler set ${when} registering the plugin answers notFound()`, async t => {
    const app = Fastify()
    const seen = []
    const got = []
    watchHooks(app, seen)
    const handler = (req, reply) => {
      got.push(req.url)
      reply.code(404).send({ house: 'not found', url: req.url })
    }
    if (when === 'before') app.setNotFoundHandler(handler)
    await app.register(nextRoutes, { dir })
    if (when === 'after') app.setNotFoundHandler(handler)
    const fetch = await listen(t, app)
    const res = await fetch('/items/2')
    t.equal(res.status, 404)
    t.same(JSON.parse(res.body), { house: 'not found', url: '/items/2' })
    t.equal(res.headers['set-cookie'], undefined, 'the handler\'s cookies are still dropped')
    t.equal(res.headers['x-on-send'], 'yes', 'onSend ran')
    t.same(seen, ['onSend 404', 'onResponse 404'], 'onSend and onResponse ran once each')
    const del = await fetch('/items/1', { method: 'DELETE' })
    t.same(JSON.parse(del.body), { house: 'not found', url: '/items/1' }, 'a synchronous notFound() too')
    t.same(got, ['/items/2', '/items/1'])
    const unrouted = await fetch('/nowhere')
    t.same(JSON.parse(unrouted.body), { house: 'not found', url: '/nowhere' }, 'the same handler as for unrouted paths')
    const ok = await fetch('/items/1')
    t.same([ok.status, JSON.parse(ok.body)], [200, { id: '1' }], 'other answers are untouched')
  })
}

t.test("the not-found handler of the plugin's own encapsulation context answers; its hooks run", async t => {
  const app = Fastify()
  const seen = []
  await app.register(async function api (instance) {
    watchHooks(instance, seen)
    // Hooks given with the handler run for it (Fastify's preHandler option of setNotFoundHandler).
    instance.setNotFoundHandler({ preHandler: async (req, reply) => { reply.header('x-not-found-pre', '1') } },
      (req, reply) => reply.code(404).type('text/plain').send(`no ${req.url} in the api`))
    await instance.register(nextRoutes, { dir })
  }, { prefix: '/api' })
  // A sibling context's handler is not the plugin's.
  await app.register(async function other (instance) {
    instance.setNotFoundHandler((req, reply) => reply.code(404).send('other'))
  }, { prefix: '/other' })
  const fetch = await listen(t, app)
  const res = await fetch('/api/items/7')
  t.same([res.status, res.body], [404, 'no /api/items/7 in the api'])
  t.equal(res.headers['x-not-found-pre'], '1')
  t.equal(res.headers['x-on-send'], 'yes')
  t.same(seen, ['onSend 404', 'onResponse 404'])
})

t.test("a handler in a sibling context only: Next's empty 404 stays", async t => {
  const app = Fastify()
  await app.register(async function other (instance) {
    instance.setNotFoundHandler((req, reply) => reply.code(404).send('other'))
  }, { prefix: '/other' })
  await app.register(nextRoutes, { dir })
  const fetch = await listen(t, app)
  const res = await fetch('/items/2')
  t.same([res.status, res.body], [404, ''])
})

t.test('a cached route replays its stored 404, not-found handler or not', async t => {
  const s = await serve(t, { dir }, { setup: app => app.setNotFoundHandler((req, reply) => reply.code(404).send('house')) })
  const first = await s.fetch('/static-missing')
  const second = await s.fetch('/static-missing')
  t.same([first.status, first.body, second.status, second.body], [404, '', 404, ''])
  t.equal(second.headers['x-nextjs-cache'], 'HIT')
})

t.test('forbidden() stays an empty 403 with a not-found handler set', async t => {
  const s = await serve(t, { dir }, { setup: app => app.setNotFoundHandler((req, reply) => reply.code(404).send('house')) })
  const res = await s.fetch('/items/forbidden')
  t.same([res.status, res.body], [403, ''])
})

t.test("Fastify's default not-found handler is still named as lib/not-found.ts expects", async t => {
  // The plugin tells "no not-found handler of the app's own" by this name (Fastify does not export
  // it): if a Fastify upgrade renames it, this fails rather than the plugin silently sending
  // Fastify's JSON 404 for notFound().
  const app = Fastify()
  let name
  app.get('/probe', (req, reply) => {
    const context = req[Object.getOwnPropertySymbols(req).find(s => s.description === 'fastify.context')]
    name = context[Object.getOwnPropertySymbols(context).find(s => s.description === 'fastify.404ContextKey')].handler.name
    reply.send('ok')
  })
  await app.inject('/probe')
  t.equal(name, 'basic404')
})
