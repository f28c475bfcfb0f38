// Attack class: any request target. Property-based (fast-check): targets built from the dangerous
// alphabet (percent-escapes of letters and of every kind of byte, `. .. / \ # ? ;`, `//`, case,
// Unicode that folds, absolute- and asterisk-form, basePath spellings) are sent raw to apps whose
// guards are written as matchers and as code, under every Fastify router option, with and without
// a prefix (Next's basePath), with host routes beside the route files. The property: without
// credentials no protected handler answers; with them, a protected handler answers only after the
// middleware let it through, and the middleware saw the very path the router routed.
import t from 'tap'
import fc from 'fast-check'
import { serve, writeApp } from './helper.mjs'
import { sendRawLine } from './fixtures/path-fuzz/raw.mjs'

const RUNS = Number(process.env.FNR_PROPERTY_RUNS ?? 120)
const AUTH = { 'x-auth': 'ok' }

const handler = pattern => `export function GET (request, ctx) {
  return Promise.resolve(ctx.params).then(params => Response.json({ route: ${JSON.stringify(pattern)}, pathname: request.nextUrl.pathname, params }))
}`
const ROUTES = ['/', '/admin', '/admin/[...slug]', '/admin/users/[id]', '/p/[id]', '/p/static', '/billing', '/mw/protected', '/mw/[id]', '/public/[id]', '/checkout', '/docs/[[...slug]]']
// Pages Router API routes (issue 17) beside them, one protected: the same gate must hold.
const PAGES_ROUTES = ['/api/secret/[id]', '/api/open/[[...slug]]']
const PROTECTED = new Set(['/api/secret/[id]', '/admin', '/admin/[...slug]', '/admin/users/[id]', '/p/static', '/billing', '/mw/protected', '/checkout', 'host:/legacy/admin/:id', 'host:/legacy/billing'])

// Guards as real apps write them: a matcher list that says where the guard runs, or a negative
// lookahead that runs it nearly everywhere with the decision in code on nextUrl.pathname.
const GUARDS = {
  matcher: `import { NextResponse } from 'next/server'
export function proxy (request) {
  if (request.headers.get('x-auth') !== 'ok') return new Response('blocked', { status: 401 })
  return NextResponse.next({ headers: { 'x-mw-pathname': request.nextUrl.pathname } })
}
export const config = { matcher: ['/api/secret/:path*', '/admin', '/admin/:path*', '/p/static', '/billing', '/mw/protected', '/checkout', '/legacy/admin/:path*', '/legacy/billing'] }`,
  code: `import { NextResponse } from 'next/server'
export function proxy (request) {
  const p = request.nextUrl.pathname.replace(/(.)\\/$/, '$1') // the form without a trailing slash, whatever trailingSlash says
  const guarded = p.startsWith('/api/secret') || p.startsWith('/admin') || p === '/billing' || p.startsWith('/mw/protected') || p === '/p/static' || p === '/checkout' || p.startsWith('/legacy/admin') || p === '/legacy/billing'
  if (guarded && request.headers.get('x-auth') !== 'ok') return new Response('blocked', { status: 401 })
  return NextResponse.next({ headers: { 'x-mw-pathname': p } })
}
export const config = { matcher: ['/((?!_next/static|favicon.ico).*)'] }`
}

function appFor (guard) {
  const files = { 'proxy.js': GUARDS[guard] }
  for (const pattern of ROUTES) files[`app${pattern === '/' ? '' : pattern}/route.js`] = handler(pattern)
  // req.url holds the basePath (the prefix '/app' in half the runs); nextUrl.pathname does not.
  for (const pattern of PAGES_ROUTES) {
    files[`pages${pattern}.js`] = `export default function handler (req, res) {
  res.json({ route: ${JSON.stringify(pattern)}, pathname: req.url.split('?')[0].replace(/^\\/app(?=\\/api\\/)/, ''), query: req.query })
}`
  }
  return writeApp(files)
}

// A route pattern as a test on the canonical pathname the middleware saw.
function patternRegExp (pattern) {
  if (pattern.startsWith('host:')) {
    return new RegExp('^' + pattern.slice(5).replace(/:\w+/g, '[^/]+') + '$')
  }
  const source = pattern === '/'
    ? '/'
    : pattern.replace(/\/\[\[\.\.\.\w+\]\]/, '(?:/.+)?').replace(/\/\[\.\.\.\w+\]/, '/.+').replace(/\[\w+\]/g, '[^/]+')
  return new RegExp('^' + source + '$')
}

