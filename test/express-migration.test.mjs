// examples/express-migration: Express middleware (cors, helmet, morgan, express-session) through
// @fastify/middie, before the route files, over real HTTP.
import t from 'tap'
import { request } from 'undici'
import { build } from '../examples/express-migration/app.mjs'

async function start (t) {
  const lines = []
  const app = await build({ logStream: { write: line => lines.push(line) } })
  await app.listen({ port: 0, host: '127.0.0.1' })
  t.teardown(() => app.close())
  const origin = `http://127.0.0.1:${app.server.address().port}`
  const fetch = async (path, init = {}) => {
    const res = await request(origin + path, init)
    return { status: res.statusCode, headers: res.headers, body: await res.body.text() }
  }
  return { fetch, lines }
}

t.test("the middleware's headers survive into the route handler's response", async t => {
  const { fetch } = await start(t)
  const res = await fetch('/api/hello', { headers: { origin: 'https://app.example.com' } })
  t.equal(res.status, 200)
  t.same(JSON.parse(res.body), { hello: 'world' })
  t.equal(res.headers['x-handler'], '1', "the handler's own header")
  t.equal(res.headers['content-type'], 'application/json', "and its content type")
  t.equal(res.headers['access-control-allow-origin'], 'https://app.example.com', 'cors')
  t.equal(res.headers['access-control-allow-credentials'], 'true', 'cors')
  t.equal(res.headers['x-content-type-options'], 'nosniff', 'helmet')
  t.match(res.headers['content-security-policy'], /default-src 'self'/, 'helmet')
  t.equal(res.headers['x-powered-by'], undefined, 'helmet removed it (and Fastify never sets it)')
})

t.test('cors answers a preflight before any route file runs', async t => {
  const { fetch } = await start(t)
  const res = await fetch('/api/login', { method: 'OPTIONS', headers: { origin: 'https://app.example.com', 'access-control-request-method': 'POST' } })
  t.equal(res.status, 204)
  t.match(res.headers['access-control-allow-methods'], /POST/)
  t.equal(res.headers.allow, undefined, "not Next's automatic OPTIONS: cors ended the request first")
})

t.test('morgan logs every request', async t => {
  const { fetch, lines } = await start(t)
  await fetch('/api/hello')
  await fetch('/api/nowhere')
  await new Promise(resolve => setTimeout(resolve, 20))
  t.match(lines[0], /^GET \/api\/hello 200 \d+ - [\d.]+ ms/)
  t.match(lines[1], /^GET \/api\/nowhere 404/)
})

t.test('express-session: a handler writes the session, a later request reads it', async t => {
  const { fetch } = await start(t)
  t.equal((await fetch('/api/me')).status, 401)
  const login = await fetch('/api/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"ada"}' })
  t.equal(login.status, 200)
  const cookie = [].concat(login.headers['set-cookie'])[0]
  t.match(cookie, /^connect\.sid=/, 'the session cookie express-session set reaches the client')
  const me = await fetch('/api/me', { headers: { cookie: cookie.split(';')[0] } })
  t.equal(me.status, 200)
  t.same(JSON.parse(me.body), { user: { name: 'ada' }, tenant: 'default', ip: '127.0.0.1' }, 'session, a Fastify decorator and request.ip')
})

t.test("a handler's own cookie and express-session's both reach the client", async t => {
  const { fetch } = await start(t)
  const res = await fetch('/api/prefs', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"theme":"dark"}' })
  t.equal(res.status, 200)
  const cookies = [].concat(res.headers['set-cookie'])
  t.ok(cookies.some(c => c.startsWith('theme=dark;')), "the handler's cookie")
  t.ok(cookies.some(c => c.startsWith('connect.sid=')), "express-session's cookie")
})
