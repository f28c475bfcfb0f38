// Attack class: cache deception. A cached route (revalidate, force-static) sends a shared-cache
// Cache-Control (s-maxage); a middleware that personalises the answer (Cache-Control: private, a
// Set-Cookie, a user header) must keep a CDN from storing it for everyone. The middleware's
// Cache-Control stands; a Set-Cookie without one makes the answer private, no-store; and nothing the
// middleware added is stored in the entry.
import t from 'tap'
import { serve, writeApp } from './helper.mjs'

const dir = writeApp({
  'app/feed/route.js': "export const revalidate = 60\nexport const GET = () => Response.json({ at: Math.random() })",
  'app/page/route.js': "export const dynamic = 'force-static'\nexport const GET = () => Response.json({ page: 1 })",
  'proxy.js': `import { NextResponse } from 'next/server'
export function proxy (request) {
  const mode = request.nextUrl.searchParams.get('mw')
  if (mode === 'private') return NextResponse.next({ headers: { 'cache-control': 'private, no-store', 'x-user': 'alice' } })
  if (mode === 'cookie') {
    const res = NextResponse.next({ headers: { 'x-user': 'alice' } })
    res.cookies.set('session', 'alice-secret')
    return res
  }
  return NextResponse.next()
}`
})

t.test('the middleware keeps a cached answer private', async t => {
  const s = await serve(t, { dir })
  for (const path of ['/feed', '/page']) {
    const plain = await s.fetch(path)
    t.match(plain.headers['cache-control'], /s-maxage=/, `${path}: the cached answer alone is shared`)
    const priv = await s.fetch(path + '?mw=private')
    t.equal(priv.headers['cache-control'], 'private, no-store', `${path}: the middleware's Cache-Control stands`)
    t.equal(priv.headers['x-user'], 'alice')
    t.equal(priv.headers['x-nextjs-cache'], 'HIT', 'still from the cache')
    const cookie = await s.fetch(path + '?mw=cookie')
    t.match(cookie.headers['set-cookie'], /session=alice-secret/)
    t.notMatch(cookie.headers['cache-control'], /s-maxage|public/, `${path}: a Set-Cookie is never sent with a shared Cache-Control`)
    t.match(cookie.headers['cache-control'], /private/)
    const after = await s.fetch(path)
    t.equal(after.headers['set-cookie'], undefined, `${path}: the cookie was not stored in the entry`)
    t.equal(after.headers['x-user'], undefined)
    t.match(after.headers['cache-control'], /s-maxage=/)
  }
})
