// `export const schema` in a route file: Fastify validates (its own 400 format), the handler still
// reads the body itself, and @fastify/swagger lists the route with Next's param names.
import t from 'tap'
import Fastify from 'fastify'
import swagger from '@fastify/swagger'
import nextRoutes from '../dist/index.js'
import { serve, writeApp } from './helper.mjs'

const dir = writeApp({
  'app/users/[id]/route.ts': `
    export const schema = {
      params: { type: 'object', properties: { id: { type: 'string', pattern: '^[0-9]+$' } }, required: ['id'] },
      querystring: { type: 'object', properties: { verbose: { type: 'boolean' } } },
      headers: { type: 'object', properties: { 'x-tenant': { type: 'string', minLength: 2 } } },
      body: { type: 'object', properties: { name: { type: 'string', minLength: 1 } }, required: ['name'], additionalProperties: false },
      response: { 200: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' } } } }
    }
    export async function GET (request: Request, { params }: { params: Promise<{ id: string }> }) {
      return Response.json({ id: (await params).id, verbose: new URL(request.url).searchParams.get('verbose') })
    }
    export async function PUT (request: Request, { params }: { params: Promise<{ id: string }> }) {
      const text = await request.text()
      return Response.json({ id: (await params).id, raw: text, name: JSON.parse(text).name })
    }
    export async function DELETE () {
      return new Response(null, { status: 204 })
    }`,
  'app/stream/route.ts': `
    export const schema = { body: { type: 'object', required: ['a'] } }
    export async function POST (request: Request) {
      return new Response(request.body)
    }`,
  'app/odd/[user-id]/route.ts': `
    export async function GET (_r: Request, { params }: { params: Promise<Record<string, string>> }) {
      return Response.json(await params)
    }`,
  'app/odd/[user-id]/x/[y]/route.ts': `
    export async function GET (_r: Request, { params }: { params: Promise<Record<string, string>> }) {
      return Response.json(await params)
    }`
})

t.test('valid requests reach the handler, which reads the body as sent', async t => {
  const s = await serve(t, { dir })
  const get = await s.fetch('/users/12?verbose=true', { headers: { 'x-tenant': 'acme' } })
  t.equal(get.status, 200)
  t.same(JSON.parse(get.body), { id: '12', verbose: 'true' }, 'the handler sees the query as sent (no coercion)')
  const put = await s.fetch('/users/12', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{ "name": "Ada" }' })
  t.equal(put.status, 200)
  t.same(JSON.parse(put.body), { id: '12', raw: '{ "name": "Ada" }', name: 'Ada' }, 'request.text() gets the exact bytes')
  const piped = await s.fetch('/stream', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1}' })
  t.equal(piped.body, '{"a":1}', 'request.body (the stream) replays the bytes read for validation')
})

t.test("invalid requests get Fastify's 400, the handler does not run", async t => {
  const s = await serve(t, { dir })
  const cases = [
    [{ path: '/users/abc' }, /^params\/id must match pattern/],
    [{ path: '/users/1?verbose=maybe' }, /^querystring\/verbose must be boolean/],
    [{ path: '/users/1', init: { headers: { 'x-tenant': 'a' } } }, /^headers\/x-tenant must NOT have fewer than 2 characters/],
    [{ path: '/users/1', init: { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"name":""}' } }, /^body\/name must NOT have fewer than 1 characters/],
    [{ path: '/users/1', init: { method: 'PUT', headers: { 'content-type': 'text/plain' }, body: 'name=x' } }, /^body must be object/]
  ]
  for (const [{ path, init }, message] of cases) {
    const res = await s.fetch(path, init)
    t.equal(res.status, 400, `${init?.method ?? 'GET'} ${path}`)
    const body = JSON.parse(res.body)
    t.equal(body.code, 'FST_ERR_VALIDATION')
    t.equal(body.error, 'Bad Request')
    t.match(body.message, message)
  }
  const bad = await s.fetch('/users/1', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"name":' })
  t.equal(bad.status, 400, 'invalid JSON is a 400 too')
  t.equal((await s.fetch('/users/1', { method: 'DELETE' })).status, 400, 'a method with a body schema needs the body')
  t.equal((await s.fetch('/users/1', { method: 'HEAD' })).status, 200, 'GET/HEAD are validated without the body schema')
})

t.test("extra properties: Fastify's ajv strips them from request.body, the handler reads the bytes as sent", async t => {
  const put = { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"name":"x","admin":true}' }
  const loose = await serve(t, { dir })
  const res = await loose.fetch('/users/1', put)
  t.equal(res.status, 200, "Fastify's default removeAdditional: the request passes")
  t.match(JSON.parse(res.body).raw, /admin/, 'and request.text()/json() still see the extra property')
  const strict = await serve(t, { dir }, { fastify: { ajv: { customOptions: { removeAdditional: false } } } })
  const refused = await strict.fetch('/users/1', put)
  t.equal(refused.status, 400, 'with removeAdditional: false, additionalProperties: false refuses it')
  t.match(JSON.parse(refused.body).message, /^body must NOT have additional properties/)
})

t.test('a body over bodyLimit is refused before validation', async t => {
  const s = await serve(t, { dir }, { fastify: { bodyLimit: 100 } })
  const res = await s.fetch('/users/1', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'x'.repeat(200) }) })
  t.equal(res.status, 413)
})

t.test('params keep Next names for Fastify; odd names fall back to positional ones', async t => {
  const s = await serve(t, { dir }, {
    setup: app => app.addHook('onRequest', async (request, reply) => { reply.header('x-params', JSON.stringify(request.params)) })
  })
  t.equal((await s.fetch('/users/7')).headers['x-params'], '{"id":"7"}')
  const odd = await s.fetch('/odd/u1/x/2')
  t.same(JSON.parse(odd.body), { 'user-id': 'u1', y: '2' }, 'the handler still gets Next names')
  t.equal((await s.fetch('/odd/u1')).status, 200)
})

t.test('@fastify/swagger lists schema routes with their params', async t => {
  const app = Fastify()
  await app.register(swagger, { openapi: { info: { title: 't', version: '1' } } })
  await app.register(nextRoutes, { dir })
  await app.ready()
  t.teardown(() => app.close())
  const doc = app.swagger()
  const path = doc.paths['/users/{id}']
  t.ok(path, 'the route is listed under its Next param name')
  t.ok(path.get && path.put && path.delete, 'with its methods')
  t.same(path.get.parameters.find(p => p.in === 'path').name, 'id')
  t.ok(path.put.requestBody.content['application/json'].schema.required.includes('name'), 'the body schema')
  t.ok(path.get.responses['200'], 'and the response schema')
})

t.test('a malformed schema export fails startup naming the file', async t => {
  const app = Fastify()
  const bad = writeApp({ 'app/x/route.ts': 'export const schema = { bodyy: {} }\nexport function GET () { return new Response("x") }' })
  await t.rejects(app.register(nextRoutes, { dir: bad }).ready(), { code: 'FST_ERR_NEXT_SCHEMA', message: /x\/route\.ts': unknown key 'bodyy'/ })
  await app.close()
})
