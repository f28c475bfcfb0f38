#!/usr/bin/env node
// Micro-benchmarks of the conversion functions, outside any server: what one Node request -> Web
// Request and one Web Response -> reply step costs, next to what undici's own classes cost for the
// same work. ns per operation, median of 7 batches after a warm-up batch. For orientation only:
// the end-to-end numbers come from run.mjs.
//
//   node micro.mjs            (build the package first: npm run build in the repository root)
import { Socket } from 'node:net'
import { IncomingMessage } from 'node:http'
import { compileMatcher } from '../dist/matcher.js'
import { createRequest } from '../dist/request.js'
import { NextResponse } from '../dist/next/server.js'
import { lightResponse } from '../dist/next/response.js'
import { median } from './common.mjs'

const BATCH = 50_000
let sink

function bench (name, fn) {
  const times = []
  for (let batch = 0; batch < 8; batch++) {
    const start = process.hrtime.bigint()
    for (let i = 0; i < BATCH; i++) sink = fn(i)
    const ns = Number(process.hrtime.bigint() - start) / BATCH
    if (batch > 0) times.push(ns) // the first batch warms the JIT up
  }
  return { name, ns: Math.round(median(times)) }
}

// A Fastify request as createRequest reads it: the Node request, its url, routeOptions.
function fakeRequest () {
  const raw = new IncomingMessage(new Socket())
  raw.method = 'GET'
  raw.url = '/api/items/42?sort=asc'
  raw.rawHeaders = ['Host', 'localhost:3000', 'User-Agent', 'autocannon', 'Accept', 'application/json', 'Cookie', 'a=1; b=2']
  raw.headers = { host: 'localhost:3000', 'user-agent': 'autocannon', accept: 'application/json', cookie: 'a=1; b=2' }
  return { raw, url: raw.url, method: 'GET', headers: raw.headers, routeOptions: { bodyLimit: 1048576 }, host: 'localhost:3000' }
}
const request = fakeRequest()
const reply = { raw: { once () {}, off () {} } }
const settings = { hostname: 'localhost', trustHostHeader: false }
const body = JSON.stringify({ hello: 'world', items: [1, 2, 3] })
const matcher = compileMatcher(['/admin/:path*', '/api/private/:path*'], { file: 'proxy.ts' })
const view = { header: () => undefined, cookie: () => undefined, query: () => undefined, host: () => undefined }

const rows = [
  ['request: url + one header', [
    bench('NextRequest from the Node request (light)', () => { const r = createRequest(request, reply, settings); return r.url.length + r.headers.get('accept').length }),
    bench('new Request(url, { headers }) (undici)', () => { const r = new Request('http://localhost:3000/api/items/42?sort=asc', { headers: request.headers }); return r.url.length + r.headers.get('accept').length })
  ]],
  ['request: nextUrl.pathname', [
    bench('NextRequest from the Node request (light)', () => createRequest(request, reply, settings).nextUrl.pathname)
  ]],
  ['response: JSON', [
    bench('NextResponse.json() (light)', () => NextResponse.json({ hello: 'world', items: [1, 2, 3] })),
    bench('Response.json() (undici)', () => Response.json({ hello: 'world', items: [1, 2, 3] }))
  ]],
  ['response: text body', [
    bench('new Response(text) in a route module (light)', () => lightResponse(body, { status: 200 })),
    bench('new Response(text) (undici)', () => new Response(body, { status: 200 }))
  ]],
  ['middleware result', [
    bench('NextResponse.next({ headers }) (light)', () => NextResponse.next({ headers: { 'x-mw': '1' } })),
    bench('new Response(null, { headers }) (undici)', () => new Response(null, { headers: { 'x-middleware-next': '1', 'x-mw': '1' } }))
  ]],
  ['matcher', [
    bench('compiled matcher, unmatched path', i => matcher.matches(i % 2 === 0 ? '/json' : '/users/1', view)),
    bench('compiled matcher, matched path', () => matcher.matches('/admin/users', view))
  ]]
]

console.log(`Node ${process.version}, ${BATCH} operations per batch\n`)
console.log('| step | implementation | ns/op |\n|---|---|---:|')
for (const [step, results] of rows) for (const r of results) console.log(`| ${step} | ${r.name} | ${r.ns.toLocaleString('en-US')} |`)
if (sink === undefined) console.log('')
