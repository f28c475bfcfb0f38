// Route-file errors go through Fastify's error handling: onError hooks always run, the app's error
// handler gets the error with the route file and method on it (set before or after the plugin is
// registered), and without one the answer stays Next's empty 500.
import t from 'tap'
import Fastify from 'fastify'
import nextRoutes from '../dist/index.js'
import { serve, writeApp } from './helper.mjs'

const dir = writeApp({
  'app/boom/route.js': "export const GET = () => { throw new Error('kaboom') }\nexport const POST = async () => { throw new TypeError('async kaboom') }",
  'app/string/route.js': "export const GET = () => { throw 'just a string' }",
  'app/ok/route.js': 'export const POST = async (request) => Response.json(await request.json())'
})

t.test('no error handler: Next\'s empty 500, logged with the file; onError still runs', async t => {
  const logs = []
  const seen = []
  const s = await serve(t, { dir }, { logs, setup: app => app.addHook('onError', async (request, reply, error) => { seen.push(error.message) }) })
  const res = await s.fetch('/boom')
  t.same([res.status, res.body], [500, ''])
  t.same(seen, ['kaboom'], 'onError hook ran')
  const line = logs.find(l => l.msg === 'route handler threw')
  t.match(line, { file: /boom[/\\]route\.js$/, method: 'GET', err: { message: 'kaboom' } })
  const text = await s.fetch('/string')
  t.same([text.status, text.body], [500, ''], 'a thrown string too')
})

for (const when of ['before', 'after']) {
  t.test(`the app's error handler, set ${when} registering the plugin, receives the error`, async t => {
    const app = Fastify()
    const got = []
    const handler = (error, request, reply) => {
      got.push({ message: error.message, route: error.nextRoute })
      reply.code(503).send({ house: 'format', message: error.message })
    }
    if (when === 'before') app.setErrorHandler(handler)
    await app.register(nextRoutes, { dir })
    if (when === 'after') app.setErrorHandler(handler)
    await app.listen({ port: 0, host: '127.0.0.1' })
    t.teardown(() => app.close())
    const origin = `http://127.0.0.1:${app.server.address().port}`
    const res = await fetch(origin + '/boom', { method: 'POST' })
    t.equal(res.status, 503)
    t.same(await res.json(), { house: 'format', message: 'async kaboom' })
    t.equal(got.length, 1)
    t.equal(got[0].route.method, 'POST')
    t.match(got[0].route.file, /boom[/\\]route\.js$/)
    t.notOk(Object.keys(new Error('x')).includes('nextRoute'), 'the route info is not enumerable')
  })
}

t.test('errors that are not the route file\'s keep Fastify\'s default answer', async t => {
  const s = await serve(t, { dir }, { fastify: { bodyLimit: 10 } })
  const res = await s.fetch('/ok', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ big: 'x'.repeat(100) }) })
  t.equal(res.status, 413)
})

t.test("Fastify's default error handler is still named as lib/error-handling.ts expects", async t => {
  // The plugin tells "no error handler of the app's own" by this name (Fastify does not export it).
  t.equal(Fastify().errorHandler.name, 'defaultErrorHandler')
})
