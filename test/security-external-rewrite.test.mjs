// Attack class: external rewrites. The proxy to another origin tells the upstream where the request
// came from by the connection, never by what the client claims (X-Forwarded-*), forwards a body the
// middleware already read in full, and a body over bodyLimit is a 413 in every path.
import t from 'tap'
import { createServer } from 'node:http'
import { once } from 'node:events'
import { request as httpRequest } from 'node:http'
import { serve, writeApp } from './helper.mjs'

const dir = writeApp({
  'app/echo/route.js': 'export const POST = async (request) => new Response(await request.text())',
  'proxy.js': `import { NextResponse } from 'next/server'
export async function proxy (request) {
  const upstream = request.headers.get('x-upstream')
  if (request.nextUrl.searchParams.has('read')) await request.text()
  if (upstream !== null) return NextResponse.rewrite(new URL('/seen', upstream))
}`
})

async function upstream (t) {
  const seen = []
  const server = createServer((req, res) => {
    let body = ''
    req.on('data', c => { body += c })
    req.on('end', () => { seen.push({ headers: req.headers, body }); res.end('upstream') })
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  t.teardown(() => server.close())
  return { url: `http://127.0.0.1:${server.address().port}`, seen }
}

t.test('X-Forwarded-* come from the connection', async t => {
  const up = await upstream(t)
  const s = await serve(t, { dir })
  const res = await s.fetch('/anything', { headers: { 'x-upstream': up.url, 'x-forwarded-host': 'evil.example', 'x-forwarded-for': '10.9.9.9', 'x-forwarded-proto': 'https', 'x-forwarded-port': '1' } })
  t.equal(res.body, 'upstream')
  const h = up.seen[0].headers
  t.equal(h['x-forwarded-host'], `127.0.0.1:${s.port}`)
  t.equal(h['x-forwarded-for'], '127.0.0.1')
  t.equal(h['x-forwarded-proto'], 'http')
  t.equal(h['x-forwarded-port'], String(s.port))
})

t.test('a body the middleware read reaches the upstream in full', async t => {
  const up = await upstream(t)
  const s = await serve(t, { dir })
  const payload = 'x'.repeat(50_000)
  const res = await s.fetch('/anything?read=1', { method: 'POST', headers: { 'x-upstream': up.url, 'content-type': 'text/plain' }, body: payload })
  t.equal(res.status, 200)
  t.equal(up.seen[0].body.length, payload.length, 'upstream got every byte')
  t.equal(up.seen[0].headers['content-length'], String(payload.length))
})

// Resolves with the status as soon as it arrives: the server may close while the body is still
// being written (its answer came first), which the client sees as a reset afterwards.
function postChunked (port, path, size) {
  return new Promise((resolve, reject) => {
    let answered = false
    const req = httpRequest({ host: '127.0.0.1', port, path, method: 'POST', agent: false, headers: { 'content-type': 'text/plain', 'transfer-encoding': 'chunked' } }, res => {
      answered = true
      res.resume()
      resolve(res.statusCode)
    })
    req.on('error', err => { if (!answered) reject(err) })
    const chunk = Buffer.alloc(16_384, 'a')
    let sent = 0
    const pump = () => {
      while (sent < size && !answered) {
        sent += chunk.length
        if (!req.write(chunk)) return req.once('drain', pump)
      }
      req.end()
    }
    pump()
  })
}

t.test('over bodyLimit: 413 whether the middleware or the handler reads it', async t => {
  const s = await serve(t, { dir }, { fastify: { bodyLimit: 100_000 } })
  t.equal(await postChunked(s.port, '/echo?read=1', 300_000), 413, 'read by the middleware')
  t.equal(await postChunked(s.port, '/echo', 300_000), 413, 'read by the handler')
})

t.test('over bodyLimit on an external rewrite: 413, and the upstream gets no more than the limit', async t => {
  const up = await upstream(t)
  const s = await serve(t, { dir }, { fastify: { bodyLimit: 100_000 } })
  const declared = await s.fetch('/anything', { method: 'POST', headers: { 'x-upstream': up.url, 'content-type': 'text/plain' }, body: 'x'.repeat(150_000) })
  t.equal(declared.status, 413, 'declared length over the limit')
  t.equal(up.seen.length, 0, 'never sent upstream')
  const chunked = await new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: s.port, path: '/anything', method: 'POST', agent: false, headers: { 'x-upstream': up.url, 'transfer-encoding': 'chunked' } }, res => { res.resume(); resolve(res.statusCode) })
    req.on('error', reject)
    req.end(Buffer.alloc(300_000, 'a'))
  })
  t.equal(chunked, 413, 'chunked body over the limit')
  t.ok(up.seen.every(r => r.body.length <= 100_000 + 65_536), 'the upstream saw at most the limit (plus one chunk)')
})

t.test("a middleware reading the body of a pages/api request keeps the app's bodyLimit", async t => {
  const api = writeApp({
    'pages/api/upload.js': 'export default function handler (req, res) { res.json({ size: JSON.stringify(req.body).length }) }',
    'proxy.js': 'export async function proxy (request) { await request.text() }'
  })
  const s = await serve(t, { dir: api }, { fastify: { bodyLimit: 100_000 } })
  t.equal(await postChunked(s.port, '/api/upload', 300_000), 413)
})
