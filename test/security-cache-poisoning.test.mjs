// Cache poisoning: nothing a client sends besides the path may shape what is stored and served to
// everyone else. Entries are generated from a stripped request (no Host, headers, cookies or
// query), middleware headers are never stored, and only a plain GET/HEAD miss writes.
import t from 'tap'
import { serve, writeApp } from './helper.mjs'

const dir = writeApp({
  'app/page/route.ts': `
    export const dynamic = 'force-static'
    export function GET (request: Request) {
      return Response.json({ url: request.url, headers: [...request.headers], v: crypto.randomUUID() })
    }`,
  'app/item/[id]/route.ts': `
    import type { NextRequest } from 'next/server'
    export const revalidate = 60
    export async function GET (request: NextRequest, { params }: { params: Promise<{ id: string }> }) {
      return Response.json({ id: (await params).id, pathname: request.nextUrl.pathname, v: crypto.randomUUID() })
    }`,
  'app/reads-host/route.ts': `
    export const revalidate = 60
    export function GET (request: Request) {
      return Response.json({ host: request.headers.get('x-forwarded-host') })
    }`,
  'proxy.ts': `
    import { NextResponse, type NextRequest } from 'next/server'
    export const config = { matcher: ['/page', '/item/:id'] }
    export function proxy (request: NextRequest) {
      const who = request.nextUrl.searchParams.get('who')
      const res = NextResponse.next({ headers: { 'x-mw': 'ran' } })
      if (who !== null) res.cookies.set('who', who)
      return res
    }`
})

const attack = {
  host: 'evil.example',
  'x-forwarded-host': 'evil.example',
  'x-forwarded-proto': 'https',
  'x-forwarded-for': '6.6.6.6',
  cookie: 'session=attacker',
  'x-middleware-rewrite': '/elsewhere',
  'x-middleware-override-headers': 'x-evil',
  'x-middleware-request-x-evil': '1',
  'x-evil': '1'
}

t.test('the request that generates an entry cannot put its host, headers or query into it', async t => {
  const s = await serve(t, { dir, prerender: 'request' })
  const first = await s.sendRaw('/page?q=%3Cscript%3E', attack)
  t.equal(first.headers['x-nextjs-cache'], 'MISS', 'this request generated the entry')
  const body = JSON.parse(first.body)
  t.equal(body.url, 'http://localhost:3000/page', 'no host, scheme or query of the client')
  t.same(body.headers, [], 'no header of the client')
  const victim = await s.sendRaw('/page')
  t.equal(victim.headers['x-nextjs-cache'], 'HIT')
  t.equal(victim.body, first.body, 'everyone else gets that clean entry')
})

t.test('a handler that reads request data is not cached at all', async t => {
  const s = await serve(t, { dir, prerender: 'request' })
  const evil = await s.sendRaw('/reads-host', { 'x-forwarded-host': 'evil.example' })
  const victim = await s.sendRaw('/reads-host')
  t.equal(evil.headers['x-nextjs-cache'], undefined)
  t.equal(JSON.parse(victim.body).host, '127.0.0.1:' + s.port, "the victim's own request is answered")
})

t.test("middleware headers and cookies reach one response, never the entry", async t => {
  const s = await serve(t, { dir, prerender: 'request' })
  const first = await s.sendRaw('/page?who=attacker')
  t.equal(first.headers['x-mw'], 'ran')
  t.match([].concat(first.headers['set-cookie']).join(), /who=attacker/)
  const victim = await s.sendRaw('/page')
  t.equal(victim.headers['x-nextjs-cache'], 'HIT')
  t.equal(victim.headers['set-cookie'], undefined, "the attacker's cookie is not replayed")
  t.equal(victim.headers['x-mw'], 'ran', "the victim's own middleware run still adds its header")
})

t.test('encoded and oddly written paths read and write the entry of the path they route to', async t => {
  const s = await serve(t, { dir, prerender: 'request' })
  const plain = await s.sendRaw('/item/a')
  t.equal(plain.headers['x-nextjs-cache'], 'MISS')
  for (const variant of ['/item/%61', '/item/a?x=1']) {
    const res = await s.sendRaw(variant)
    t.equal(res.headers['x-nextjs-cache'], 'HIT', `${variant} is the same entry`)
    t.equal(res.body, plain.body)
  }
  const slash = await s.sendRaw('/item/a%2Fb')
  t.equal(JSON.parse(slash.body).id, 'a/b', 'an encoded slash is one param value, with its own entry')
  t.not(slash.body, plain.body)
  // A '#' sent on the wire (browsers never send one) has no canonical path: refused, so it can
  // neither read nor write any entry.
  const hash = await s.sendRaw('/item/a#frag')
  t.equal(hash.status, 400)
  t.equal((await s.sendRaw('/item/a')).body, plain.body, '/item/a is untouched')
  t.equal((await s.sendRaw('/%69tem/a')).status, 404, 'an encoded static segment reaches no entry')
  t.equal((await s.sendRaw('/item/a/')).status, 308, 'a trailing slash redirects before the cache')
})

t.test("Next's internal revalidation header does nothing here", async t => {
  const s = await serve(t, { dir, previewModeId: 'build-secret' })
  const before = await s.sendRaw('/page')
  const forced = await s.sendRaw('/page', { 'x-prerender-revalidate': 'build-secret', 'x-nextjs-cache': 'MISS' })
  t.equal(forced.headers['x-nextjs-cache'], 'HIT')
  t.equal(forced.body, before.body, 'not regenerated')
})

t.test('draft mode reads past the cache without writing to it', async t => {
  const s = await serve(t, { dir, previewModeId: 'build-secret' })
  const before = await s.sendRaw('/page')
  const draft = await s.sendRaw('/page', { cookie: '__prerender_bypass=build-secret' })
  t.not(draft.body, before.body, 'the handler ran for the draft request')
  const after = await s.sendRaw('/page')
  t.equal(after.body, before.body, 'and the entry is what it was')
})

t.test('a HEAD miss stores the full GET entry, not an empty body', async t => {
  const s = await serve(t, { dir, prerender: 'request' })
  const head = await new Promise((resolve, reject) => {
    import('node:http').then(({ request }) => {
      const req = request({ host: '127.0.0.1', port: s.port, method: 'HEAD', path: '/item/h' }, res => { res.resume(); res.on('end', () => resolve(res)) })
      req.on('error', reject)
      req.end()
    })
  })
  t.equal(head.headers['x-nextjs-cache'], 'MISS')
  const get = await s.sendRaw('/item/h')
  t.equal(get.headers['x-nextjs-cache'], 'HIT')
  t.equal(JSON.parse(get.body).id, 'h', 'the stored entry has the body')
})
