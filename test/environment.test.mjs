// The environment of `next start`/`next dev`, the light request handed on, request-scope detection,
// assets, and startup reporting every failing file.
import t from 'tap'
import { copyFileSync, readFileSync } from 'node:fs'
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import Fastify from 'fastify'
import nextRoutes from '../dist/index.js'
import { startDev } from '../dist/dev.js'
import { fixtures, serve, writeApp } from './helper.mjs'

const ENV_ROUTE = "export function GET () { return Response.json({ a: process.env.FNR_A, b: process.env.FNR_B, c: process.env.FNR_C, d: process.env.FNR_D, shell: process.env.FNR_SHELL, runtime: process.env.NEXT_RUNTIME }) }"
const ENV_FILES = {
  '.env': 'FNR_A=env\nFNR_B=env\nFNR_C=env\nFNR_D=env\nFNR_SHELL=env',
  '.env.local': 'FNR_A=local\nFNR_B=local',
  '.env.production': 'FNR_B=production\nFNR_C=production',
  '.env.production.local': 'FNR_A=production-local',
  '.env.development': 'FNR_C=development'
}

t.test('env: true loads .env files with Next\'s precedence and never overrides what is set', async t => {
  const dir = writeApp({ 'app/e/route.ts': ENV_ROUTE, ...ENV_FILES })
  process.env.FNR_SHELL = 'shell'
  t.teardown(() => { for (const k of ['FNR_A', 'FNR_B', 'FNR_C', 'FNR_D', 'FNR_SHELL']) delete process.env[k] })
  const s = await serve(t, { dir, env: true })
  // NODE_ENV is tap's default (not 'test', not 'development') here: production files apply.
  t.same(JSON.parse((await s.fetch('/e')).body), { a: 'production-local', b: 'local', c: 'production', d: 'env', shell: 'shell', runtime: 'nodejs' })
})

t.test('the plugin leaves .env files alone by default', async t => {
  const dir = writeApp({ 'app/e/route.ts': ENV_ROUTE, '.env': 'FNR_D=env' })
  const s = await serve(t, { dir })
  t.equal(JSON.parse((await s.fetch('/e')).body).d, undefined)
})

function runCli (args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(fixtures, '..', '..', 'dist', 'cli.js'), ...args], { env: { ...process.env, NODE_ENV: '', ...env } })
    let out = ''
    child.stdout.on('data', d => { out += d })
    child.stderr.on('data', d => { out += d })
    child.on('error', reject)
    child.on('close', () => resolve(out))
  })
}

t.test('the CLI runs with NODE_ENV production (routes/start) and reads the production env files', async t => {
  const dir = writeApp({ 'app/[x]/route.ts': 'export function GET () { return new Response("x") }', 'next.config.js': '', 'lib.ts': '', ...ENV_FILES })
  // `routes` loads the app as `start` does; a route file that prints what it sees at load.
  const probe = writeApp({ 'app/p/route.ts': "console.log('SEEN ' + JSON.stringify({ node: process.env.NODE_ENV, a: process.env.FNR_A, c: process.env.FNR_C }))\nexport function GET () { return new Response('') }", ...ENV_FILES })
  const env = { NODE_ENV: undefined }
  delete env.NODE_ENV
  const out = await runCli(['routes', probe], { NODE_ENV: '' })
  t.match(out, /SEEN \{"node":"production","a":"production-local","c":"production"\}/)
  const set = await runCli(['routes', probe], { NODE_ENV: 'development' })
  t.match(set, /SEEN \{"node":"development","a":"local","c":"development"\}/, 'NODE_ENV already set is kept, and picks the files')
  t.ok(dir)
})

t.test('dev runs with NODE_ENV development', async t => {
  const out = []
  const child = spawn(process.execPath, [join(fixtures, '..', '..', 'dist', 'cli.js'), 'dev', writeApp({ 'app/p/route.ts': "console.log('SEEN ' + process.env.NODE_ENV)\nexport function GET () { return new Response('') }" }), '--port', '0'], { env: { ...process.env, NODE_ENV: '' } })
  child.stdout.on('data', d => out.push(String(d)))
  t.teardown(() => child.kill())
  for (let i = 0; i < 100 && !out.join('').includes('SEEN'); i++) await new Promise(resolve => setTimeout(resolve, 100))
  t.match(out.join(''), /SEEN development/)
})

t.test("Next's globals", async t => {
  const dir = writeApp({ 'app/g/route.ts': 'export function GET () { const g = globalThis as any; return Response.json({ ws: typeof g.WebSocket, als: typeof g.AsyncLocalStorage, pattern: new g.URLPattern({ pathname: "/a/:id" }).exec("http://x/a/7").pathname.groups.id }) }' })
  const s = await serve(t, { dir })
  t.same(JSON.parse((await s.fetch('/g')).body), { ws: 'function', als: 'function', pattern: '7' })
})

