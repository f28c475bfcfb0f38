import t from 'tap'
import { createServer } from 'node:http'
import { once } from 'node:events'
import { join } from 'node:path'
import { fixtures, serve } from './helper.mjs'

const dir = join(fixtures, 'middleware')

async function setup (t, opts = {}) {
  const logs = []
  const s = await serve(t, { dir, ...opts }, { logs, setup: app => { app.get('/legacy', async (req) => ({ legacy: true, seen: req.headers['x-legacy-seen'] ?? null })) } })
  s.logs = logs
  return s
}

// A real upstream for external rewrites, recording what reached it.
async function upstream (t) {
  const seen = []
  const server = createServer((req, res) => {
    let body = ''
    req.on('data', c => { body += c })
    req.on('end', () => {
      seen.push({ method: req.method, url: req.url, headers: req.headers, body })
      res.writeHead(201, { 'content-type': 'text/plain', 'x-upstream': '1' })
      res.end('from upstream ' + body)
    })
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  t.teardown(() => server.close())
  return { url: `http://127.0.0.1:${server.address().port}`, seen }
}

t.test('no result: the request continues untouched', async t => {
  const s = await setup(t)
  const res = await s.fetch('/echo?a=1')
  t.equal(res.status, 200)
  t.equal(JSON.parse(res.body).url, `http://localhost:${s.port}/echo?a=1`)
})

t.test('next() headers go to the response (middleware wins) and to the request', async t => {
  const s = await setup(t)
  const res = await s.fetch('/echo?op=header')
  t.equal(res.headers['x-mw-ran'], '1')
  t.equal(res.headers['cache-control'], 'private, x-mw', 'middleware wins over the handler')
  t.equal(res.headers['x-from'], 'handler')
  t.equal(JSON.parse(res.body).headers['x-mw-ran'], '1')
  t.notOk(res.headers['x-middleware-next'], 'protocol headers never reach the client')
})

t.test('next({ request: { headers } }) replaces the downstream header set', async t => {
  const s = await setup(t)
  const only = JSON.parse((await s.fetch('/echo?op=override', { headers: { 'x-secret': 's' } })).body).headers
  t.equal(only['x-only'], 'yes')
  t.notOk(only['x-secret'], 'headers not listed are gone')
  t.notOk(only.host, 'even host')
  const added = JSON.parse((await s.fetch('/echo?op=add-header', { headers: { 'x-remove': '1', 'x-keep': 'k' } })).body).headers
  t.same([added['x-added'], added['x-keep'], added['x-remove']], ['a', 'k', undefined])
})

t.test('internal rewrite: re-dispatched, query replaced, original url kept, target shown to the client', async t => {
  const s = await setup(t)
  const res = await s.fetch('/item/1?op=rewrite')
  t.equal(res.status, 200)
  const body = JSON.parse(res.body)
  t.equal(body.url, `http://localhost:${s.port}/item/1?op=rewrite`, 'handler sees the original URL, as in Next')
  t.equal(res.headers['x-middleware-rewrite'], '/echo?from=rewrite')
  const dyn = JSON.parse((await s.fetch('/echo?op=rewrite-dyn&keep=1')).body)
  t.same(dyn.params, { id: '42' })
  const missing = await s.fetch('/anything?op=rewrite-missing')
  t.equal(missing.status, 404)
})

t.test('rewrite from a path with no route onto the app\'s own Fastify route', async t => {
  const s = await setup(t)
  const res = await s.fetch('/no/such/path?op=rewrite-legacy')
  t.equal(res.status, 200)
  t.same(JSON.parse(res.body), { legacy: true, seen: null })
  t.same(JSON.parse((await s.fetch('/legacy')).body), { legacy: true, seen: '1' }, 'middleware sees the app\'s own routes')
})

t.test('external rewrite is proxied with method, headers and body; unreachable gives 502', async t => {
  const up = await upstream(t)
  const s = await setup(t)
  const res = await s.fetch('/echo?op=rewrite-external', { method: 'POST', headers: { 'x-upstream': up.url, 'content-type': 'text/plain' }, body: 'payload' })
  t.equal(res.status, 201)
  t.equal(res.body, 'from upstream payload')
  t.equal(res.headers['x-upstream'], '1')
  t.match(up.seen[0], { method: 'POST', url: '/ext?x=1', body: 'payload', headers: { 'x-upstream': up.url } })
  const dead = await s.fetch('/echo?op=rewrite-external', { headers: { 'x-upstream': 'http://127.0.0.1:1' } })
  t.equal(dead.status, 502)
  t.ok(s.logs.some(l => /upstream unreachable/.test(l.msg)), 'logged')
})

t.test('redirects as Next sends them', async t => {
  const s = await setup(t)
  const r = await s.fetch('/echo?op=redirect')
  t.equal(r.status, 307)
  t.equal(r.headers.location, '/item/1?x=1', 'same-origin Location made relative')
  t.equal(r.body, '/item/1?x=1')
  t.equal((await s.fetch('/echo?op=redirect-301')).status, 301)
  const r308 = await s.fetch('/echo?op=redirect-308')
  t.equal(r308.headers.refresh, '0;url=/item/1')
  t.equal((await s.fetch('/echo?op=redirect-external')).headers.location, 'https://example.com/x')
  const rc = await s.fetch('/echo?op=redirect-cookie')
  t.same([rc.status, rc.headers['set-cookie'], rc.headers['x-redirect-header']], [307, 'rc=1; Path=/', 'hi'])
})

t.test('a Location with a non-3xx status is a plain header, never followed (CVE-2025-57822)', async t => {
  const up = await upstream(t)
  const s = await setup(t)
  const res = await s.fetch('/echo?op=location-200', { headers: { 'x-upstream': up.url } })
  t.same([res.status, res.body, res.headers.location], [200, 'hello', up.url + '/ssrf'])
  const reflected = await s.fetch('/echo?op=reflect', { headers: { location: up.url + '/x' } })
  t.equal(reflected.status, 200)
  t.equal(up.seen.length, 0, 'nothing reached the upstream')
})

t.test('direct responses, errors and bad returns', async t => {
  const s = await setup(t)
  const denied = await s.fetch('/echo?op=respond')
  t.same([denied.status, denied.body, denied.headers['www-authenticate']], [401, 'denied', 'Basic'])
  const json = await s.fetch('/echo?op=json')
  t.same([json.status, json.body], [403, '{"ok":false}'])
  const thrown = await s.fetch('/echo?op=throw')
  t.same([thrown.status, thrown.body], [500, ''])
  t.ok(s.logs.some(l => l.msg === 'middleware failed' && l.err.message === 'middleware secret'))
  const bad = await s.fetch('/echo?op=bad-return')
  t.equal(bad.status, 500)
  t.ok(s.logs.some(l => l.err?.message === 'Expected an instance of Response to be returned'))
  const nextBody = await s.fetch('/echo?op=next-body')
  t.equal(nextBody.status, 200, 'a body on a continue response is dropped')
  t.equal(nextBody.headers['x-kept'], '1')
  t.equal(JSON.parse(nextBody.body).method, 'GET')
})

t.test('cookies: middleware Set-Cookie first, and the handler sees them', async t => {
  const s = await setup(t)
  const res = await s.fetch('/echo?op=cookies', { headers: { cookie: 'old=1; keep=2' } })
  t.same(res.headers['set-cookie'], ['a=1; Path=/', 'b=x%20y; Path=/', 'old=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT', 'fromhandler=1; Path=/'])
  t.same(JSON.parse(res.body).cookies.sort(), ['a=1', 'b=x y', 'keep=2', 'old='], 'deleted cookies are blanked, as Next does')
})

t.test('the body can be read by the middleware and again by the handler', async t => {
  const s = await setup(t)
  const res = await s.fetch('/echo?op=readbody', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hello=1' })
  t.equal(res.headers['x-mw-body'], '7')
  t.equal(JSON.parse(res.body).body, 'hello=1')
})

t.test('waitUntil does not delay the response and is awaited on close', async t => {
  const s = await setup(t)
  const res = await s.fetch('/echo?op=wait')
  t.equal(res.headers['x-waited'], '0')
  t.equal((await s.fetch('/echo?op=waited')).body, '0', 'still pending after the response')
  const started = Date.now()
  await s.app.close()
  t.ok(Date.now() - started >= 150, 'close waited for the pending promise')
})

t.test('client-sent protocol headers never steer anything', async t => {
  const s = await setup(t)
  const res = await s.fetch('/echo', { headers: { 'x-middleware-rewrite': '/item/9', 'x-middleware-next': '1', 'x-middleware-set-cookie': 'evil=1', 'x-matched-path': '/item/9' } })
  const body = JSON.parse(res.body)
  t.equal(body.method, 'GET')
  t.notOk(body.headers['x-middleware-rewrite'])
  t.notOk(body.headers['x-matched-path'])
  t.same(body.cookies, [])
})

t.test('middlewareScope "routes" leaves the app\'s own routes alone', async t => {
  const s = await setup(t, { middlewareScope: 'routes' })
  t.same(JSON.parse((await s.fetch('/legacy')).body), { legacy: true, seen: null })
  t.equal((await s.fetch('/echo?op=respond')).status, 401)
})
