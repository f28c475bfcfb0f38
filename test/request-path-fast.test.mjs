// The request path's shortcuts (docs/benchmarks.md) give what the long way gives:
// NextResponse.next() with plain headers lists them without a Headers object; request bodies are
// decoded with Buffer and read in one promise; the pass-through parser is also registered under
// the usual content types; the CLI's request loggers are made on first use.
import t from 'tap'
import { Readable, Writable } from 'node:stream'
import fc from 'fast-check'
import Fastify from 'fastify'
import { request as undiciRequest } from 'undici'
import { NextResponse } from '../dist/next/server.js'
import { plainHeaderEntries } from '../dist/next/response.js'
import { requestLogging } from '../dist/request-logging.js'
import { serve, writeApp } from './helper.mjs'

// What next() stood for before the shortcut: a Headers from the init plus x-middleware-next.
function reference (init) {
  try {
    const h = new Headers(init?.headers)
    h.set('x-middleware-next', '1')
    // The status checks Response makes (status 200-599, a valid reason phrase).
    const res = new Response(null, { status: init?.status ?? 200, statusText: init?.statusText, headers: h })
    return { headers: [...res.headers], status: res.status, statusText: res.statusText }
  } catch (err) {
    return { threw: err.constructor.name }
  }
}

function actual (init) {
  try {
    const res = NextResponse.next(init)
    return { headers: [...res.headers], status: res.status, statusText: res.statusText }
  } catch (err) {
    return { threw: err.constructor.name }
  }
}

t.test('next(init) has the headers, status and errors a Headers-built response has', async t => {
  const nullProto = Object.assign(Object.create(null), { 'x-q': 'r' })
  const cases = {
    none: undefined,
    empty: {},
    'no headers': { status: 201 },
    plain: { headers: { 'x-mw': '1' } },
    'several, unsorted': { headers: { 'x-b': '2', 'a-first': '1', 'x-a': '3', zz: 'last' } },
    'upper-case name': { headers: { 'X-Upper': 'v' } },
    'names differing in case': { headers: { 'x-a': '1', 'X-A': '2' } },
    'value with spaces around': { headers: { 'x-a': '  v  ' } },
    'value with a tab inside': { headers: { 'x-a': 'a\tb' } },
    'empty value': { headers: { 'x-a': '' } },
    'control character': { headers: { 'x-a': 'a\x01b' } },
    'newline in value': { headers: { 'x-a': 'a\nb' } },
    'char above 0xff': { headers: { 'x-a': 'é€' } },
    'latin-1 value': { headers: { 'x-a': 'café' } },
    'number value': { headers: { 'x-n': 1 } },
    'invalid name': { headers: { 'x a': '1' } },
    'set-cookie': { headers: { 'set-cookie': 'a=1', 'x-a': '1' } },
    'x-middleware-next given': { headers: { 'x-middleware-next': '0', 'x-a': '1' } },
    'protocol header given': { headers: { 'x-middleware-rewrite': 'http://localhost/x' } },
    'null prototype': { headers: nullProto },
    'symbol key': { headers: { [Symbol('s')]: 'x', 'x-a': '1' } },
    'Headers instance': { headers: new Headers({ 'x-h': '1' }) },
    'array of pairs': { headers: [['x-b', '1'], ['x-a', '2']] },
    'status 299 and a reason': { status: 299, statusText: 'Fine', headers: { 'x-a': '1' } },
    'status 600': { status: 600, headers: { 'x-a': '1' } },
    'status 199': { status: 199 },
    'bad reason': { statusText: 'a\nb', headers: { 'x-a': '1' } }
  }
  for (const [name, init] of Object.entries(cases)) t.same(actual(init), reference(init), name)
})

t.test('a next() response changed after the fact is read from its Headers', async t => {
  const res = NextResponse.next({ headers: { 'x-a': '1' } })
  res.headers.set('x-b', '2')
  t.same([...res.headers], [['x-a', '1'], ['x-b', '2'], ['x-middleware-next', '1']])
  const withCookie = NextResponse.next({ headers: { 'x-a': '1' } })
  withCookie.cookies.set('c', 'v')
  t.equal(withCookie.headers.get('x-a'), '1')
  t.match(withCookie.headers.get('set-cookie'), /^c=v/)
})

