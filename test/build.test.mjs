// `fastify-next-routes build` and serving a build: the example app answers as without a build;
// shared modules stay one instance; assets, next.config.ts, pages/api, CommonJS interop; a stale
// build is refused naming what changed; a failing build names every failing file.
import t from 'tap'
import { execFileSync, spawnSync } from 'node:child_process'
import { appendFileSync, cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildApp } from '../dist/build/compile.js'
import { scratchDir, serve, tempDir, writeApp } from './helper.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const cli = join(root, 'dist', 'cli.js')
// Apps live inside the repository (.scratch/), so `react` and the other packages resolve as for fixtures.
const scratch = scratchDir()

const app = files => writeApp(files, { prefix: 'build-app-', inRepo: true })

async function answers (server, paths) {
  const out = {}
  for (const path of paths) {
    const res = await server.fetch(path)
    out[path] = { status: res.status, type: res.headers['content-type'], body: res.body.replace(/"(?:now|time|generatedAt)":"[^"]+"/g, '') }
  }
  return out
}

t.test('the example app answers from a build as without one', async t => {
  const dir = tempDir('example-', scratch)
  cpSync(join(root, 'examples'), dir, { recursive: true })
  const paths = ['/', '/api/hello', '/api/users/1', '/api/users/404', '/api/products/7', '/docs', '/docs/a/b', '/robots.txt', '/sitemap.xml', '/api/nope']
  const plain = await answers(await serve(t, { dir }), paths)
  const out = execFileSync(process.execPath, [cli, 'build', dir], { encoding: 'utf8' })
  t.match(out, /built 12 module\(s\)/)
  const manifest = JSON.parse(readFileSync(join(dir, '.fastify-next-routes', 'manifest.json'), 'utf8'))
  t.same(manifest.routes.find(r => r.pattern === '/api/echo').methods, ['POST'], 'the manifest lists each route\'s methods')
  t.equal(manifest.modules['app/api/session/route.ts'].scope, true, 'and which modules want the request scope')
  const logs = []
  const built = await answers(await serve(t, { dir, build: true }, { logs }), paths)
  t.same(built, plain)
  t.ok(logs.some(l => /serving the build in .*\.fastify-next-routes \(12 modules/.test(l.msg)), 'the startup log names the build')
})

t.test('a module shared by route files is one instance', async t => {
  const dir = app({
    'lib/counter.ts': 'export const state = { n: 0 }\nexport class Token {}\nexport const token = new Token()\n',
    'app/inc/route.ts': "import { state } from '../../lib/counter'\nexport function POST () { state.n++; return Response.json(state) }\n",
    'app/read/route.ts': "import { state, token, Token } from '@/lib/counter'\nexport function GET () { return Response.json({ n: state.n, same: token instanceof Token }) }\n",
    'tsconfig.json': JSON.stringify({ compilerOptions: { paths: { '@/*': ['./*'] } } })
  })
  await buildApp(dir)
  const server = await serve(t, { dir, build: true })
  await server.fetch('/inc', { method: 'POST' })
  await server.fetch('/inc', { method: 'POST' })
  t.same(JSON.parse((await server.fetch('/read')).body), { n: 2, same: true })
})

t.test('assets, JSX, next.config.ts, pages/api and CommonJS default imports', async t => {
  // A 1x1 PNG.
  const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64')
  const dir = app({
    'next.config.ts': "import type { NextConfig } from 'next'\nconst config: NextConfig = { async headers () { return [{ source: '/:path*', headers: [{ key: 'x-config', value: 'ts' }] }] } }\nexport default config\n",
    'app/logo.png': '',
    'app/styles.css': 'body { color: red }',
    'app/jsx/route.tsx': "import { renderToStaticMarkup } from 'react-dom/server'\nexport function GET () { return new Response(renderToStaticMarkup(<b>hi</b>)) }\n",
    'app/interop/route.ts': "import value from 'esm-flagged'\nexport function GET () { return Response.json({ value }) }\n",
    'pages/api/legacy.ts': "export default function handler (req, res) { res.status(200).json({ pages: true, method: req.method }) }\n",
    'node_modules/esm-flagged/package.json': '{ "name": "esm-flagged", "main": "index.js" }',
    'node_modules/esm-flagged/index.js': "Object.defineProperty(exports, '__esModule', { value: true }); exports.default = 'the default export'\n"
  })
  writeFileSync(join(dir, 'app', 'logo.png'), png)
  mkdirSync(join(dir, 'app/asset'))
  const plain = await answers(await serve(t, { dir }), ['/jsx', '/interop', '/api/legacy'])
  writeFileSync(join(dir, 'app/asset/route.ts'), "import logo from '../logo.png'\nimport css from '../styles.css'\nexport function GET () { return Response.json({ logo, css }) }\n")
  await buildApp(dir)
  const server = await serve(t, { dir, build: true })
  const built = await answers(server, ['/jsx', '/interop', '/api/legacy'])
  t.same(built, plain, 'the same answers as the loader gives')
  const asset = JSON.parse((await server.fetch('/asset')).body)
  t.match(asset.logo, { src: /^\/_next\/static\/media\/logo\.[0-9a-f]{8}\.png$/, width: 1, height: 1 }, 'an image import is the static image object')
  t.same(asset.css, {}, 'a stylesheet import is empty')
  t.equal(built['/jsx'].body, '<b>hi</b>')
  t.same(JSON.parse(built['/interop'].body), { value: 'the default export' }, 'exports.default of an __esModule CommonJS package')
  t.same(JSON.parse(built['/api/legacy'].body), { pages: true, method: 'GET' })
  t.equal((await server.fetch('/asset')).headers['x-config'], 'ts', 'next.config.ts applies')
})

t.test('import.meta and __dirname name the source file, as under the loader', async t => {
  const dir = app({
    'app/data.json': '{"from":"source folder"}\n',
    // ESM: a file next to the source, found from import.meta.url, import.meta.dirname and a
    // __dirname the file derives itself (the usual ESM idiom, which must keep its own declaration).
    'app/esm/route.ts': `import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
const __dirname = dirname(fileURLToPath(import.meta.url))
export function GET () {
  return Response.json({
    url: JSON.parse(readFileSync(new URL('../data.json', import.meta.url), 'utf8')).from,
    dirname: import.meta.dirname === undefined ? 'n/a' : join(import.meta.dirname, '..'),
    own: join(__dirname, '..'),
    file: import.meta.filename === undefined ? 'n/a' : import.meta.filename.endsWith(join('app', 'esm', 'route.ts'))
  })
}
`,
    // CommonJS: __dirname and __filename, which Node gives every CommonJS module.
    'app/cjs/route.js': `const { readFileSync } = require('node:fs')
const { join } = require('node:path')
exports.GET = () => Response.json({ from: JSON.parse(readFileSync(join(__dirname, '..', 'data.json'), 'utf8')).from, file: __filename.endsWith(join('app', 'cjs', 'route.js')) })
`
  })
  const plain = await answers(await serve(t, { dir }), ['/esm', '/cjs'])
  t.same(JSON.parse(plain['/esm'].body).url, 'source folder', 'the loader gives the source file')
  await buildApp(dir)
  const built = await answers(await serve(t, { dir, build: true }), ['/esm', '/cjs'])
  t.same(built, plain, 'a build gives the same answers')
  t.same(JSON.parse(built['/cjs'].body), { from: 'source folder', file: true })
  t.equal(JSON.parse(built['/esm'].body).own, join(dir, 'app'))
})

t.test('a stale build is refused, saying what changed', async t => {
  const dir = app({ 'app/a/route.ts': 'export function GET () { return Response.json(1) }\n' })
  await buildApp(dir)
  appendFileSync(join(dir, 'app/a/route.ts'), '// edited\n')
  await t.rejects(serve(t, { dir, build: true }), { code: 'FST_ERR_NEXT_BUILD_STALE', message: /changed since: app\/a\/route\.ts.*Run `fastify-next-routes build`/ })
  await buildApp(dir)
  await t.resolves(serve(t, { dir, build: true }), 'fresh again after building')
  mkdirSync(join(dir, 'app/b'))
  writeFileSync(join(dir, 'app/b/route.ts'), 'export function GET () { return Response.json(2) }\n')
  await t.rejects(serve(t, { dir, build: true }), { code: 'FST_ERR_NEXT_BUILD_STALE', message: /files added since: app\/b\/route\.ts/ })
  rmSync(join(dir, 'app/a'), { recursive: true })
  await t.rejects(serve(t, { dir, build: true }), { code: 'FST_ERR_NEXT_BUILD_STALE', message: /files added since: app\/b\/route\.ts; files removed since: app\/a\/route\.ts/ })
  const manifest = join(dir, '.fastify-next-routes', 'manifest.json')
  await buildApp(dir)
  writeFileSync(manifest, readFileSync(manifest, 'utf8').replace(/"package": "[^"]+"/, '"package": "0.0.1"'))
  await t.rejects(serve(t, { dir, build: true }), { code: 'FST_ERR_NEXT_BUILD_STALE', message: /built by fastify-next-routes 0\.0\.1, this is/ })
  await t.rejects(serve(t, { dir, build: join(dir, 'nowhere') }), { code: 'FST_ERR_NEXT_BUILD_MISSING' })
  // The CLI: start refuses the stale default build; --no-build compiles at startup instead.
  const refused = spawnSync(process.execPath, [cli, 'start', dir, '--port', '0', '--host', '127.0.0.1'], { encoding: 'utf8', timeout: 30_000 })
  t.equal(refused.status, 1)
  t.match(refused.stderr, /FST_ERR_NEXT_BUILD_STALE|is out of date: it was built by fastify-next-routes 0\.0\.1/)
})

t.test('a stale build is refused when a base tsconfig it extends changed (paths)', async t => {
  const dir = app({
    'app/v/route.ts': "import { v } from '@lib/v'\nexport function GET () { return Response.json(v) }\n",
    'lib/v.ts': "export const v = 'one'\n",
    'lib2/v.ts': "export const v = 'two'\n",
    'tsconfig.base.json': JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@lib/*': ['lib/*'] } } }),
    'tsconfig.json': '{\n  // JSONC, as tsc reads it\n  "extends": "./tsconfig.base"\n}\n'
  })
  await buildApp(dir)
  t.equal((await (await serve(t, { dir, build: true })).fetch('/v')).body, '"one"')
  writeFileSync(join(dir, 'tsconfig.base.json'), JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@lib/*': ['lib2/*'] } } }))
  t.equal((await (await serve(t, { dir })).fetch('/v')).body, '"two"', 'without a build the new paths apply')
  await t.rejects(serve(t, { dir, build: true }), { code: 'FST_ERR_NEXT_BUILD_STALE', message: /changed since: tsconfig\.base\.json/ })
})

t.test('a stale build is refused when a file a template-literal import() would reach was added', async t => {
  const dir = app({
    'app/t/[lang]/route.ts': 'export async function GET (_req, { params }) {\n  const { lang } = await params\n  return Response.json((await import(`../../../locales/${lang}.json`)).default)\n}\n',
    'locales/en.json': '{"hi":"hello"}'
  })
  await buildApp(dir)
  t.equal((await (await serve(t, { dir, build: true })).fetch('/t/en')).body, '{"hi":"hello"}')
  mkdirSync(join(dir, 'locales/sub'))
  writeFileSync(join(dir, 'locales/sub/fr.json'), '{"hi":"bonjour"}')
  t.equal((await (await serve(t, { dir })).fetch('/t/sub%2Ffr')).status, 200, 'without a build the new file is imported')
  await t.rejects(serve(t, { dir, build: true }), { code: 'FST_ERR_NEXT_BUILD_STALE', message: /matched by an import of '\.\.\/\.\.\/\.\.\/locales\/\*\*\/\*\.json' in app\/t\/\[lang\]\/route\.ts: locales\/sub\/fr\.json/ })
  await buildApp(dir)
  // (not fetched: this process already imported the first build's modules, at the same paths)
  await t.resolves(serve(t, { dir, build: true }), 'fresh again after building')
})

t.test('a build folder outside the app folder: packages resolve from the app folder (import and require)', async t => {
  // The app and its package outside the repository, so nothing but its own node_modules has `dep`.
  const dir = tempDir('build-outside-app-')
  const files = {
    'app/esm/route.ts': "import dep from 'dep'\nexport function GET () { return Response.json(dep()) }\n",
    'app/cjs/route.js': "const dep = require('dep')\nexports.GET = () => Response.json(dep())\n",
    'node_modules/dep/package.json': '{"name":"dep","main":"index.js"}',
    'node_modules/dep/index.js': "module.exports = () => 'from the app'\n"
  }
  for (const [name, source] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true })
    writeFileSync(join(dir, name), source)
  }
  const out = join(tempDir('build-outside-out-'), 'build')
  await buildApp(dir, { out })
  const server = await serve(t, { dir, build: out })
  t.same(await answers(server, ['/esm', '/cjs']), {
    '/esm': { status: 200, type: 'application/json', body: '"from the app"' },
    '/cjs': { status: 200, type: 'application/json', body: '"from the app"' }
  })
})

t.test('a build that fails names every failing file', async t => {
  const dir = app({
    'app/a/route.ts': "import { x } from './missing'\nexport function GET () { return Response.json(x) }\n",
    'app/b/route.ts': 'export function GET () { return Response.json({ a: }) }\n',
    'app/c/route.ts': 'export function GET () { return Response.json(3) }\n'
  })
  const err = await buildApp(dir).catch(e => e)
  t.equal(err.code, 'FST_ERR_NEXT_BUILD')
  t.same(err.files.sort(), ['app/a/route.ts', 'app/b/route.ts'])
  t.match(err.message, /app\/a\/route\.ts:1:\d+: Could not resolve "\.\/missing"/)
  t.match(err.message, /app\/b\/route\.ts:1:\d+: /)
  t.match(err.message, /Fix them and run `fastify-next-routes build` again/)
})

t.test('--no-build ignores the build; a start from a build loads no compiler', async t => {
  const dir = app({ 'app/a/route.ts': 'export function GET () { return Response.json(1) }\n' })
  await buildApp(dir)
  appendFileSync(join(dir, 'app/a/route.ts'), '// edited\n')
  // A child that starts the plugin and reports whether jiti's files were ever loaded.
  const child = (build) => `
    import Fastify from 'fastify'
    import { createRequire } from 'node:module'
    import plugin from ${JSON.stringify(join(root, 'dist', 'index.js'))}
    const app = Fastify()
    await app.register(plugin, { dir: ${JSON.stringify(dir)}${build ? ', build: true' : ''} })
    await app.ready()
    console.log(Object.keys(createRequire(import.meta.url).cache).some(f => f.includes('/node_modules/jiti/')))
    await app.close()`
  const run = build => execFileSync(process.execPath, ['--input-type=module', '-e', child(build)], { cwd: root, encoding: 'utf8' }).trim()
  t.equal(run(false), 'true', 'without a build, jiti compiles the route files')
  await buildApp(dir)
  t.equal(run(true), 'false', 'with a build, jiti (and babel) are never loaded')
})
