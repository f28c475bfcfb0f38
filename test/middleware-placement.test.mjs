// Where the middleware hook sits: only on route files the matcher could match (and, with
// middlewareScope 'all', on the app's own routes and 404s), so an unmatched route file pays
// nothing. Whatever the placement, the middleware must run exactly when its matcher matches the
// request path, for every variant a client can send.
import t from 'tap'
import Fastify from 'fastify'
import { compileMatcher } from '../dist/matcher.js'
import nextRoutes from '../dist/index.js'
import { serve, writeApp } from './helper.mjs'

const ROUTES = {
  'app/json/route.ts': "export const GET = () => Response.json({ route: 'json' })",
  'app/mw/[...slug]/route.ts': "export const GET = () => Response.json({ route: 'mw' })",
  'app/users/[id]/route.ts': "export const GET = () => Response.json({ route: 'users' })",
  'app/docs/[[...slug]]/route.ts': "export const GET = () => Response.json({ route: 'docs' })",
  'app/api/x/route.ts': "export const GET = () => Response.json({ route: 'api' })",
  'app/[lang]/about/route.ts': "export const GET = () => Response.json({ route: 'about' })"
}

function appWith (matcher) {
  return writeApp({
    ...ROUTES,
    'proxy.ts': `import { NextResponse } from 'next/server'
export function proxy () { return NextResponse.next({ headers: { 'x-mw': '1' } }) }
export const config = { matcher: ${JSON.stringify(matcher)} }
`
  })
}

const MATCHERS = ['/mw/:path*', ['/users/:id', '/json'], '/((?!json|api).*)', '/docs/:path*', '/:lang/about', '/about']
// Encodings, case, slashes, dot segments, `;`, Next's data prefix.
const PATHS = ['/json', '/js%6Fn', '/JSON', '/json/', '//json', '/json;x', '/json?x=1', '/mw/a', '/m%77/a', '/mw',
  '/users/1', '/users/%2e%2e', '/users/..%2Fmw', '/docs', '/docs/a/b', '/docs/../mw/a', '/api/x', '/api/%78', '/API/x',
  '/en/about', '/en/%61bout', '/nope', '/_next/data/b/json.json', '/about']
// Of PATHS, those that are canonical and spell a route: /json, /json?x=1, /mw/a, /users/1,
// /users/..%2Fmw (one param), /docs, /docs/a/b, /api/x, /en/about.
const CANONICAL_ROUTED = 9
const none = { header: () => undefined, cookie: () => undefined, query: () => undefined, host: () => undefined }

for (const [label, routerOptions] of [['default router', {}], ['ignoreTrailingSlash, case-insensitive', { ignoreTrailingSlash: true, caseSensitive: false }]]) {
  t.test(`${label}: the middleware runs exactly where its matcher matches`, async t => {
    for (const matcher of MATCHERS) {
      const dir = appWith(matcher)
      const compiled = compileMatcher(matcher, { file: 'proxy.ts' })
      for (const middlewareScope of ['all', 'routes']) {
        const s = await serve(t, { dir, middlewareScope }, { fastify: { routerOptions } })
        let fromRouteFiles = 0
        for (const path of PATHS) {
          const res = await s.sendRaw(path)
          // Next's canonical 308 comes before the middleware, whichever way it is placed.
          if (res.status === 308) continue
          const routeFile = res.status === 200
          if (routeFile) fromRouteFiles++
          // With 'routes', paths no route file serves never see the middleware.
          if (!routeFile && middlewareScope === 'routes') continue
          const expected = compiled.matches(path.split('?')[0], none)
          t.equal(res.headers['x-mw'] === '1', expected, `${JSON.stringify(matcher)} ${middlewareScope}: ${path} -> ${res.status}`)
        }
        // The canonical spellings of route paths (the others are 404s: lib/route-spelling.ts).
        t.equal(fromRouteFiles, CANONICAL_ROUTED, 'the canonical variants reach a route file')
      }
    }
  })
}

