// Attack class: Fastify router options. Each makes find-my-way route a path other than the one
// sent: `caseSensitive: false` folds case (Unicode-wide: the Kelvin sign K folds to k),
// `useSemicolonDelimiter` cuts at `;`, `ignoreDuplicateSlashes` collapses `//`,
// `ignoreTrailingSlash` drops a final `/`. Guards in code compare nextUrl.pathname as sent. Route
// files serve only the canonical spelling of their path (404 otherwise); the host app's own routes
// (seen with middlewareScope 'all') answer a 308 to the spelling they were registered with, so the
// middleware always decides on the path that is served.
import t from 'tap'
import { serve, writeApp } from './helper.mjs'
import { sendRawLine } from './fixtures/path-fuzz/raw.mjs'

const dir = writeApp({
  'app/admin/route.js': "export const GET = () => new Response('admin secret')",
  'app/billing/route.js': "export const GET = () => new Response('billing secret')",
  'app/checkout/route.js': "export const GET = () => new Response('checkout secret')",
  'app/p/[id]/route.js': "export const GET = async (r, { params }) => Response.json(await params)",
  'proxy.js': `export function proxy (request) {
  const p = request.nextUrl.pathname
  if (p === '/admin' || p === '/billing' || p === '/checkout' || p.startsWith('/legacy/admin') || p === '/legacy/billing' || p === '/legacy/checkout') {
    if (request.headers.get('x-auth') !== 'ok') return new Response('blocked', { status: 401 })
  }
}`
})
const setup = app => {
  for (const url of ['/legacy/admin/:id', '/legacy/billing', '/legacy/checkout']) app.get(url, () => `host ${url} secret`)
}

const CASES = [
  [{ caseSensitive: false }, ['/ADMIN', '/Admin', '/BILLING', '/chec%E2%84%AAout', '/%E2%84%AA', '/LEGACY/ADMIN/7', '/legacy/Billing', '/legacy/chec%E2%84%AAout']],
  [{ useSemicolonDelimiter: true }, ['/admin;x', '/billing;jsessionid=1', '/legacy/billing;x', '/legacy/admin;x/7']],
  [{ ignoreDuplicateSlashes: true }, ['//admin', '/legacy//admin/7', '//legacy/billing', '///billing']],
  [{ ignoreTrailingSlash: true }, ['/admin/', '/legacy/billing/', '/legacy/admin/7/']],
  [{ caseSensitive: false, useSemicolonDelimiter: true, ignoreDuplicateSlashes: true, ignoreTrailingSlash: true }, ['//ADMIN;x/', '/Legacy//Billing;x', '/%42illing;x']]
]

for (const [routerOptions, targets] of CASES) {
  t.test(`router ${JSON.stringify(routerOptions)}`, async t => {
    const s = await serve(t, { dir }, { fastify: { routerOptions }, setup })
    for (const target of targets) {
      // Follow the 308s (each to a same-origin canonical spelling) to the end of the chain.
      let res = await sendRawLine(s.port, target)
      const chain = [target]
      while (res.status === 308 && chain.length < 5) {
        t.notOk(/secret/.test(res.body))
        chain.push(res.headers.location)
        res = await sendRawLine(s.port, res.headers.location)
      }
      t.notOk(/secret/.test(res.body), `${chain.join(' -> ')} -> ${res.status}: no protected answer without the guard`)
      t.ok([400, 401, 404].includes(res.status), `${chain.join(' -> ')}: refused (${res.status})`)
    }
  })
}

t.test('maxParamLength: an over-long param is the router\'s 414, never another route', async t => {
  const s = await serve(t, { dir }, { fastify: { routerOptions: { maxParamLength: 10 } } })
  t.equal((await sendRawLine(s.port, '/p/' + 'x'.repeat(11))).status, 414)
  t.equal((await sendRawLine(s.port, '/p/' + 'x'.repeat(10))).status, 200)
})
