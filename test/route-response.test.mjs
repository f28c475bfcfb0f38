// `Response` inside route modules: light for Response.json() and new Response(text), native otherwise,
// indistinguishable to the handler (instanceof, members, subclasses), and switchable off.
import t from 'tap'
import { withRouteResponse } from '../dist/route-response.js'
import { serve, writeApp } from './helper.mjs'

const dir = writeApp({
  'app/inspect/route.ts': `
    class Custom extends Response { get custom () { return 'yes' } }
    export async function GET () {
      const json = Response.json({ a: 1 }, { status: 201, headers: { 'x-h': '1' } })
      const text = new Response('hello', { status: 202, statusText: 'Fine' })
      const none = new Response(null, { status: 204 })
      const bytes = new Response(new Uint8Array([1, 2]))
      const custom = new Custom('c')
      let bad = 'no error'
      try { new Response('x', { status: 99 }) } catch (err) { bad = (err as Error).name }
      return Response.json({
        instances: [json, text, none, bytes, custom].map(r => r instanceof Response),
        json: [json.status, json.headers.get('content-type'), json.headers.get('x-h'), await json.clone().json()],
        text: [text.status, text.statusText, text.ok, text.headers.get('content-type'), await text.text(), text.bodyUsed],
        none: [none.status, none.body],
        bytes: bytes.headers.get('content-type'),
        custom: [custom instanceof Custom, custom.custom, await custom.text()],
        bad,
        name: Response.name
      })
    }`,
  'app/plain/route.ts': 'export function GET () { return new Response("plain", { headers: { "x-p": "1" } }) }',
  'app/own/route.ts': 'const Response = globalThis.Response\nexport function GET () { return new Response("own") }'
})

t.test('light and native responses look the same to handler code', async t => {
  const s = await serve(t, { dir })
  t.same(JSON.parse((await s.fetch('/inspect')).body), {
    instances: [true, true, true, true, true],
    json: [201, 'application/json', '1', { a: 1 }],
    text: [202, 'Fine', true, 'text/plain;charset=UTF-8', 'hello', true],
    none: [204, null],
    bytes: null,
    custom: [true, 'yes', 'c'],
    bad: 'RangeError',
    name: 'Response'
  })
  const plain = await s.fetch('/plain')
  t.same([plain.body, plain.headers['content-type'], plain.headers['x-p'], plain.headers['content-length']], ['plain', 'text/plain;charset=UTF-8', '1', '5'])
  t.equal((await s.fetch('/own')).body, 'own')
})

t.test('lightResponse: false keeps the global Response', async t => {
  // Native responses have Response.prototype itself as prototype; light ones a subclass prototype.
  const route = 'export function GET () { const r = Response.json(1); return Response.json({ native: Object.getPrototypeOf(r) === Response.prototype }) }'
  const on = await serve(t, { dir: writeApp({ 'app/p/route.ts': route }) })
  t.same(JSON.parse((await on.fetch('/p')).body), { native: false }, 'light by default')
  const off = await serve(t, { dir: writeApp({ 'app/p/route.ts': route }), lightResponse: false })
  t.same(JSON.parse((await off.fetch('/p')).body), { native: true }, 'native when switched off')
})

t.test('the source rewrite binds Response only where the file uses it and does not declare it', async t => {
  const bound = 'const Response = globalThis[Symbol.for("fastify-next-routes.RouteResponse")];'
  t.equal(withRouteResponse('export const GET = () => Response.json(1)'), bound + 'export const GET = () => Response.json(1)')
  t.equal(withRouteResponse('export const GET = () => new Response("x")'), bound + 'export const GET = () => new Response("x")')
  for (const source of [
    'export const GET = () => NextResponse.json(1)',
    'import { Response } from "undici"\nexport const GET = () => new Response("x")',
    'class Response {}\nexport const GET = () => new Response()',
    'export function GET (): Response { return x }'
  ]) t.equal(withRouteResponse(source), source, source)
})
