// Conformance cases for Pages Router API routes (issue 17), per fixture folder: each is sent to
// `next start` 16.4.6 (scripts/record-conformance-pages.mjs writes recorded.json) and to the bridge
// (test/conformance-pages.test.mjs). Same case shape as test/conformance/cases.mjs, plus `json`:
// a list of keys of a JSON body compared one by one (value, or absent) instead of the whole body,
// for bodies that also hold what differs between any two servers (header dumps).
const json = { 'content-type': 'application/json' }
const form = { 'content-type': 'application/x-www-form-urlencoded' }
const text = { 'content-type': 'text/plain' }
// Just over Next's default sizeLimit (1mb = 1048576 bytes).
const OVER_1MB = JSON.stringify({ pad: 'x'.repeat(1024 * 1024) })

const pagesOnly = [
  // Discovery and params
  { name: 'index file is the folder path', path: '/api', headers: ['content-type', 'content-length', 'etag'] },
  { name: 'query: repeated keys become arrays, + is a space', path: '/api/echo?a=1&a=2&b=x+y&c=%20z', send: { cookie: 's=1; t=hello%20world; s=2', 'x-custom': 'c' } },
  { name: 'GET body is an empty string', path: '/api/echo' },
  { name: 'dynamic param merged into query, wins over the query', path: '/api/users/7?id=9&x=1' },
  { name: 'dynamic param decoded', path: '/api/users/a%20b%2Fc' },
  { name: 'static file beats a dynamic sibling', path: '/api/users/me' },
  { name: 'catch-all param is an array', path: '/api/files/a/b%20c/d' },
  { name: 'catch-all needs a segment', path: '/api/files', body: false },
  { name: 'optional catch-all without segments', path: '/api/opt' },
  { name: 'optional catch-all with segments', path: '/api/opt/x/y?z=1' },
  { name: 'unknown API path is a 404', path: '/api/nope', body: false },
  { name: 'trailing slash redirects', path: '/api/echo/?q=1', headers: ['location'] },
  { name: 'static segments are case-sensitive', path: '/api/ECHO', body: false },

  // Methods: no method routing
  { name: 'POST reaches the one handler', method: 'POST', path: '/api/methods', headers: ['x-method'] },
  { name: 'DELETE reaches the one handler', method: 'DELETE', path: '/api/methods', headers: ['x-method'] },
  { name: 'OPTIONS reaches the handler (no automatic OPTIONS)', method: 'OPTIONS', path: '/api/methods', headers: ['x-method', 'allow'] },
  { name: 'HEAD runs the handler, no body', method: 'HEAD', path: '/api/methods', headers: ['x-method', 'content-length'] },

  // Body parser
  { name: 'JSON body parsed', method: 'POST', path: '/api/echo', send: json, body: '{"a":[1,2],"b":"c"}' },
  { name: 'ld+json parsed as JSON', method: 'POST', path: '/api/echo', send: { 'content-type': 'application/ld+json' }, body: '{"@id":"x"}' },
  { name: 'empty JSON body is {}', method: 'POST', path: '/api/echo', send: json, body: '' },
  { name: 'invalid JSON is a 400', method: 'POST', path: '/api/echo', send: json, body: '{"a":', headers: ['content-type'], statusText: true },
  { name: 'urlencoded body parsed', method: 'POST', path: '/api/echo', send: form, body: 'a=1&a=2&b=two+words&c=%F0%9F%98%80' },
  { name: 'text body is a string', method: 'POST', path: '/api/echo', send: text, body: 'hello, world' },
  { name: 'unknown content type is a string', method: 'PUT', path: '/api/echo', send: { 'content-type': 'application/octet-stream' }, body: 'raw bytes' },
  { name: 'no content type is a string', method: 'POST', path: '/api/echo', body: 'untyped' },
  { name: 'body over the default 1mb is a 413', method: 'POST', path: '/api/echo', send: json, body: OVER_1MB, headers: ['content-type'], statusText: true },
  { name: 'body under a sizeLimit', method: 'POST', path: '/api/body/limit', send: text, body: 'x'.repeat(100) },
  { name: 'body over a sizeLimit is a 413', method: 'POST', path: '/api/body/limit', send: text, body: 'x'.repeat(101), statusText: true },
  { name: 'bodyParser false leaves the raw stream', method: 'POST', path: '/api/body/raw', send: json, body: '{"not":"parsed"}' },
  { name: 'bodyParser false has no size limit', method: 'POST', path: '/api/body/raw', send: text, body: 'y'.repeat(1024 * 1024 + 10) },

  // res helpers
  { name: 'res.send(string)', path: '/api/send?kind=string', headers: ['content-type', 'content-length', 'etag'] },
  { name: 'res.send(string) keeps a set content-type', path: '/api/send?kind=html', headers: ['content-type', 'etag'] },
  { name: 'res.send(Buffer)', path: '/api/send?kind=buffer', headers: ['content-type', 'content-length', 'etag'] },
  { name: 'res.send(object)', path: '/api/send?kind=object', headers: ['content-type', 'content-length', 'etag'] },
  { name: 'res.send(number)', path: '/api/send?kind=number', headers: ['content-type', 'etag'] },
  { name: 'res.send(false)', path: '/api/send?kind=boolean', headers: ['content-type', 'etag'] },
  { name: 'res.send(null) ends empty', path: '/api/send?kind=null', headers: ['content-type', 'etag'] },
  { name: 'res.send(stream) pipes it', path: '/api/send?kind=stream', headers: ['content-type', 'etag'] },
  { name: '204 drops the body', path: '/api/send?kind=no-content', headers: ['content-type', 'content-length'] },
  { name: 'res.status(201).json()', path: '/api/send?kind=status', headers: ['content-type'] },
  { name: 'plain res.end()', path: '/api/send?kind=end', headers: ['x-end', 'content-type'] },
  { name: 'If-None-Match with the ETag is a 304', path: '/api/send?kind=string', send: { 'if-none-match': '"etag-of-hello"' }, etagOf: 'res.send(string)', headers: ['etag'] },
  { name: 'res.redirect(url) is a 307', path: '/api/redirect', headers: ['location', 'content-type'] },
  { name: 'res.redirect(301, url)', path: '/api/redirect?status=301', headers: ['location'] },
  { name: 'res.redirect with bad arguments is a 500', path: '/api/redirect?bad=1', body: false },
  { name: 'Set-Cookie lines and req.cookies', path: '/api/cookies', send: { cookie: 'x=1; y=%7B%7D' }, headers: ['set-cookie'] },
  { name: 'streamed with res.write', path: '/api/stream', headers: ['content-type', 'transfer-encoding'] },
  { name: 'res.setDraftMode({ enable: true })', path: '/api/draft', headers: ['set-cookie'] },
  { name: 'res.setDraftMode({ enable: false })', path: '/api/draft?off=1', headers: ['set-cookie'] },
  { name: 'req.draftMode with the bypass cookie', path: '/api/echo', send: { cookie: '__prerender_bypass=PREVIEW_ID' } },
  { name: 'res.clearPreviewData()', path: '/api/clear-preview', headers: ['set-cookie'] },
  { name: 'answered from a callback (externalResolver)', path: '/api/later' },

  // Failures: the status is Next's; the body is Fastify's error handler's (docs/routing.md)
  { name: 'a throwing handler is a 500', path: '/api/throw', body: false },
  { name: 'a rejecting handler is a 500', path: '/api/async-throw', body: false },

  // Edge API route
  { name: 'edge API route GET', path: '/api/edge?x=1', headers: ['content-type', 'x-edge'] },
  { name: 'edge API route POST body', method: 'POST', path: '/api/edge', send: text, body: 'edge body' }
]