t.test('new Request(request), new NextRequest(request) and fetch(request) on the handler\'s request', async t => {
  const dir = writeApp({
    'app/echo/route.ts': 'export async function POST (r: Request) { return new Response("echo " + await r.text() + " " + r.headers.get("x-h")) }',
    'app/copy/route.ts': `
import { NextRequest } from 'next/server'
export async function POST (request: NextRequest) {
  const copy = new Request(request)
  const next = new NextRequest(copy)
  const target = new URL('/echo', request.url)
  const forwarded = await fetch(new Request(target, next))
  return Response.json({ copy: copy.method, next: next.nextUrl.pathname, forwarded: await forwarded.text() })
}`,
    'app/fetch/route.ts': 'export async function POST (request: Request) { return fetch(request.url.replace("/fetch", "/echo").replace("localhost", "127.0.0.1"), { method: "POST", body: await request.text(), headers: { "x-h": "f" } }) }',
    'app/direct/route.ts': 'export async function GET (request: Request) { const res = await fetch(new Request(request.url.replace("/direct", "/echo").replace("localhost", "127.0.0.1"), { method: "POST", body: "d", headers: { "x-h": "d" } })); return new Response(await res.text()) }'
  })
  const s = await serve(t, { dir, hostname: '127.0.0.1' })
  const res = await s.fetch('/copy', { method: 'POST', body: 'hi', headers: { 'x-h': 'v' } })
  t.equal(res.status, 200, res.body)
  t.same(JSON.parse(res.body), { copy: 'POST', next: '/copy', forwarded: 'echo hi v' })
  t.equal((await s.fetch('/fetch', { method: 'POST', body: 'b' })).body, 'echo b f')
  t.equal((await s.fetch('/direct')).body, 'echo d d')
})

t.test('after() handed on as a value still gets the request scope', async t => {
  const dir = writeApp({
    'lib/ctx.ts': "import { after } from 'next/server'\nexport const ctx = { waitUntil: after }",
    'app/a/route.ts': "import { ctx } from '../../lib/ctx'\nlet ran = false\nexport function GET () { ctx.waitUntil(() => { ran = true }); return new Response('ok') }\nexport function POST () { return new Response(String(ran)) }"
  })
  const s = await serve(t, { dir })
  t.equal((await s.fetch('/a')).body, 'ok')
  await new Promise(resolve => setTimeout(resolve, 50))
  t.equal((await s.fetch('/a', { method: 'POST' })).body, 'true')
})

t.test('assets: stylesheets are empty, .wasm?module is a WebAssembly.Module, an unknown extension stops startup', async t => {
  const dir = writeApp({
    'app/w/route.ts': "import './a.scss'\nimport styles from './b.module.css'\nimport mod from './empty.wasm?module'\nexport function GET () { return Response.json({ styles, wasm: mod instanceof WebAssembly.Module }) }",
    'app/w/a.scss': 'a { b: c }',
    'app/w/b.module.css': '.x { color: red }'
  })
  copyFileSync(join(fixtures, 'ecosystem-libs', 'empty.wasm'), join(dir, 'app/w/empty.wasm'))
  const s = await serve(t, { dir })
  t.same(JSON.parse((await s.fetch('/w')).body), { styles: {}, wasm: true })

  const bad = writeApp({ 'app/u/route.ts': "import data from './data.yaml'\nexport function GET () { return Response.json(data) }", 'app/u/data.yaml': 'a: 1' })
  await t.rejects(async () => { await Fastify().register(nextRoutes, { dir: bad }) }, { code: 'FST_ERR_NEXT_MODULE_LOAD', message: /app\/u\/route\.ts.*data\.yaml.*file type the server cannot load/s })
})

t.test('startup names every file that fails, each with its cause and fix', async t => {
  const dir = writeApp({
    'app/a/route.ts': 'import x from "not-a-real-package-xyz"\nexport function GET () { return new Response(x) }',
    'app/b/route.ts': 'export function GET ( {',
    'app/c/route.ts': 'export function GET () { return new Response("fine") }',
    'app/d/route.ts': 'import { useRouter } from "next/router"\nuseRouter()\nexport function GET () {}',
    // A tsconfig alias to generated code not generated yet (umami's Prisma client): no npm hint.
    'app/e/route.ts': 'import { PrismaClient } from "@/generated/prisma/client"\nexport function GET () { return new Response(String(PrismaClient)) }',
    'tsconfig.json': JSON.stringify({ compilerOptions: { paths: { '@/*': ['./src/*'] } } })
  })
  const err = await Fastify().register(nextRoutes, { dir }).then(() => null, e => e)
  t.equal(err?.code, 'FST_ERR_NEXT_MODULE_LOAD')
  t.equal(err.errors.length, 4)
  t.match(err.message, /4 files/)
  t.match(err.message, /app\/a\/route\.ts.*not-a-real-package-xyz.*fix: install it: npm install not-a-real-package-xyz/)
  t.match(err.message, /app\/b\/route\.ts/)
  t.match(err.message, /app\/d\/route\.ts.*fix: this needs the Pages Router/)
  t.match(err.message, /app\/e\/route\.ts.*fix: '@\/generated\/prisma\/client' is a path alias .*prisma generate/)
  t.notMatch(err.message, /npm install @\//)
  t.notMatch(err.message, /app\/c\//)
})

t.test('dev serves the files that load and answers 500 with the error for the others', async t => {
  const dir = writeApp({
    'app/ok/route.ts': 'export function GET () { return new Response("fine") }',
    'app/broken/route.ts': 'import x from "not-a-real-package-xyz"\nexport function GET () { return new Response(x) }'
  })
  const lines = []
  const dev = await startDev({ dir, port: 0, host: '127.0.0.1', print: l => lines.push(l) })
  t.teardown(() => dev.close())
  const origin = `http://127.0.0.1:${dev.server.address().port}`
  t.equal(await (await fetch(origin + '/ok')).text(), 'fine')
  const broken = await fetch(origin + '/broken')
  t.equal(broken.status, 500)
  t.match(await broken.text(), /app\/broken\/route\.ts.*not-a-real-package-xyz/)
  t.ok(lines.some(l => /serving the files that load/.test(l)))
  t.ok(readFileSync)
})
