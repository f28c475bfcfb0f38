// Real Next.js apps load and run unmodified: real libraries (server-only, client-only, next-auth
// v4, next-intl) and small local packages reaching next/* from CommonJS and ES modules, JSX, assets
// and .env files. Each case runs twice: in an app without `next` and in one with next@16.4.6
// installed (test/fixtures/ecosystem*/, installed once by scripts/setup-fixtures.mjs).
import t from 'tap'
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import Fastify from 'fastify'
import nextRoutes from '../dist/index.js'
import { fixtures, serve, tempDir } from './helper.mjs'

const MODES = [['without next', 'ecosystem'], ['with next@16.4.6 installed', 'ecosystem-next']]
const logo = join(fixtures, 'ecosystem-libs', 'logo.png')

function appIn (fixture, files) {
  const base = join(fixtures, fixture, '.apps')
  mkdirSync(base, { recursive: true })
  const dir = tempDir('app-', base)
  for (const [name, source] of Object.entries(files)) {
    const file = join(dir, name)
    mkdirSync(dirname(file), { recursive: true })
    if (source === logo) copyFileSync(logo, file)
    else writeFileSync(file, source)
  }
  return dir
}

for (const [mode, fixture] of MODES) {
  const root = join(fixtures, fixture)
  if (!existsSync(join(root, 'node_modules', '.fixture-installed'))) {
    t.fail(`${fixture} packages are not installed: run node scripts/setup-fixtures.mjs`)
    continue
  }
  t.test(mode, async t => {
    t.equal(existsSync(join(root, 'node_modules', 'next', 'package.json')), fixture === 'ecosystem-next', 'the fixture has next installed or not, as the mode says')

    t.test('next/* for route files and for CommonJS and ES module packages: one instance, one request scope', async t => {
      const dir = appIn(fixture, {
        'app/libs/route.ts': `
import 'server-only'
import { NextRequest, NextResponse } from 'next/server'
import { readHeader as cjsRead, NextResponse as CjsResponse } from 'cjs-headers-lib'
import { readHeader as esmRead, NextRequest as EsmRequest } from 'esm-headers-lib'
import { info } from 'constants-lib'
import Link from 'next/link'
import Image from 'next/image'
import { useRouter } from 'next/router'
import Script from 'next/script'
import dynamic from 'next/dynamic'
import { Inter } from 'next/font/google'
import { useReportWebVitals } from 'next/web-vitals'
import { NextRequest as DistRequest } from 'next/dist/server/web/spec-extension/request'
import pkg from 'next/package.json'
const inter = Inter({ subsets: ['latin'] })
export async function GET (request: NextRequest) {
  let router = ''
  try { useRouter() } catch (err) { router = (err as Error).message }
  return NextResponse.json({
    cjs: await cjsRead('x-probe'), esm: await esmRead('x-probe'),
    sameClasses: CjsResponse === NextResponse && EsmRequest === NextRequest && DistRequest === NextRequest,
    info, version: pkg.version,
    stubs: [Link, Image, Script, dynamic(() => null), useReportWebVitals].map(f => typeof f),
    font: inter.style.fontFamily, router
  })
}`
      })
      const s = await serve(t, { dir })
      const res = await s.fetch('/libs', { headers: { 'x-probe': 'seen' } })
      t.equal(res.status, 200, res.body)
      const body = JSON.parse(res.body)
      t.equal(body.cjs, 'seen', "a CommonJS package's require('next/headers') reads this request")
      t.equal(body.esm, 'seen', "an ES module package's import 'next/headers.js' reads this request")
      t.equal(body.sameClasses, true, 'next/server is one module for every importer')
      t.same(body.info, { PHASE_PRODUCTION_BUILD: 'phase-production-build', PHASE_PRODUCTION_SERVER: 'phase-production-server', version: '16.4.6' })
      t.equal(body.version, '16.4.6')
      t.same(body.stubs, ['function', 'function', 'function', 'function', 'function'])
      t.equal(body.font, "'Inter'")
      t.match(body.router, /Pages Router/)
    })

    t.test("packages Node loads itself get next/* through Node's module hooks", async t => {
      const dir = appIn(fixture, {
        'app/native/route.ts': `
import { headers } from 'next/headers'
export async function GET () {
  const g = globalThis as any
  return Response.json({ cjs: await g.nativeCjs.readHeader('x-probe'), esm: await g.nativeEsm.readHeader('x-probe'), own: (await headers()).get('x-probe') })
}`
      })
      const s = await serve(t, { dir })
      // Loaded by Node, not by the plugin's loader: require() and import() from the test itself.
      const require = createRequire(join(dir, 'index.js'))
      globalThis.nativeCjs = require('cjs-headers-lib')
      globalThis.nativeEsm = await import(require.resolve('esm-headers-lib'))
      t.teardown(() => { delete globalThis.nativeCjs; delete globalThis.nativeEsm })
      const res = await s.fetch('/native', { headers: { 'x-probe': 'native' } })
      t.same(JSON.parse(res.body), { cjs: 'native', esm: 'native', own: 'native' })
    })

    t.test('client-only throws on import, as in Next route handlers', async t => {
      const dir = appIn(fixture, { 'app/c/route.ts': "import 'client-only'\nexport function GET () { return new Response('x') }" })
      await t.rejects(async () => { await Fastify().register(nextRoutes, { dir }) }, { code: 'FST_ERR_NEXT_MODULE_LOAD', message: /app\/c\/route\.ts.*cannot be imported from a Server Component module/s })
    })

    t.test('next-auth v4 (installed as next-auth-v4 beside v5): default import of a CommonJS provider and the App Router handler', async t => {
      const dir = appIn(fixture, {
        'app/api/auth/[...nextauth]/route.ts': `
import NextAuth from 'next-auth-v4'
import GitHubProvider from 'next-auth-v4/providers/github'
const handler = NextAuth({ secret: 'test-secret', providers: [GitHubProvider({ clientId: 'id', clientSecret: 'secret' })] })
export { handler as GET, handler as POST }`
      })
      const logs = []
      process.env.NEXTAUTH_URL = 'http://localhost:3000'
      t.teardown(() => { delete process.env.NEXTAUTH_URL })
      const s = await serve(t, { dir }, { logs })
      const res = await s.fetch('/api/auth/providers')
      t.equal(res.status, 200, res.body)
      t.same(Object.keys(JSON.parse(res.body)), ['github'])
      t.equal(JSON.parse(res.body).github.name, 'GitHub')
      t.notOk(logs.some(l => /Detected default export/.test(l.msg)), 'no default-export warning')
      const csrf = await s.fetch('/api/auth/csrf')
      t.match(JSON.parse(csrf.body).csrfToken, /^[0-9a-f]{64}$/, 'next-auth read and set cookies through next/headers')
    })

    t.test('next-intl: react-server exports and its middleware as proxy.ts', async t => {
      const dir = appIn(fixture, {
        'proxy.ts': "import createMiddleware from 'next-intl/middleware'\nexport default createMiddleware({ locales: ['en', 'de'], defaultLocale: 'en' })\nexport const config = { matcher: ['/((?!api).*)'] }",
        'app/[locale]/hello/route.ts': "export async function GET (_r: Request, { params }: { params: Promise<{ locale: string }> }) { return new Response('hello ' + (await params).locale) }"
      })
      const s = await serve(t, { dir })
      const res = await s.fetch('/hello', { headers: { 'accept-language': 'de' } })
      t.equal(res.status, 307)
      t.match(res.headers.location, /\/de\/hello$/)
      t.equal((await s.fetch('/de/hello')).body, 'hello de')
    })

    t.test('next-intl: getTranslations without i18n/request.ts answers 500 with a coded error', async t => {
      const dir = appIn(fixture, {
        'app/t/route.ts': "import { getTranslations } from 'next-intl/server'\nexport async function GET () { const t = await getTranslations({ locale: 'en' }); return new Response(t('x')) }"
      })
      const logs = []
      const s = await serve(t, { dir }, { logs })
      const res = await s.fetch('/t')
      t.equal(res.status, 500)
      const logged = logs.find(l => l.err?.code === 'FST_ERR_NEXT_INTL_CONFIG')
      t.ok(logged, 'the error is logged with its code')
      t.match(logged?.err?.message, /i18n\/request\.ts/)
    })

    t.test("JSX with the automatic runtime from the app's own react; images and stylesheets", async t => {
      const dir = appIn(fixture, {
        'app/mail/route.tsx': `
import './mail.css'
import logo from './logo.png'
function Mail ({ name }: { name: string }) { return <div style={{ color: 'red' }}><img src={logo.src} width={logo.width} /><p>Hello {name}</p></div> }
function render (node: any): string {
  if (node === null || node === undefined || node === false) return ''
  if (typeof node === 'string' || typeof node === 'number') return String(node)
  if (Array.isArray(node)) return node.map(render).join('')
  if (typeof node.type === 'function') return render(node.type(node.props))
  const { children, style, ...attrs } = node.props
  const a = Object.entries(attrs).map(([k, v]) => ' ' + k + '="' + v + '"').join('')
  return '<' + node.type + a + '>' + render(children) + '</' + node.type + '>'
}
export function GET () { return Response.json({ html: render(<Mail name="Ada" />), logo }) }`,
        'app/mail/mail.css': 'p { color: red }',
        'app/mail/logo.png': logo
      })
      const s = await serve(t, { dir })
      const res = await s.fetch('/mail')
      t.equal(res.status, 200, res.body)
      const body = JSON.parse(res.body)
      t.match(body.logo, { width: 3, height: 2, src: /^\/_next\/static\/media\/logo\.[0-9a-f]{8}\.png$/ })
      t.equal(body.html, `<div><img src="${body.logo.src}" width="3"></img><p>Hello Ada</p></div>`)
    })
  })
}

t.test('JSX without react installed: a coded error naming the file', async t => {
  const { writeApp } = await import('./helper.mjs')
  const dir = writeApp({ 'app/x/route.tsx': 'export function GET () { return Response.json(<b />) }' })
  await t.rejects(async () => { await Fastify().register(nextRoutes, { dir }) }, { code: 'FST_ERR_NEXT_MODULE_LOAD', message: /app\/x\/route\.tsx.*FST_ERR_NEXT_NO_REACT|app\/x\/route\.tsx.*npm install react/s })
})