t.test('hooks sit only where the matcher could match', async t => {
  const s = await serve(t, { dir: appWith('/mw/:path*') }, { setup: app => { app.get('/mine', () => 'mine') } })
  const tree = s.app.printRoutes({ includeHooks: true, commonPrefix: false })
  // printRoutes lists each route, then its hooks on the following lines.
  const hooksOf = path => {
    const lines = tree.split('\n')
    const at = lines.findIndex(line => line.includes(`── ${path} (`))
    t.not(at, -1, `${path} is routed`)
    const own = []
    for (const line of lines.slice(at + 1)) {
      if (!line.includes('•')) break
      own.push(line.trim())
    }
    return own.join(' ')
  }
  // printRoutes shows the /mw/* catch-all as `*`.
  t.match(hooksOf('*'), /onRequest.*nextMiddlewareRoute/, 'matched route file: its own hook')
  t.equal(hooksOf('/json'), '', 'unmatched static route file: no hook at all')
  t.equal(hooksOf('/users/:id'), '', 'unmatched dynamic route file: no hook at all')
  t.match(hooksOf('/:lang/about'), /nextMiddlewareRoute/, 'a route file at the root can be asked for /mw: kept')
  t.match(hooksOf('/mine'), /onRequest.*nextMiddleware\(\).*preParsing.*replayBufferedBody/, 'the app\'s own route: the context hooks')
})

t.test('a rewrite onto a route file without the hook brings its headers and cookies once', async t => {
  const dir = writeApp({
    ...ROUTES,
    'proxy.ts': `import { NextResponse } from 'next/server'
export function proxy (request) {
  const res = NextResponse.rewrite(new URL('/json', request.url), { headers: { 'x-mw': 'rewrote' } })
  res.cookies.set('seen', '1')
  return res
}
export const config = { matcher: '/mw/:path*' }
`
  })
  const s = await serve(t, { dir })
  const res = await s.fetch('/mw/a')
  t.equal(res.status, 200)
  t.same(JSON.parse(res.body), { route: 'json' })
  t.equal(res.headers['x-mw'], 'rewrote')
  t.equal(res.headers['x-middleware-rewrite'], '/json')
  t.same([res.headers['set-cookie']].flat(), ['seen=1; Path=/'])
  const direct = await s.fetch('/json')
  t.equal(direct.headers['x-mw'], undefined, 'the same route asked for directly: no middleware')
})

t.test('if Fastify\'s hooks cannot be reached, every route file runs the inherited hook, once', async t => {
  const hidden = Object.getOwnPropertySymbols
  Object.getOwnPropertySymbols = target => hidden(target).filter(s => s.description !== 'fastify.hooks')
  const logs = []
  const app = Fastify({ logger: { level: 'warn', stream: { write: line => logs.push(JSON.parse(line)) } } })
  try {
    const dir = writeApp({
      ...ROUTES,
      'proxy.ts': `import { NextResponse } from 'next/server'
export function proxy (request) {
  if (request.nextUrl.pathname === '/mw/rewrite') return NextResponse.rewrite(new URL('/json', request.url), { headers: { 'set-cookie': 'r=1; Path=/' } })
  const res = NextResponse.next({ headers: { 'x-mw': '1' } })
  res.cookies.set('seen', '1')
  return res
}
export const config = { matcher: '/mw/:path*' }
`
    })
    await app.register(nextRoutes, { dir })
    await app.listen({ port: 0, host: '127.0.0.1' })
  } finally {
    Object.getOwnPropertySymbols = hidden
  }
  t.teardown(() => app.close())
  t.ok(logs.some(l => /could not keep the middleware hook off route files/.test(l.msg)), 'says so at startup')
  const get = async path => {
    const res = await fetch(`http://127.0.0.1:${app.server.address().port}${path}`)
    return { headers: res.headers, body: await res.text() }
  }
  const matched = await get('/mw/a')
  t.equal(matched.headers.get('x-mw'), '1')
  t.same(matched.headers.getSetCookie(), ['seen=1; Path=/'], 'ran once')
  const rewritten = await get('/mw/rewrite')
  t.same(JSON.parse(rewritten.body), { route: 'json' })
  t.same(rewritten.headers.getSetCookie(), ['r=1; Path=/'], 'rewrite headers applied once')
  const unmatched = await get('/json')
  t.equal(unmatched.headers.get('x-mw'), null)
})
