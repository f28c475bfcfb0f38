// The requests test/next-answers.test.mjs sends to test/fixtures/next-answers-<fixture> (the same
// middleware as proxy.ts, Node.js runtime, and as middleware.ts, Next's edge runtime), and what
// each compares with the answer `next start` 16.4.6 gave (test/next-answers.recorded.json,
// re-recorded by scripts/record-next-answers.mjs). `headers` lists the response headers compared
// (an absent one is compared as absent); the status always, the body unless `body: false` (Next's
// 404 page: /mw/next-headers has no route file).
const both = [
  { name: 'cookies', path: '/mw/cookie', headers: ['set-cookie'], why: 'cookies().get()/getAll() carry path "/", request.cookies.get() does not' },
  { name: 'next({ headers })', path: '/mw/next-headers', headers: ['x-full', 'x-empty'], body: false, why: 'an empty-valued header of next({ headers }) is not sent' },
  { name: 'repeated query key in the middleware', path: '/mw/url?a=1&b=two&a=3', why: 'a repeated key is grouped in request.url, nextUrl.search and searchParams' },
  { name: 'repeated query key in a route handler', path: '/target?a=1&b=two&a=3', why: 'and in a route handler' },
  { name: 'fetch(new Request(relative))', path: '/mw/fetch-req', why: 'fetch(new Request("/x"))' },
  { name: 'Response.redirect(relative)', path: '/mw/redirect-rel', why: 'Response.redirect("/x")' },
  { name: 'fetch() user-agent', path: '/mw/fetch-ua', why: 'fetch() from the middleware: user-agent' },
  { name: 'rewrite query to an edge handler', path: '/rewrite-query/edge?key=value', headers: ['x-middleware-rewrite'], why: "a rewrite's destination query reaches an edge route handler" },
  { name: 'a method the parser rejects', path: '/target', method: 'HEADER', send: {}, headers: ['content-type'], why: 'a method Node parser rejects: 400, no body, no content-type (with nextClientErrorHandler)' }
]

export const fixtures = {
  proxy: both,
  middleware: [
    ...both,
    { name: 'rewrite to an edge handler', path: '/rw/edge?key=value&b=2&key=3', why: "edge: the client's path, the destination's query" },
    { name: 'rewrite to a Node handler', path: '/rw/node?key=value', why: "Node: the client's URL" },
    { name: 'cookies() in a route handler', path: '/rh-cookie', why: 'cookies() in a route handler: path "/" too' }
  ]
}

// Every request sends the cookie a=1 unless it says otherwise.
export const DEFAULT_SEND = { cookie: 'a=1' }