const dumpKeys = ['x-from-client', 'x-from-middleware', 'x-from-client1', 'x-from-client2', 'x-from-client3', 'x-middleware-override-headers', 'x-middleware-next']
const internal = ['x-middleware-override-headers', 'x-middleware-request-x-from-middleware', 'x-middleware-request-x-from-client1', 'x-middleware-request-x-from-client2', 'x-middleware-request-x-from-client3', 'x-middleware-next']

// From Next's test/e2e/app-dir/app-middleware/app-middleware.test.ts, "Mutate request headers for
// $title" (Serverless Functions: /api/dump-headers-serverless, Edge Functions: /api/dump-headers-edge):
// adds, deletes and updates request headers, and draft mode from the middleware.
const appMiddleware = ['serverless', 'edge'].flatMap(kind => {
  const path = `/api/dump-headers-${kind}`
  return [
    { name: `${kind}: adds new headers`, path, send: { 'x-from-client': 'hello-from-client' }, json: dumpKeys },
    { name: `${kind}: deletes headers`, path: `${path}?remove-headers=x-from-client1,x-from-client2`, send: { 'x-from-client1': 'hello-from-client', 'X-From-Client2': 'hello-from-client' }, json: dumpKeys, headers: internal },
    { name: `${kind}: updates headers`, path: `${path}?update-headers=x-from-client1=new-value1,x-from-client2=new-value2`, send: { 'x-from-client1': 'old-value1', 'X-From-Client2': 'old-value2', 'x-from-client3': 'old-value3' }, json: dumpKeys, headers: internal },
    { name: `${kind}: supports draft mode`, path: `${path}?draft=true`, json: dumpKeys, headers: ['set-cookie', ...(kind === 'edge' ? ['headers-from-edge-function'] : [])] }
  ]
})

const mixed = [
  ...appMiddleware,
  { name: 'middleware header on a pages/api route', path: '/api/items/3', headers: ['x-mw-saw'] },
  { name: 'middleware rewrite onto a pages/api route with a param', path: '/old-users/42?x=1', headers: ['x-mw-saw', 'x-middleware-rewrite'] },
  { name: 'middleware answers for a pages/api route', path: '/api/blocked' },
  { name: 'static pages/api route beats app/api/[slug]', path: '/api/static', headers: ['x-mw-saw'] },
  { name: 'app/api/[slug] takes the other paths', path: '/api/other' },
  { name: 'app route beside pages/api, middleware headers', path: '/api/app-hello', send: { 'x-from-client': 'c' } },
  { name: 'app route with a param', path: '/items/9', headers: ['x-mw-saw'] },
  { name: 'trailing slash on a pages/api route', path: '/api/items/3/', headers: ['location'] }
]

export const fixtures = { 'pages-only': pagesOnly, mixed }
