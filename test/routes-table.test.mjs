// The routes table a Fastify user sees: each route file registers the methods it answers (its
// exports, Next's automatic HEAD and OPTIONS); the catch-alls for Next's 405/400 and the `/x/`
// twins answer as before but are hidden from @fastify/swagger, whose OpenAPI document validates.
// A clash with another Fastify route names the route file.
import t from 'tap'
import Fastify from 'fastify'
import swagger from '@fastify/swagger'
import fastifyStatic from '@fastify/static'
import { Validator } from '@seriousme/openapi-schema-validator'
import nextRoutes from '../dist/index.js'
import { writeApp } from './helper.mjs'

const dir = writeApp({
  'app/items/route.ts': 'export const GET = () => Response.json([])\nexport const POST = () => new Response(null, { status: 201 })',
  'app/items/[id]/route.ts': 'export const GET = () => Response.json({})\nexport const DELETE = () => new Response(null, { status: 204 })',
  'app/health/route.ts': "export const GET = () => new Response('ok')"
})

async function build (setup) {
  const app = Fastify()
  await setup?.(app)
  await app.register(nextRoutes, { dir })
  await app.ready()
  return app
}

t.test('swagger lists only the methods each file answers, and the document is valid OpenAPI', async t => {
  const app = await build(app => app.register(swagger, { openapi: { info: { title: 't', version: '1' } } }))
  t.teardown(() => app.close())
  const doc = app.swagger()
  t.same(Object.keys(doc.paths).sort(), ['/health', '/items', '/items/{id}'])
  t.same(Object.keys(doc.paths['/items']).sort(), ['get', 'head', 'options', 'post'])
  t.same(Object.keys(doc.paths['/items/{id}']).sort(), ['delete', 'get', 'head', 'options'])
  t.same(Object.keys(doc.paths['/health']).sort(), ['get', 'head', 'options'])
  const result = await new Validator().validate(doc)
  t.ok(result.valid, JSON.stringify(result.errors))
})

t.test('the hidden routes still answer as Next does', async t => {
  const app = await build()
  t.teardown(() => app.close())
  t.equal((await app.inject({ method: 'PUT', url: '/items' })).statusCode, 405)
  t.equal((await app.inject({ method: 'POST', url: '/health' })).statusCode, 405)
  t.equal((await app.inject({ method: 'GET', url: '/items/' })).statusCode, 308)
  t.equal((await app.inject({ method: 'OPTIONS', url: '/items' })).headers.allow, 'GET, HEAD, OPTIONS, POST')
})

t.test('a clash with another route of the app names the route file', async t => {
  const clash = writeApp({ 'app/[...slug]/route.ts': "export const GET = () => new Response('catch')" })
  const app = Fastify()
  await app.register(fastifyStatic, { root: dir })
  await t.rejects(app.register(nextRoutes, { dir: clash }).ready(), { code: 'FST_ERR_NEXT_ROUTE_CONFLICT', message: /\[\.\.\.slug\]\/route\.ts' serves GET, HEAD.*\/\*/ })
  await app.close()
})