// The alphabet. Targets start from the paths worth attacking (the protected ones and their
// neighbours) and go through a few mutations: a character percent-encoded (upper or lower hex),
// case changed, a trick segment inserted (dot segments raw and encoded, escapes of reserved
// bytes, NUL, non-UTF-8, overlong, folding Unicode, `;`, `#`, `?`, `\`), a separator replaced
// (`//`, `\`, `/./`, `/x/../`), a tail added, and a front put before it (the basePath and its
// spellings, absolute-form, asterisk-form).
const BASES = ['/api/secret/7', '/api/open/x', '/admin', '/admin/x', '/admin/users/7', '/p/static', '/billing', '/mw/protected', '/checkout', '/legacy/admin/7',
  '/legacy/billing', '/legacy/open', '/p/x', '/public/x', '/docs/a', '/', '/mw/x']
const TRICKS = ['.', '..', '%2e', '%2E%2e', '.%2e', 'x%2Fy', 'x%2fadmin', 'x%23y', 'x%3Fy', '%00', 'a%00b', '%ZZ', '%', '%C0%AF', '%ED%A0%80', '%FF',
  'chec%E2%84%AAout', '%E2%84%AA', 'x%25y', 'a;b', 'x%3Bb', '%5C', 'a\\b', 'x#y', 'x?y', '%20', 'a"b', 'a{b}', "a'b", 'a|b', 'x.json', 'index.rsc', 'ADMIN']
const SEPARATORS = ['//', '\\', '/./', '/x/../', '/%2e/', '/%2e%2e/', '/../']
const TAILS = ['/', '?a=1', '?a=1#b', '#x', ';x', '%2F', '/.', '/..', '//', '?x=%2F..', '%23', '%3F', '.json', '/%2e%2e', '%00']
const FRONTS = ['http://127.0.0.1:1', 'http://evil.example', '*', '/%61pp', '/APP', '/app/..', '//', '/app/../app', '/ap%70', '\\']

const byteEscape = fc.integer({ min: 0, max: 255 }).map(b => '%' + b.toString(16).padStart(2, '0'))
const mutation = fc.oneof(
  fc.tuple(fc.constant('encode'), fc.nat(), fc.boolean()),
  fc.tuple(fc.constant('case'), fc.nat(), fc.boolean()),
  fc.tuple(fc.constant('insert'), fc.nat(), fc.oneof(fc.constantFrom(...TRICKS), byteEscape)),
  fc.tuple(fc.constant('separator'), fc.nat(), fc.constantFrom(...SEPARATORS)),
  fc.tuple(fc.constant('tail'), fc.nat(), fc.constantFrom(...TAILS))
)

