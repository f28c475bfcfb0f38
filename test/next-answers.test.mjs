// Differences issue 18 found (Next.js's own e2e suites), each checked against what `next start`
// 16.4.6 answered for the same files (test/fixtures/next-answers-{proxy,middleware}: the same
// middleware as proxy.ts, Node.js runtime, and as middleware.ts, Next's edge runtime; answers
// recorded by hand with curl, the port written as PORT).
import t from 'tap'
import { fileURLToPath } from 'node:url'
import { request } from 'node:http'
import Fastify from 'fastify'
import nextRoutes, { nextClientErrorHandler } from '../dist/index.js'

function send (port, path, { method = 'GET', headers = { cookie: 'a=1' } } = {}) {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers, agent: false }, res => {
      let body = ''
      res.on('data', d => { body += d })
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: body.replaceAll(`:${port}`, ':PORT') }))
    })
    req.on('error', reject)
    req.end()
  })
}

async function start (t, name, options = {}) {
  const app = Fastify(options)
  await app.register(nextRoutes, { dir: fileURLToPath(new URL(`./fixtures/next-answers-${name}`, import.meta.url)) })
  await app.listen({ port: 0, host: '127.0.0.1' })
  t.teardown(() => app.close())
  return app.server.address().port
}

const COOKIES = '{"before":{"name":"a","value":"1","path":"/"},"after":{"name":"b","value":"2","path":"/"},"reqGet":{"name":"a","value":"1"},"all":[{"name":"a","value":"1","path":"/"},{"name":"b","value":"2","path":"/"}]}'
const MALFORMED = '{"message":"URL is malformed \\"/x\\". Please use only absolute URLs - https://nextjs.org/docs/messages/middleware-relative-urls","name":"Error"}'
const UNDICI = '{"message":"Failed to parse URL from /x","name":"TypeError"}'

for (const [name, edge] of [['proxy', false], ['middleware', true]]) {
  t.test(`${name}.ts`, async t => {
    const port = await start(t, name)
    const cookie = await send(port, '/mw/cookie')
    t.equal(cookie.body, COOKIES, 'cookies().get()/getAll() carry path "/", request.cookies.get() does not')
    t.same(cookie.headers['set-cookie'], ['b=2; Path=/'])
    const next = await send(port, '/mw/next-headers')
    t.equal(next.headers['x-full'], 'v')
    t.notOk('x-empty' in next.headers, 'an empty-valued header of next({ headers }) is not sent')
    t.equal((await send(port, '/mw/url?a=1&b=two&a=3')).body, '{"url":"http://localhost:PORT/mw/url?a=1&a=3&b=two","search":"?a=1&a=3&b=two","sp":[["a","1"],["a","3"],["b","two"]]}', 'a repeated key is grouped in request.url, nextUrl.search and searchParams')
    t.equal((await send(port, '/target?a=1&b=two&a=3')).body, '{"url":"http://localhost:PORT/target?a=1&a=3&b=two"}', 'and in a route handler')
    t.equal((await send(port, '/mw/fetch-req')).body, edge ? MALFORMED : UNDICI, 'fetch(new Request("/x"))')
    t.equal((await send(port, '/mw/redirect-rel')).body, edge ? MALFORMED : UNDICI, 'Response.redirect("/x")')
    t.equal((await send(port, '/mw/fetch-ua')).body, `{"ua":"${edge ? 'Next.js Middleware' : 'node'}","url":"http://localhost:PORT/echo"}`, 'fetch() from the middleware: user-agent')
    const rewritten = await send(port, '/rewrite-query/edge?key=value')
    t.equal(rewritten.body, '{"key":"value","added":"yes"}', "a rewrite's destination query reaches an edge route handler")
    t.equal(rewritten.headers['x-middleware-rewrite'], '/edge-echo?key=value&added=yes')
  })
}

t.test('rewrite to an edge and a Node route handler (middleware.ts)', async t => {
  const port = await start(t, 'middleware')
  t.equal((await send(port, '/rw/edge?key=value&b=2&key=3')).body, '{"url":"http://localhost:PORT/rw/edge?key=value&key=3&b=2&added=yes","pathname":"/rw/edge"}', "edge: the client's path, the destination's query")
  t.equal((await send(port, '/rw/node?key=value')).body, '{"url":"http://localhost:PORT/rw/node?key=value","pathname":"/rw/node","sp":[["key","value"]]}', "Node: the client's URL")
  t.equal((await send(port, '/rh-cookie')).body, '{"before":{"name":"a","value":"1","path":"/"},"after":{"name":"b","value":"2","path":"/"},"all":[{"name":"a","value":"1","path":"/"},{"name":"b","value":"2","path":"/"}]}', 'cookies() in a route handler: path "/" too')
})

t.test('a method Node parser rejects: 400, no body, no content-type with nextClientErrorHandler', async t => {
  const port = await start(t, 'proxy', { clientErrorHandler: nextClientErrorHandler })
  const res = await send(port, '/target', { method: 'HEADER', headers: {} })
  t.equal(res.status, 400)
  t.equal(res.body, '')
  t.notOk('content-type' in res.headers)
  const plain = await start(t, 'proxy')
  const fastify = await send(plain, '/target', { method: 'HEADER', headers: {} })
  t.equal(fastify.status, 400)
  t.match(fastify.headers['content-type'], /json/, "without it: Fastify's default (documented in docs/compatibility.md)")
})