t.test('the middleware applies a plain next() as a Headers-built one, through HTTP', async t => {
  const dir = writeApp({
    'middleware.ts': `import { NextResponse } from 'next/server'
export function middleware (request) {
  const kind = request.nextUrl.searchParams.get('kind')
  if (kind === 'plain') return NextResponse.next({ headers: { 'x-b': '2', 'x-a': '1', 'x-empty': '' } })
  if (kind === 'headers') return NextResponse.next({ headers: new Headers({ 'x-b': '2', 'x-a': '1', 'x-empty': '' }) })
  if (kind === 'changed') { const res = NextResponse.next({ headers: { 'x-a': '1' } }); res.headers.set('x-b', '2'); res.headers.set('x-empty', ''); return res }
  return NextResponse.next()
}`,
    'app/echo/route.ts': `export function GET (request) {
  return Response.json({ a: request.headers.get('x-a'), b: request.headers.get('x-b'), empty: request.headers.get('x-empty') })
}`
  })
  const { fetch } = await serve(t, { dir })
  const answers = {}
  for (const kind of ['plain', 'headers', 'changed']) {
    const res = await fetch(`/echo?kind=${kind}`)
    answers[kind] = { status: res.status, a: res.headers['x-a'], b: res.headers['x-b'], empty: res.headers['x-empty'], next: res.headers['x-middleware-next'], body: JSON.parse(res.body) }
  }
  t.same(answers.plain, { status: 200, a: '1', b: '2', empty: undefined, next: undefined, body: { a: '1', b: '2', empty: '' } })
  t.same(answers.headers, answers.plain, 'a Headers init answers the same')
  t.same(answers.changed, answers.plain, 'headers set after next() answer the same')
  const bare = await fetch('/echo')
  t.same([bare.status, JSON.parse(bare.body)], [200, { a: null, b: null, empty: null }])
})

