// How nextUrl spells a path it is turned back into a URL (String(url), href: a redirect's
// Location, a rewrite's target and its x-middleware-rewrite), as Next's NextURL: with a trailing
// slash when the request path had one (for `/`, when next.config has trailingSlash), without one
// otherwise. Next 16.4.6 answers
// /redirect-to-somewhere/ with Location /somewhere/ after `url.pathname = '/somewhere'`
// (test/conformance/next-e2e/middleware-trailing-slash); the cases without trailingSlash were checked
// once against a throwaway next start 16.4.6 build of this proxy (Location /somewhere, pathname /somewhere/).
import t from 'tap'
import { serve, writeApp } from './helper.mjs'
import { sendRawLine } from './fixtures/path-fuzz/raw.mjs'

const proxy = `import { NextResponse } from 'next/server'
export function proxy (request) {
  const url = request.nextUrl.clone()
  if (url.pathname.startsWith('/rewrite')) {
    url.pathname = '/plain'
    return NextResponse.rewrite(url)
  }
  const to = request.nextUrl.searchParams.get('to')
  if (to === null) return NextResponse.next()
  url.pathname = to
  url.search = ''
  return NextResponse.redirect(url, { headers: { 'x-href': url.href, 'x-pathname': url.pathname, 'x-json': JSON.stringify({ url }) } })
}`

t.test('trailingSlash: true', async t => {
  const s = await serve(t, { dir: writeApp({ 'proxy.js': proxy, 'next.config.mjs': 'export default { trailingSlash: true }', 'app/plain/route.js': 'export const GET = () => new Response("plain")' }) })
  const slash = await sendRawLine(s.port, '/from/?to=/somewhere')
  t.same([slash.status, slash.headers.location], [307, '/somewhere/'], 'the request had a slash: so has the Location')
  t.equal(new URL(slash.headers['x-href']).pathname, '/somewhere/', 'href too')
  t.equal(slash.headers['x-pathname'], '/somewhere', 'pathname stays as set')
  t.equal(new URL(JSON.parse(slash.headers['x-json']).url).pathname, '/somewhere/', 'and toJSON')
  const root = await sendRawLine(s.port, '/?to=/somewhere')
  t.equal(root.headers.location, '/somewhere/', 'from `/`: next.config decides')
  const file = await sendRawLine(s.port, '/file.txt?to=/somewhere')
  t.equal(file.headers.location, '/somewhere', 'a path without the slash (a file) gives none')
  const rewrite = await sendRawLine(s.port, '/rewrite/')
  t.same([rewrite.status, rewrite.body, rewrite.headers['x-middleware-rewrite']], [200, 'plain', '/plain/'], 'a rewrite: x-middleware-rewrite as the middleware spelled it, the route still found')
})

t.test('without trailingSlash', async t => {
  const s = await serve(t, { dir: writeApp({ 'proxy.js': proxy }) })
  const res = await sendRawLine(s.port, '/from?to=/somewhere/')
  t.same([res.status, res.headers.location], [307, '/somewhere'], 'a slash set on pathname is left out of the URL')
  t.equal(res.headers['x-pathname'], '/somewhere/', 'pathname stays as set')
  t.equal((await sendRawLine(s.port, '/from?to=/')).headers.location, '/', '`/` stays `/`')
})
