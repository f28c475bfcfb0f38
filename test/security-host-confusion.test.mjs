// Attack class: `\` and `//` turning the path into a host. `new URL('/\\127.0.0.1:9/x', base)` has
// the host 127.0.0.1:9; so had request.url once, and every middleware building URLs from it
// (`new URL('/en' + pathname, request.url)`, `new URL('/login', request.url)`) could be made to
// proxy to an internal host or redirect off-site. request.url is built from our own origin and the
// canonical path only, and `\`, `//`, dot segments answer a same-origin 308 before anything runs.
import t from 'tap'
import { createServer } from 'node:http'
import { once } from 'node:events'
import { serve, writeApp } from './helper.mjs'
import { sendRawLine } from './fixtures/path-fuzz/raw.mjs'

const dir = writeApp({
  'app/[...path]/route.js': `export const GET = (request) => Response.json({ url: request.url, pathname: request.nextUrl.pathname })`,
  'proxy.js': `import { NextResponse } from 'next/server'
export function proxy (request) {
  const { pathname } = request.nextUrl
  if (pathname.startsWith('/en/')) return NextResponse.next({ headers: { 'x-mw-url': request.url } })
  if (pathname.startsWith('/private')) return NextResponse.redirect(new URL('/login', request.url))
  // The locale rewrite real apps write.
  return NextResponse.rewrite(new URL('/en' + pathname, request.url))
}`
})

t.test('no target makes the middleware reach another origin', async t => {
  let internalHits = 0
  const internal = createServer((req, res) => { internalHits++; res.end('internal secret') })
  internal.listen(0, '127.0.0.1')
  await once(internal, 'listening')
  t.teardown(() => internal.close())
  const hostPort = `127.0.0.1:${internal.address().port}`
  const s = await serve(t, { dir })
  const targets = [`/\\${hostPort}/x`, `//${hostPort}/x`, `/\\\\${hostPort}/x`, `/..//${hostPort}/x`, `/.//${hostPort}/x`, `/%2e%2e//${hostPort}/x`,
    `/%5C${hostPort}/x`, `/%2F${hostPort}/x`, '/\\evil.example/private', '//evil.example/private', '/private/..//evil.example', `http://${hostPort}/x`]
  for (const target of targets) {
    const res = await sendRawLine(s.port, target)
    t.notOk(res.body.includes('internal secret'), `${target}: not proxied (${res.status})`)
    if (res.headers.location !== undefined) {
      const location = res.headers.location
      t.ok(location.startsWith('/') && !location.startsWith('//') && !location.startsWith('/\\'), `${target}: Location ${location} is same-origin`)
    }
    if (res.status === 200) {
      const body = JSON.parse(res.body)
      t.equal(new URL(body.url).host, `localhost:${s.port}`, `${target}: request.url is our own origin`)
    }
  }
  t.equal(internalHits, 0, 'the internal host was never reached')
})

t.test('request.url and nextUrl.pathname agree on every path that is served', async t => {
  const s = await serve(t, { dir })
  for (const target of ['/a"b', '/a%2Fb', '/a{b}', "/a'b", '/a|b', '/%E2%84%AA', '/a;b', '/a%5Cb', '/x?q=a']) {
    const res = await sendRawLine(s.port, target)
    t.equal(res.status, 200, target)
    const body = JSON.parse(res.body)
    t.equal(new URL(body.url).pathname, body.pathname, `${target}: new URL(request.url).pathname is nextUrl.pathname (${body.pathname})`)
    // new URL('/en' + pathname, request.url) drops the query: the rewrite header shows the path only.
    t.equal(res.headers['x-middleware-rewrite'], '/en' + body.pathname, `${target}: the rewrite stayed on this app`)
  }
})