t.test('request bodies: text() and json() decode as Body does, under every content type', async t => {
  const dir = writeApp({
    'app/text/route.ts': `export async function POST (request) {
  return Response.json({ text: await request.text(), type: request.headers.get('content-type') })
}`,
    'app/json/route.ts': `export async function POST (request) {
  try { return Response.json({ value: await request.json() }) } catch (err) { return Response.json({ error: err.name }, { status: 400 }) }
}`,
    'app/twice/route.ts': `export async function POST (request) {
  const first = await request.text()
  try { await request.json(); return new Response('read twice') } catch (err) { return Response.json({ first, second: err.name }) }
}`
  })
  const { fetch } = await serve(t, { dir })
  // A leading BOM is dropped, malformed UTF-8 becomes U+FFFD as TextDecoder makes it.
  const bytes = Buffer.from([0xef, 0xbb, 0xbf, 0x61, 0xc0, 0x80, 0xed, 0xa0, 0x80, 0xe2, 0x82, 0x62, 0xf0, 0x9f, 0x98])
  const decoded = new TextDecoder().decode(bytes)
  for (const type of ['text/plain', 'application/json', 'application/json; charset=utf-8', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/octet-stream', 'Text/Plain']) {
    const res = await fetch('/text', { method: 'POST', headers: { 'content-type': type }, body: bytes })
    t.same([res.status, JSON.parse(res.body)], [200, { text: decoded, type }], `text() under ${type}`)
  }
  const bom = await fetch('/json', { method: 'POST', headers: { 'content-type': 'application/json' }, body: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"a":[1,2]}')]) })
  t.same(JSON.parse(bom.body), { value: { a: [1, 2] } }, 'json() after a BOM')
  const bad = await fetch('/json', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":' })
  t.same([bad.status, JSON.parse(bad.body)], [400, { error: 'SyntaxError' }], 'malformed JSON rejects with a SyntaxError')
  const twice = await fetch('/twice', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'once' })
  t.same(JSON.parse(twice.body), { first: 'once', second: 'TypeError' }, 'a second read is refused')
  const big = await fetch('/text', { method: 'POST', headers: { 'content-type': 'application/json' }, body: 'x'.repeat(2 * 1024 * 1024) })
  t.equal(big.status, 413, 'a declared oversize JSON body is refused')
})

// Properties: what a middleware puts in next({ headers }) (often copied from the request an attacker
// sent) and the bytes a client sends are arbitrary, so both shortcuts are checked on generated input.
t.test('property: next({ headers }) lists what a Headers-built response lists, or leaves it to Headers', async t => {
  const nameChar = fc.constantFrom(...'abcxyz-_.!#~09AZ \t:\r\n'.split(''))
  const valueChar = fc.oneof(fc.constantFrom(' ', '\t', '\r', '\n', '\x00', '\x7f', ',', ';', '"', 'é', '€', '✓'), fc.integer({ min: 0, max: 0x2fff }).map(c => String.fromCharCode(c)))
  const name = fc.oneof(fc.constantFrom('x-a', 'x-b', 'set-cookie', 'x-middleware-next', 'x-middleware-rewrite', 'content-type', 'X-Upper'), fc.string({ unit: nameChar, minLength: 1, maxLength: 8 }))
  const value = fc.oneof(fc.constantFrom('', '1', ' padded ', 'a\tb'), fc.string({ unit: valueChar, maxLength: 10 }))
  let fast = 0
  fc.assert(fc.property(fc.dictionary(name, value, { maxKeys: 5 }), headers => {
    const init = { headers }
    const expected = reference(init)
    let res
    try { res = NextResponse.next(init) } catch (err) { return expected.threw === err.constructor.name }
    const entries = plainHeaderEntries(res)
    if (entries !== null) {
      fast++
      if (JSON.stringify(entries) !== JSON.stringify(expected.headers)) return false
    }
    return JSON.stringify([...res.headers]) === JSON.stringify(expected.headers)
  }), { numRuns: 3000, seed: 20261201 })
  t.ok(fast > 100, `the fast path was taken for ${fast} of 3,000 generated inits`)
})

t.test('property: text() of any bytes in any chunks is what TextDecoder gives, through HTTP', async t => {
  const dir = writeApp({ 'app/text/route.ts': 'export async function POST (request) { return Response.json({ text: await request.text() }) }\n' })
  const server = await serve(t, { dir })
  const port = server.app.server.address().port
  // Bytes biased to UTF-8's edges (BOM, lead and continuation bytes, overlongs, surrogates), cut anywhere.
  const byte = fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constantFrom(0xef, 0xbb, 0xbf, 0xc0, 0xc3, 0xe2, 0x82, 0xed, 0xa0, 0xf0, 0x9f, 0x98, 0x80, 0xff))
  await fc.assert(fc.asyncProperty(fc.array(fc.array(byte, { maxLength: 6 }), { maxLength: 6 }), async chunks => {
    const bytes = Buffer.concat(chunks.map(c => Buffer.from(c)))
    const res = await undiciRequest(`http://127.0.0.1:${port}/text`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: Readable.from(chunks.map(c => Buffer.from(c))) })
    const { text } = await res.body.json()
    return text === new TextDecoder().decode(bytes)
  }), { numRuns: 150, seed: 20261201 })
  t.pass('150 generated bodies decoded as TextDecoder decodes them')
})

t.test('the CLI\'s request loggers write what pino children write, made only when used', async t => {
  const lines = []
  const stream = new Writable({ write (chunk, _encoding, callback) { lines.push(JSON.parse(chunk)); callback() } })
  const app = Fastify({ logger: { level: 'info', stream }, ...requestLogging(false) })
  app.get('/log', async request => {
    request.log.info({ a: 1 }, 'hello')
    request.log.debug('below the level')
    return { level: request.log.level, enabled: request.log.isLevelEnabled('info'), bindings: request.log.bindings(), child: typeof request.log.child({ b: 2 }).info }
  })
  app.get('/quiet', async () => 'quiet')
  t.teardown(() => app.close())
  const res = await app.inject('/log')
  t.same(res.json(), { level: 'info', enabled: true, bindings: { reqId: 'req-1' }, child: 'function' })
  await app.inject('/quiet')
  t.same(lines.map(({ level, reqId, a, msg }) => ({ level, reqId, a, msg })), [{ level: 30, reqId: 'req-1', a: 1, msg: 'hello' }])
  const logged = Fastify({ logger: { level: 'info', stream }, ...requestLogging(true) })
  logged.get('/', async () => 'x')
  t.teardown(() => logged.close())
  lines.length = 0
  await logged.inject('/')
  t.same(lines.map(l => [l.reqId, l.msg]), [['req-1', 'incoming request'], ['req-1', 'request completed']], 'access log lines carry the reqId')
})
