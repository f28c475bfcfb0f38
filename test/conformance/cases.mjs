// The conformance cases: each request is sent to `next start` (scripts/record-conformance.mjs writes
// recorded.json) and to the bridge (test/conformance.test.mjs), and the answers must agree on the
// status, the headers named in `headers` and, unless `body: false`, the body. The listener's port
// appears as PORT in both.
const json = { 'content-type': 'application/json' }
const UA = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1'
const DESKTOP_UA = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36'
const BOT_UA = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)'
const MULTIPART = '--XyZ\r\nContent-Disposition: form-data; name="field"\r\n\r\nvalue\r\n' +
  '--XyZ\r\nContent-Disposition: form-data; name="file"; filename="hostname"\r\nContent-Type: text/plain\r\n\r\nabc\r\n--XyZ--\r\n'

export const cases = [
  // Routing (spec section 1)
  { name: 'root route', path: '/', headers: ['content-type'] },
  { name: 'static route echoes the request', path: '/echo?a=1&a=2&b=x', headers: ['content-type'], send: { 'x-custom': 'c', cookie: 's=1; t=2' } },
  { name: 'static segments are case-sensitive', path: '/ECHO', body: false },
  { name: 'dynamic param decoded (space, encoded slash)', path: '/params/a%20b%2Fc' },
  { name: 'dynamic param decoded (unicode)', path: '/params/%E2%9C%93' },
  { name: 'dynamic param keeps plus and semicolon', path: '/params/a+b;c' },
  { name: 'catch-all keeps an encoded slash inside its element', path: '/catch/a%2Fb/c%20d' },
  { name: 'catch-all needs a segment', path: '/catch', body: false },
  { name: 'optional catch-all without segments has no key', path: '/opt' },
  { name: 'optional catch-all with segments', path: '/opt/x/y' },
  { name: 'route group is not in the URL', path: '/grouped' },
  { name: 'route group literal path is 404', path: '/(grp)/grouped', body: false },
  { name: 'private folder is not routed', path: '/_private', body: false },
  { name: '%5F escapes a leading underscore', path: '/_escaped' },
  { name: 'slot folder is not in the URL', path: '/s' },
  { name: 'dots are plain characters in folder names', path: '/api/hello.json', headers: ['content-type'] },
  { name: 'precedence: static wins', path: '/prec/static' },
  { name: 'precedence: param beats catch-all', path: '/prec/other' },
  { name: 'precedence: catch-all takes several segments', path: '/prec/a/b' },
  { name: 'param before a static segment', path: '/prec2/v/x' },
  { name: 'trailing slash redirects with the query kept', path: '/echo/?q=1', headers: ['location', 'refresh'] },
  { name: 'trailing slash on a dynamic route', path: '/params/7/', headers: ['location'] },
  { name: 'repeated slashes in a catch-all redirect', path: '/catch/a//b', headers: ['location'] },

  // Methods (section 2)
  { name: 'POST to a GET-only route is 405 without Allow', method: 'POST', path: '/methods/get-only', headers: ['allow', 'content-type'] },
  { name: 'HEAD runs GET with method HEAD and no body', method: 'HEAD', path: '/methods/get-only', headers: ['x-handler', 'x-method'] },
  { name: 'explicit HEAD export wins', method: 'HEAD', path: '/methods/head', headers: ['x-handler'] },
  { name: 'automatic OPTIONS for a GET-only route', method: 'OPTIONS', path: '/methods/get-only', headers: ['allow', 'content-type'] },
  { name: 'automatic OPTIONS for a POST-only route', method: 'OPTIONS', path: '/methods/post-only', headers: ['allow'] },
  { name: 'automatic OPTIONS lists every method', method: 'OPTIONS', path: '/methods/all', headers: ['allow'] },
  { name: 'HEAD with no GET is 405', method: 'HEAD', path: '/methods/post-only' },
  { name: 'explicit OPTIONS reads a body', method: 'OPTIONS', path: '/methods/options', send: json, body: '{"name":"bar"}', headers: ['allow'] },
  { name: 'PATCH reaches its export', method: 'PATCH', path: '/methods/all' },
  { name: 'DELETE with a JSON body', method: 'DELETE', path: '/body/json', send: json, body: '{"name":"foo"}' },
  { name: 'lowercase export is not a handler', path: '/lowercase' },
  { name: 'lowercase export: OPTIONS allows only OPTIONS', method: 'OPTIONS', path: '/lowercase', headers: ['allow'] },
  { name: 'default export is not a handler', path: '/default-export' },

  // Handler arguments and bodies (sections 3 and 6)
  { name: 'POST body and request details', method: 'POST', path: '/echo?a=z', send: { 'content-type': 'text/plain', 'x-custom': 'p' }, body: 'hello, world' },
  { name: 'x-forwarded-* from the client are kept', path: '/echo', send: { 'x-forwarded-host': 'example.com', 'x-forwarded-proto': 'https', 'x-forwarded-port': '443' } },
  { name: 'request.json()', method: 'POST', path: '/body/json', send: json, body: '{"ping":"pong"}', headers: ['content-type'] },
  { name: 'invalid JSON is a 500', method: 'POST', path: '/body/json', send: json, body: '{"ping":' },
  { name: 'request.text()', method: 'POST', path: '/body/text', send: { 'content-type': 'text/plain' }, body: 'some text' },
  { name: 'urlencoded formData()', method: 'POST', path: '/body/form', send: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=1&b=two+words' },
  { name: 'multipart formData() with a file', method: 'POST', path: '/body/form', send: { 'content-type': 'multipart/form-data; boundary=XyZ' }, body: MULTIPART },
  { name: 'request.arrayBuffer()', method: 'POST', path: '/body/bytes', send: { 'content-type': 'application/octet-stream' }, body: 'x'.repeat(5000) },
  { name: 'request.body piped into the response', method: 'POST', path: '/body/pipe', send: { 'content-type': 'text/plain' }, body: 'line1\nline2\n', headers: ['content-type'] },

  // Responses (sections 2 and 6)
  { name: 'status text on the wire', path: '/res/status-text', headers: ['content-type'], statusText: true },
  { name: 'two Set-Cookie lines stay separate', path: '/res/cookies', headers: ['set-cookie', 'x-custom'] },
  { name: 'NextResponse.json with status, headers and a cookie', path: '/res/next-json', headers: ['content-type', 'set-cookie', 'x-next'] },
  { name: 'string body gets text/plain;charset=UTF-8', path: '/res/text', headers: ['content-type'] },
  { name: '204 has no body', path: '/res/empty', headers: ['x-empty', 'content-type'] },
  { name: 'bytes body has no content-type', path: '/res/bytes', headers: ['content-type'] },
  { name: 'streamed body arrives whole', path: '/res/stream', headers: ['content-type'] },
  { name: 'HEAD on a streamed route', method: 'HEAD', path: '/res/stream', headers: ['content-type'] },

  // Failures (section 2)
  { name: 'a throwing handler is an empty 500', path: '/err/throw', headers: ['content-type'] },
  { name: 'returning nothing is an empty 500', path: '/err/undefined', headers: ['content-type'] },
  { name: 'returning NextResponse.next() is a 500', path: '/err/next' },
  { name: 'returning NextResponse.rewrite() is a 500', path: '/err/rewrite' },

  // Helpers (section 4)
  { name: 'redirect() is 307 with the given location', path: '/nav/redirect', headers: ['location', 'content-type'] },
  { name: 'redirect() after cookies().set keeps the cookie', method: 'POST', path: '/nav/redirect', send: json, body: '{}', headers: ['location', 'set-cookie'] },
  { name: 'redirect() from a form POST is 303', method: 'POST', path: '/nav/redirect', send: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=1', headers: ['location', 'set-cookie'] },
  { name: 'permanentRedirect() is 308', path: '/nav/permanent', headers: ['location'] },
  { name: 'notFound() is an empty 404 and drops cookies', path: '/nav/not-found', headers: ['set-cookie', 'content-type'] },
  { name: 'headers() reads the request and is read-only', path: '/hdr/headers', send: { 'x-custom': 'h' } },
  { name: 'cookies() set/delete come after the Response\'s own Set-Cookie', path: '/hdr/cookies', send: { cookie: 's=1; old=2' }, headers: ['set-cookie'] },
  { name: 'NextResponse.redirect with an absolute URL', path: '/nr/redirect', headers: ['location'] },
  { name: 'NextResponse.redirect with 301', path: '/nr/redirect?status=301', headers: ['location'] },
  { name: 'NextResponse.redirect with an invalid status is a 500', path: '/nr/redirect?status=200' },
  { name: 'NextResponse.redirect with a relative URL is a 500', path: '/nr/relative' },
  { name: 'top-level await in a route module', path: '/tla' },
  { name: 'tsconfig paths alias', path: '/alias' },
  { name: 'userAgent() parses like Next', path: '/ua', send: { 'user-agent': UA } },
  { name: 'userAgent() of a desktop browser', path: '/ua', send: { 'user-agent': DESKTOP_UA } },
  { name: 'userAgent() flags a crawler as a bot', path: '/ua', send: { 'user-agent': BOT_UA } },
  { name: 'userAgent() without a User-Agent header', path: '/ua' },
  // PREVIEW_ID stands for the build's previewModeId (recorded from next start, given to the bridge).
  { name: 'draftMode() is off without the bypass cookie', path: '/draft' },
  { name: 'draftMode().enable() sets the bypass cookie', path: '/draft?set=on', headers: ['set-cookie'] },
  { name: 'draftMode() is on with the bypass cookie', path: '/draft', send: { cookie: '__prerender_bypass=PREVIEW_ID' } },
  { name: 'draftMode() ignores and clears a wrong bypass cookie', path: '/draft', send: { cookie: '__prerender_bypass=guess' }, headers: ['set-cookie'] },
  { name: 'draftMode().disable() expires the cookie', path: '/draft?set=off', send: { cookie: '__prerender_bypass=PREVIEW_ID' }, headers: ['set-cookie'] },
  { name: 'after(): the response goes out first', path: '/after', send: { 'x-tag': 't1' } },
  { name: 'after(): callbacks ran afterwards, in order, with the request headers', path: '/after/log' },
  { name: 'forbidden() is an empty 403 and drops cookies', path: '/auth/forbidden', headers: ['set-cookie', 'content-type'] },
  { name: 'unauthorized() is an empty 401', path: '/auth/unauthorized', headers: ['content-type'] },

  // Middleware / proxy.ts (next-middleware.md sections 2, 3, 8)
  { name: 'mw: unmatched path runs no middleware', path: '/echo', headers: ['x-mw'] },
  { name: 'mw: next() headers reach the response and the request', path: '/mw/next-header', headers: ['x-mw-ran', 'x-shared', 'x-middleware-next'] },
  { name: 'mw: request header override (add and delete)', path: '/mw/override', send: { 'x-remove': '1', 'x-keep': 'k' }, headers: ['x-middleware-override-headers'] },
  { name: 'mw: request header override replaces the set', path: '/mw/override-only', send: { 'x-keep': 'k' } },
  { name: 'mw: internal rewrite replaces path and query', path: '/mw/rewrite?orig=1', headers: ['x-middleware-rewrite'] },
  { name: 'mw: rewrite keeping the query via nextUrl.clone()', path: '/mw/rewrite-keep-query?orig=1', headers: ['x-middleware-rewrite'] },
  { name: 'mw: rewrite onto a dynamic route', path: '/mw/rewrite-dyn', headers: ['x-middleware-rewrite'] },
  { name: 'mw: rewrite to a missing path is 404', path: '/mw/rewrite-missing', headers: ['x-middleware-rewrite'], body: false },
  { name: 'mw: redirect made relative, body is the location', path: '/mw/redirect', headers: ['location'] },
  { name: 'mw: 308 redirect adds Refresh', path: '/mw/redirect-308', headers: ['location', 'refresh'] },
  { name: 'mw: external redirect stays absolute', path: '/mw/redirect-external', headers: ['location'] },
  { name: 'mw: redirect keeps cookies and headers', path: '/mw/redirect-cookie', headers: ['location', 'set-cookie', 'x-redirect-header'] },
  { name: 'mw: direct response', path: '/mw/respond', headers: ['www-authenticate'] },
  { name: 'mw: direct JSON response', path: '/mw/json', headers: ['content-type'] },
  { name: 'mw: response cookies come first and reach the request', path: '/mw/cookies', send: { cookie: 'keep=2' }, headers: ['set-cookie'] },
  { name: 'mw: Location with 200 is a plain header (CVE-2025-57822)', path: '/mw/location-200', headers: ['location'] },
  { name: 'mw: middleware that throws is a 500', path: '/mw/throw', body: false },
  { name: 'mw: body read by middleware and by the handler', method: 'POST', path: '/mw/readbody', send: { 'content-type': 'text/plain' }, body: 'hello=1', headers: ['x-mw-body'] },
  { name: 'mw: guard blocks', path: '/guard', headers: ['content-type'] },
  { name: 'mw: guard blocks the .rsc variant', path: '/guard.rsc', body: false },
  { name: 'mw: guard blocks with x-middleware-subrequest (CVE-2025-29927)', path: '/guard', send: { 'x-middleware-subrequest': 'proxy:proxy:proxy:proxy:proxy' } },
  { name: 'mw: client x-middleware-rewrite does nothing', path: '/target', send: { 'x-middleware-rewrite': '/guard' } },
  { name: 'mw: has header matches', path: '/has', send: { 'x-flag': 'on' }, headers: ['x-mw'] },
  { name: 'mw: has header absent', path: '/has', headers: ['x-mw'] },
  { name: 'mw: missing cookie absent', path: '/missing', headers: ['x-mw'] },
  { name: 'mw: missing cookie present', path: '/missing', send: { cookie: 'skip=1' }, headers: ['x-mw'] }
]
