import t from 'tap'
import { compileMatcher } from '../dist/matcher.js'

const none = { header: () => undefined, cookie: () => undefined, query: () => undefined, host: () => undefined }
const file = '/app/proxy.ts'

// next-middleware.md 2.6: computed with Next's own functions on 16.4.6 (i18n rows left out).
const TABLE = [
  ['/about', ['/about', '/about/', '/about.json', '/about.rsc', '/about.segments/x/__PAGE__.segment.rsc', '/_next/data/ID/about.json'], ['/About', '/about/x', '/aboutx', '/about//']],
  ['/', ['/', '', '/index', '/index.json', '/index.rsc', '/_next/data/ID/index.json'], ['/x']],
  ['/about/:path*', ['/about', '/about/a/b', '/about/a.json'], ['/aboutx']],
  ['/about/:path+', ['/about/a'], ['/about']],
  ['/about/:path?', ['/about', '/about/a'], ['/about/a/b']],
  ['/blog/:slug', ['/blog/a', '/blog/a.json'], ['/blog', '/blog/a/b']],
  ['/((?!api|_next/static|_next/image|favicon.ico).*)', ['/', '/x/api', '/_next/data/b/api.json'], ['/api', '/apix', '/api/x', '/_next/static/a.js', '/favicon.ico']],
  ['/CaseTest', ['/CaseTest'], ['/casetest', '/CASETEST']],
  ['/item/:id(\\d+)', ['/item/12'], ['/item/ab']]
]

t.test('matching table', async t => {
  for (const [source, yes, no] of TABLE) {
    const m = compileMatcher(source, { file })
    for (const path of yes) t.ok(m.matches(path, none), `${source} runs on ${path}`)
    for (const path of no) t.notOk(m.matches(path, none), `${source} does not run on ${path}`)
  }
})