function mutate (path, [kind, n, arg]) {
  const letters = [...path.matchAll(/[a-z]/gi)].map(m => m.index)
  const slashes = [...path.matchAll(/\//g)].map(m => m.index)
  if (kind === 'encode' && letters.length > 0) {
    const at = letters[n % letters.length]
    const hex = path.charCodeAt(at).toString(16)
    return path.slice(0, at) + '%' + (arg ? hex.toUpperCase() : hex) + path.slice(at + 1)
  }
  if (kind === 'case' && letters.length > 0) {
    if (arg) return path.toUpperCase()
    const at = letters[n % letters.length]
    return path.slice(0, at) + path[at].toUpperCase() + path.slice(at + 1)
  }
  if (kind === 'insert') {
    const at = slashes[n % slashes.length]
    return path.slice(0, at) + '/' + arg + path.slice(at)
  }
  if (kind === 'separator') {
    const at = slashes[n % slashes.length]
    return path.slice(0, at) + arg + path.slice(at + 1)
  }
  if (kind === 'tail') return (path === '/' ? '' : path) + arg
  return path
}

function targetFor (prefix) {
  const front = prefix === ''
    ? fc.oneof({ weight: 6, arbitrary: fc.constant('') }, { weight: 1, arbitrary: fc.constantFrom(...FRONTS) })
    : fc.oneof({ weight: 6, arbitrary: fc.constant(prefix) }, { weight: 1, arbitrary: fc.constant('') }, { weight: 2, arbitrary: fc.constantFrom(...FRONTS) })
  return fc.tuple(front, fc.constantFrom(...BASES), fc.array(mutation, { maxLength: 3 })).map(([f, base, mutations]) => {
    const path = mutations.reduce(mutate, base)
    if (f === '*') return '*' + path.slice(1)
    return f + (f !== '' && path === '/' ? '' : path)
  }).filter(candidate => /^[\x21-\x7e]+$/.test(candidate)) // what Node's HTTP parser lets through
}

// Fastify's router options, and next.config's trailingSlash (the slash form is then the canonical one).
const ROUTER_OPTIONS = [{}, { caseSensitive: false }, { ignoreTrailingSlash: true }, { ignoreDuplicateSlashes: true }, { useSemicolonDelimiter: true }, { maxParamLength: 12 }]
const CONFIGS = [...ROUTER_OPTIONS.map(routerOptions => ({ routerOptions })), { routerOptions: {}, nextConfig: { trailingSlash: true } }, { routerOptions: { caseSensitive: false, ignoreTrailingSlash: true }, nextConfig: { trailingSlash: true } }]

function describeOutcome (res) {
  let body = null
  try {
    body = JSON.parse(res.body)
  } catch {}
  if (body !== null && typeof body.route === 'string') return { route: body.route, pathname: body.pathname }
  const host = res.headers['x-host-route']
  return host === undefined ? null : { route: 'host:' + host, pathname: null }
}

let requests = 0
for (const guard of Object.keys(GUARDS)) {
  const dir = appFor(guard)
  for (const prefix of ['', '/app']) {
    for (const [index, { routerOptions, nextConfig }] of CONFIGS.entries()) {
      t.test(`${guard} guard, prefix '${prefix}', router ${JSON.stringify(routerOptions)}${nextConfig === undefined ? '' : `, next.config ${JSON.stringify(nextConfig)}`}`, async t => {
        const s = await serve(t, { dir, prefix, ...(nextConfig === undefined ? {} : { nextConfig }) }, {
          fastify: { routerOptions },
          setup: app => {
            // The host app's own routes under the same basePath, guarded by the same middleware.
            for (const url of ['/legacy/admin/:id', '/legacy/billing', '/legacy/open']) {
              app.get(prefix + url, (request, reply) => { reply.header('x-host-route', url).send({ host: url }) })
            }
          }
        })
        const failures = []
        // nextUrl.pathname leaves the basePath out, in both views; with trailingSlash it ends in `/`.
        const toBase = pathname => pathname.length > 1 ? pathname.replace(/\/$/, '') : pathname
        await fc.assert(fc.asyncProperty(targetFor(prefix), async raw => {
          const sent = raw.replace('http://127.0.0.1:1', `http://127.0.0.1:${s.port}`)
          const anonymous = describeOutcome(await sendRawLine(s.port, sent))
          const withAuth = await sendRawLine(s.port, sent, AUTH)
          requests += 2
          const served = describeOutcome(withAuth)
          if (anonymous !== null && PROTECTED.has(anonymous.route)) failures.push(`${sent}: ${anonymous.route} answered without credentials`)
          if (served !== null && PROTECTED.has(served.route)) {
            const seen = withAuth.headers['x-mw-pathname']
            if (seen === undefined) failures.push(`${sent}: ${served.route} answered without the middleware`)
            else if (served.pathname !== null && served.pathname !== seen) failures.push(`${sent}: middleware saw ${seen}, handler ${served.pathname}`)
            else if (!patternRegExp(served.route).test(toBase(seen))) failures.push(`${sent}: middleware saw ${seen}, the router routed ${served.route}`)
          }
          return failures.length === 0
        }), { numRuns: RUNS, seed: 0x14_2026 + index })
          .catch(err => t.fail(err.message.split('\n').slice(0, 6).join('\n')))
        t.same(failures, [], `${RUNS} generated targets: none reached a protected handler past the middleware`)
      })
    }
  }
}

t.teardown(() => console.log(`# property test: ${requests} requests`))