t.test('the compiled regexp is Next\'s', async t => {
  // Compare behaviour with the regexp Next prints for `/about` (2.5).
  const next = /^(?:\/(_next\/data\/[^/]{1,}))?\/about(\.json|\.rsc|\.segments\/.+\.segment\.rsc)?[\/#\?]?$/
  const m = compileMatcher('/about', { file })
  for (const p of ['/about', '/about/', '/about.json', '/_next/data/x/about.json', '/about/x', '/x/about', '/about.segments/a/b.segment.rsc']) {
    t.equal(m.matches(p, none), next.test(p), p)
  }
})

t.test('the middleware-matcher suite\'s sources behave as the regexps next build 16.4.6 writes', async t => {
  // test/conformance/next-e2e/middleware-matcher-config/fixture/middleware.js's matcher, and the
  // `regexp` of each entry in .next/server/middleware-manifest.json after `next build` (16.4.6).
  // The `_sites` source's negative lookahead is the test's "special characters" case.
  const manifest = [
    ['/', '^(?:\\/(_next\\/data\\/[^/]{1,}))?(?:\\/(\\/?index|\\/?index\\.json|\\/?index(?:\\.rsc|\\.segments\\/.+\\.segment\\.rsc)))?[\\/#\\?]?$'],
    ['/with-middleware/:path*', '^(?:\\/(_next\\/data\\/[^/]{1,}))?\\/with-middleware(?:\\/((?:[^\\/#\\?]+?)(?:\\/(?:[^\\/#\\?]+?))*))?(\\.json|\\.rsc|\\.segments\\/.+\\.segment\\.rsc)?[\\/#\\?]?$'],
    ['/_sites/:path((?![^/]*\\.json$)[^/]+$)', '^(?:\\/(_next\\/data\\/[^/]{1,}))?\\/_sites(?:\\/((?![^/]*\\.json$)[^/]+$))(\\.json|\\.rsc|\\.segments\\/.+\\.segment\\.rsc)?[\\/#\\?]?$']
  ]
  const paths = ['/', '/index', '/index/', '//index', '/index.json', '/_next/data/ID/index.json', '/_next/data/ID', '/with-middleware', '/with-middleware/',
    '/with-middleware/a/b', '/with-middleware.json', '/_next/data/ID/with-middleware.json', '/with-middlewarex', '/blog/slug-1',
    '/_sites/a', '/_sites/a/', '/_sites/a.json', '/_sites/a.b', '/_sites/a.rsc', '/_sites/a/b', '/_sites', '/_sites/', '/_next/data/ID/_sites/a.json']
  for (const [source, regexp] of manifest) {
    const next = new RegExp(regexp)
    const m = compileMatcher(source, { file })
    for (const p of paths) t.equal(m.matches(p, none), next.test(p), `${source} on ${p}`)
  }
  t.ok(compileMatcher('/_sites/:path((?![^/]*\\.json$)[^/]+$)', { file }).matches('/_sites/a', none), 'the lookahead source runs on a plain name')
  t.notOk(compileMatcher('/_sites/:path((?![^/]*\\.json$)[^/]+$)', { file }).matches('/_sites/a.json', none), 'and not on a .json one')
})

t.test('basePath prefixes every source', async t => {
  const m = compileMatcher('/api/:path*', { file, basePath: '/docs' })
  t.ok(m.matches('/docs/api/x', none))
  t.notOk(m.matches('/api/x', none))
})

t.test('raw and decoded pathnames are both tried', async t => {
  const m = compileMatcher(['/admin', '/vercel copy.svg', '/another/file.svg'], { file })
  t.ok(m.matches('/%61dmin', none))
  t.ok(m.matches('/vercel%20copy.svg', none))
  t.ok(m.matches('/another%2ffile.svg', none))
  t.notOk(m.matches('/%E0%A4%A', none), 'a decode failure is ignored')
})

t.test('no matcher matches everything', async t => {
  const m = compileMatcher(undefined, { file })
  t.equal(m.matchesAll, true)
  t.equal(compileMatcher('/x', { file }).matchesAll, false)
})

t.test('has and missing', async t => {
  const view = (h = {}, c = {}, q = {}, host) => ({ header: n => h[n], cookie: n => c[n], query: n => q[n], host: () => host })
  const m = compileMatcher([{ source: '/p', has: [{ type: 'header', key: 'X-Flag', value: '(on|yes)' }], missing: [{ type: 'cookie', key: 'skip' }] }], { file })
  t.ok(m.matches('/p', view({ 'x-flag': 'on' })))
  t.ok(m.matches('/p', view({ 'x-flag': 'yes' })))
  t.notOk(m.matches('/p', view({ 'x-flag': 'onx' })), 'value is anchored')
  t.notOk(m.matches('/p', view({})), 'has header absent')
  t.notOk(m.matches('/p', view({ 'x-flag': 'on' }, { skip: '1' })), 'missing cookie present')
  const q = compileMatcher([{ source: '/q', has: [{ type: 'query', key: 'a' }, { type: 'host', value: 'example\\.com' }] }], { file })
  t.ok(q.matches('/q', view({}, {}, { a: '1' }, 'EXAMPLE.com')))
  t.notOk(q.matches('/q', view({}, {}, { a: '1' }, 'other.com')))
  t.notOk(q.matches('/q', view({}, {}, {}, 'example.com')))
})

t.test('invalid matchers fail startup naming the file and the reason', async t => {
  const CASES = [
    [{ source: '/a' }, /needs to be a static string or array of static strings or array of static objects/],
    [42, /needs to be a static string/],
    [['a'], /source must start with \/ at "matcher\[0\]"/],
    [['/ok', '/a/:path('], /Invalid source '\/a\/:path\('/],
    [[{ source: '/a', foo: 1 }], /Unexpected property "foo" in `matcher\[0\]` object/],
    [[{ source: '/a', has: [{ type: 'header' }] }], /`matcher\[0\]\.has\[0\]\.key` is required for header/],
    [[{ source: '/a', has: [{ type: 'host' }] }], /`matcher\[0\]\.has\[0\]\.value` is required for host/],
    [[{ source: '/a', has: [{ type: 'body', key: 'x' }] }], /must be one of header, cookie, query, host/],
    [['/' + 'a'.repeat(5000)], /max built length/]
  ]
  for (const [matcher, message] of CASES) {
    t.throws(() => compileMatcher(matcher, { file }), { code: 'FST_ERR_NEXT_MATCHER_INVALID', message: new RegExp(`'${file}': .*` + message.source) }, String(message))
  }
})

t.test('matching is case-sensitive whatever the router (route files check their own spelling)', async t => {
  const m = compileMatcher(['/CaseTest', '/api/:path*'], { file })
  for (const path of ['/CaseTest', '/api/x', '/api']) t.ok(m.matches(path, none), path)
  for (const path of ['/casetest', '/API/x', '/Api']) t.notOk(m.matches(path, none), path)
  // Decoded too, as Next: %41 is A.
  t.ok(compileMatcher('/API/:path*', { file }).matches('/%41PI/x', none), '/%41PI/x')
})

t.test('basePath: matchers are relative to it, and no matcher means every path under it', async t => {
  const m = compileMatcher(['/admin/:path*'], { file, basePath: '/app' })
  t.ok(m.matches('/app/admin', none))
  t.ok(m.matches('/app/admin/x', none))
  t.notOk(m.matches('/admin', none), 'outside the basePath')
  t.notOk(m.matches('/apple/admin', none))
  const all = compileMatcher(undefined, { file, basePath: '/app' })
  t.equal(all.matchesAll, false)
  for (const path of ['/app', '/app/x', '/app/x/y']) t.ok(all.matches(path, none), path)
  for (const path of ['/', '/x', '/apple']) t.notOk(all.matches(path, none), path)
  t.ok(compileMatcher('/x', { file, basePath: '/a(b)' }).matches('/a(b)/x', none), 'basePath text is literal to path-to-regexp')
})

// mayMatchRoute decides at registration which route files need no middleware hook. It may say
// "maybe" too often (a hook for nothing), never "no" for a route some request could match on.
const SHAPES = [
  ...['/json', '/about', '/about.json', '/aboutx', '/api', '/api/x', '/favicon.ico', '/'].map(literal => ({ literal, exact: true })),
  ...['/blog/', '/users/', '/item/', '/', '/docs/', '/_next/data/'].map(literal => ({ literal, exact: false }))
]
// Tails a dynamic route may be asked for: words the matchers above contain, dot segments, encodings.
const TAILS = ['a', '12', 'about', 'about/x', 'api', '..', '../about', '%2e%2e/about', '..%2Fabout', 'x.json', '_next/data/b/about.json', 'CaseTest', 'index', '']

function servedPaths (shape) {
  if (shape.exact) {
    // The path, its slash variant, and encodings the router decodes back to it.
    const encoded = shape.literal.replace(/[a-z]/, c => '%' + c.charCodeAt(0).toString(16))
    return [shape.literal, shape.literal + '/', encoded]
  }
  return TAILS.map(tail => shape.literal + tail)
}

t.test('mayMatchRoute never says no for a route a request to it could match', async t => {
  const sources = [...TABLE.map(row => row[0]), ['/json', '/about'], '/blog/:slug/edit', '/:lang/about', '/docs{/:rest}*']
  for (const source of sources) {
    const m = compileMatcher(source, { file })
    for (const shape of SHAPES) {
      if (m.mayMatchRoute({ ...shape, trailingSlash: true })) continue
      for (const path of servedPaths(shape)) t.notOk(m.matches(path, none), `${JSON.stringify(source)} skips ${shape.literal}${shape.exact ? '' : '*'}, so it must not match ${path}`)
    }
  }
})

t.test('mayMatchRoute says no where a matcher and a route share no path', async t => {
  const decide = (source, literal, exact, options = {}) => compileMatcher(source, { file, ...options }).mayMatchRoute({ literal, exact, trailingSlash: false })
  t.equal(decide('/mw/:path*', '/json', true), false, 'static route outside the matcher')
  t.equal(decide('/mw/:path*', '/users/', false), false, 'dynamic route outside the matcher')
  t.equal(decide(['/admin', '/admin/:path*'], '/api/', false), false)
  t.equal(decide('/about', '/json', true), false)
  t.equal(decide('/mw/:path*', '/mw/x', true), true, 'inside')
  t.equal(decide('/mw/:path*', '/', false), true, 'a route at the root can be asked for anything')
  t.equal(decide('/mw/:path*', '/mwx', true), true, 'shared text: kept, conservatively')
  t.equal(decide('/about', '/about', true), true)
  t.equal(decide('/((?!api).*)', '/api', true), true, 'a negative matcher keeps every route: encodings of /api are not /api to it')
  t.equal(decide('/((?!api).*)', '/users/', false), true)
  t.equal(decide('/about', '/_next/data/', false), true, 'Next\'s data prefix is matched too')
  t.equal(decide('/Admin/:path*', '/admin/', false), false, 'case-sensitive router')
  t.equal(decide('/docs/:path*', '/api/', false, { basePath: '/docs' }), false)
  t.equal(decide('/api/:path*', '/docs/api/', false, { basePath: '/docs' }), true, 'basePath is part of the matched text')
  t.equal(decide('/mw/:path*', '/a%2Fb', true), true, 'a % in the route path: kept')
  t.equal(compileMatcher(undefined, { file }).mayMatchRoute({ literal: '/json', exact: true, trailingSlash: false }), true, 'no matcher: every route')
  t.equal(compileMatcher('/json/', { file }).mayMatchRoute({ literal: '/json', exact: true, trailingSlash: true }), true, 'the router also serves /json/')
})
