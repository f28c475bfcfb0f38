import t from 'tap'
import { spawn, execFile } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { request } from 'undici'
import { writeApp } from './helper.mjs'

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url))
const run = promisify(execFile)
// Each subtest waits on CLI processes of its own (the shared app folder is only read): run them
// side by side rather than one startup after another.
t.jobs = 4

// A fresh folder with no node_modules at all: next/* and the @/ alias come from the package.
const dir = writeApp({
  'app/route.ts': 'import { NextResponse } from "next/server"\nimport { word } from "@/lib/word"\nexport function GET () { return new NextResponse(word) }',
  'app/users/[id]/route.ts': `
    import { notFound } from 'next/navigation'
    import { cookies } from 'next/headers'
    export async function GET (_req: Request, { params }: { params: Promise<{ id: string }> }) {
      const { id } = await params
      if (id !== '1') notFound()
      ;(await cookies()).set('seen', id)
      return new Response('u' + id)
    }
    export function POST () { return new Response('p') }`,
  'lib/word.ts': 'export const word: string = "home"',
  'tsconfig.json': JSON.stringify({ compilerOptions: { paths: { '@/*': ['./*'] } } })
})

t.test('routes prints the route table', async t => {
  const { stdout } = await run(process.execPath, [cli, 'routes', dir])
  const lines = stdout.trim().split('\n').map(l => l.split(/\s{2,}/))
  t.same(lines, [
    ['PATTERN', 'METHODS', 'CACHE', 'SOURCE', 'FILE'],
    ['/', 'GET, HEAD, OPTIONS', 'dynamic', 'app', 'route.ts'],
    ['/users/[id]', 'GET, HEAD, OPTIONS, POST', 'dynamic', 'app', 'users/[id]/route.ts']
  ])
})

t.test('routes shows which routes are cached, as next build does', async t => {
  const cached = writeApp({
    'app/a/route.ts': 'export const revalidate = 60\nexport function GET () { return new Response("a") }',
    'app/b/route.ts': 'export const dynamic = "force-static"\nexport function GET () { return new Response("b") }',
    'app/sitemap.ts': 'export default function () { return [] }'
  })
  const { stdout } = await run(process.execPath, [cli, 'routes', cached])
  const lines = stdout.trim().split('\n').map(l => l.split(/\s{2,}/))
  t.same(lines.slice(1).map(l => [l[0], l[2]]), [['/a', 'revalidate 60s'], ['/b', 'static'], ['/sitemap.xml', 'static']])
})

t.test('routes lists app/ route files and pages/api routes with their source', async t => {
  const both = writeApp({
    'app/api/app-only/route.ts': 'export function GET () { return new Response("a") }',
    'pages/api/users/[id].ts': 'export default function handler (req, res) { res.json(req.query) }',
    'pages/api/edge.ts': 'export const config = { runtime: "edge" }\nexport default function (request) { return new Response("e") }',
    'pages/index.tsx': 'export default function Home () { return null }'
  })
  const { stdout } = await run(process.execPath, [cli, 'routes', both])
  const lines = stdout.trim().split('\n').map(l => l.split(/\s{2,}/))
  t.same(lines.slice(1), [
    ['/api/app-only', 'GET, HEAD, OPTIONS', 'dynamic', 'app', 'api/app-only/route.ts'],
    ['/api/edge', 'any', 'dynamic', 'pages/api (edge)', 'pages/api/edge.ts'],
    ['/api/users/[id]', 'any', 'dynamic', 'pages/api', 'pages/api/users/[id].ts']
  ])
})

t.test('start serves a folder with only pages/api', async t => {
  const pagesOnly = writeApp({ 'pages/api/hello.ts': 'export default function handler (req, res) { res.status(200).json({ hello: req.query.name }) }' })
  const port = 20000 + Math.floor(Math.random() * 20000)
  const child = spawn(process.execPath, [cli, 'start', pagesOnly, '--port', String(port), '--host', '127.0.0.1'], { stdio: ['ignore', 'pipe', 'pipe'] })
  t.teardown(() => child.kill('SIGTERM'))
  let body
  for (let i = 0; i < 100 && body === undefined; i++) {
    await new Promise(resolve => setTimeout(resolve, 100))
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/hello?name=x`)
      body = { status: res.status, json: await res.json() }
    } catch {}
  }
  t.same(body, { status: 200, json: { hello: 'x' } })
})

t.test('start serves the folder over HTTP and closes on SIGTERM', async t => {
  const child = spawn(process.execPath, [cli, 'start', dir, '--port', '0', '--host', '127.0.0.1'], { stdio: ['ignore', 'pipe', 'pipe'] })
  t.teardown(() => child.kill('SIGKILL'))
  let out = ''
  let port
  for await (const chunk of child.stdout) {
    out += chunk
    const m = /listening at http:\/\/127\.0\.0\.1:(\d+)/i.exec(out) ?? /"address":"http:\/\/127\.0\.0\.1:(\d+)"/.exec(out)
    if (m) { port = Number(m[1]); break }
  }
  t.ok(port, 'logged its address')
  const res = await request(`http://127.0.0.1:${port}/`)
  t.equal(await res.body.text(), 'home')
  const user = await request(`http://127.0.0.1:${port}/users/1`)
  t.same([await user.body.text(), user.headers['set-cookie']], ['u1', 'seen=1; Path=/'])
  const missing = await request(`http://127.0.0.1:${port}/users/2`)
  await missing.body.dump()
  t.equal(missing.statusCode, 404)
  child.kill('SIGTERM')
  const [code] = await once(child, 'exit')
  t.equal(code, 0)
})

t.test('the startup summary names the env files, the next.config applied, the middleware and metadata routes', async t => {
  const full = writeApp({
    'app/api/env/route.ts': 'export function GET () { return Response.json({ from: process.env.FROM_FILE, inlined: process.env.INLINED }) }',
    'app/sitemap.ts': 'export default function () { return [] }',
    'middleware.ts': "import { NextResponse } from 'next/server'\nexport function middleware () { return NextResponse.next() }\nexport const config = { matcher: ['/api/:path*'] }",
    '.env': 'FROM_FILE=env\n',
    '.env.production': 'FROM_FILE=production\n',
    'next.config.mjs': `export default {
      basePath: '/base',
      trailingSlash: true,
      env: { INLINED: 'yes' },
      images: { unoptimized: true },
      async redirects () { return [{ source: '/old', destination: '/base/api/env/', permanent: false, basePath: false }, { source: '/a', destination: '/b', permanent: true }] },
      async rewrites () { return { beforeFiles: [{ source: '/r1', destination: '/api/env/' }], afterFiles: [{ source: '/r2', destination: '/api/env/' }], fallback: [] } },
      async headers () { return [{ source: '/api/:path*', headers: [{ key: 'x-h', value: '1' }] }] }
    }`
  })
  const started = await startCli(t, [], full)
  const summary = started.lines.find(l => l.msg === 'fastify-next-routes ready')
  t.match(summary, {
    routeFiles: 1,
    metadataRoutes: 1,
    middleware: { file: /middleware\.ts$/, matcher: ['/api/:path*'] },
    basePath: '/base',
    cache: 'MemoryStore'
  })
  t.same(summary.envFiles, ['.env.production', '.env'], 'the .env files loaded, in the order Next reads them')
  t.same(summary.nextConfig, { file: 'next.config.mjs', basePath: '/base', trailingSlash: true, redirects: 2, rewrites: 2, headers: 1, env: ['INLINED'], ignored: ['images'] })
  // What the summary says is what is served.
  const res = await request(`http://127.0.0.1:${started.port}/base/api/env/`)
  t.same([res.statusCode, res.headers['x-h'], await res.body.json()], [200, '1', { from: 'production', inlined: 'yes' }])
})

t.test('the summary without .env files or next.config says so', async t => {
  const started = await startCli(t, [])
  const summary = started.lines.find(l => l.msg === 'fastify-next-routes ready')
  t.same([summary.envFiles, summary.nextConfig], [[], null])
})

t.test('start with a syntax error in a route file exits 1 with a code frame pointing at the error', async t => {
  const broken = writeApp({
    'app/ok/route.ts': 'export function GET () { return new Response("ok") }',
    'app/a/route.ts': 'const x = 1\nexport function GET ( {\n  return new Response("x") }\n',
    'app/b/route.js': 'const y = 2\nexport function GET () {\n  return new Response("x"))\n}\n'
  })
  const err = await run(process.execPath, [cli, 'start', broken, '--port', '0', '--host', '127.0.0.1'], { timeout: 60_000 }).catch(e => e)
  t.equal(err.code, 1)
  t.match(err.stderr, /could not load 2 files/)
  // The caret stands under the character the parser names: `return` (column 3) and the extra `)`.
  t.match(err.stderr, /app\/a\/route\.ts'?: \S*Error: Unexpected keyword 'return'\.\nline 3, column 3:\n {2}2 \| export function GET \( \{\n> 3 \| {3}return new Response\("x"\) \}\n {4}\| {3}\^\n/)
  t.match(err.stderr, /app\/b\/route\.js'?: \S*Error: Missing semicolon\.\nline 3, column 27:\n {2}2 \| export function GET \(\) \{\n> 3 \| {3}return new Response\("x"\)\)\n {4}\| {27}\^\n/)
})

t.test('a bad folder exits 1 with the coded message', async t => {
  const err = await run(process.execPath, [cli, 'routes', writeApp({ 'x.txt': '' })]).catch(e => e)
  t.equal(err.code, 1)
  t.match(err.stderr, /no app\/ or pages\/ directory/)
})

t.test('unknown command prints usage and exits 1', async t => {
  const err = await run(process.execPath, [cli, 'bogus']).catch(e => e)
  t.equal(err.code, 1)
  t.match(err.stderr, /Usage:/)
})

t.test('--version prints the package version', async t => {
  const { stdout } = await run(process.execPath, [cli, '--version'])
  const { version } = JSON.parse(await (await import('node:fs/promises')).readFile(new URL('../package.json', import.meta.url), 'utf8'))
  t.equal(stdout.trim(), version)
})

t.test('an unknown flag prints what is wrong and the usage, and exits 1', async t => {
  const err = await run(process.execPath, [cli, 'start', '--bogus']).catch(e => e)
  t.equal(err.code, 1)
  t.match(err.stderr, /Unknown option '--bogus'/)
  t.match(err.stderr, /Usage:/)
  const level = await run(process.execPath, [cli, 'start', '--log-level', 'loud']).catch(e => e)
  t.match(level.stderr, /Invalid --log-level 'loud'/)
})

// Reads the JSON log lines of a `start` (of `folder`, default the app above) until it listens; returns { port, lines, child }.
async function startCli (t, args, folder = dir) {
  const child = spawn(process.execPath, [cli, 'start', folder, '--port', '0', '--host', '127.0.0.1', ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  t.teardown(() => child.kill('SIGKILL'))
  const lines = []
  let buffered = ''
  let stderr = ''
  child.stderr.setEncoding('utf8')
  child.stderr.on('data', chunk => { stderr += chunk })
  child.stdout.setEncoding('utf8')
  // Resolves on the "listening" line, or when the process ends without one (no fixed deadline: a
  // loaded machine only makes it slower; tap's timeout still ends a start that hangs).
  const port = await new Promise(resolve => {
    const exited = code => {
      t.fail(`start exited with ${code} before listening: ${stderr}`)
      resolve(undefined)
    }
    child.once('exit', exited)
    child.stdout.on('data', chunk => {
      buffered += chunk
      let at
      while ((at = buffered.indexOf('\n')) !== -1) {
        const line = JSON.parse(buffered.slice(0, at))
        lines.push(line)
        buffered = buffered.slice(at + 1)
        const listening = /listening at http:\/\/127\.0\.0\.1:(\d+)/.exec(line.msg)
        if (listening !== null) {
          child.off('exit', exited)
          resolve(Number(listening[1]))
        }
      }
    })
  })
  return { port, lines, child }
}

t.test('start logs a startup summary and no line per request, unless --access-log', async t => {
  const quiet = await startCli(t, [])
  const summary = quiet.lines.find(l => l.msg === 'fastify-next-routes ready')
  t.match(summary, { routeFiles: 2, metadataRoutes: 0, middleware: null, cache: 'MemoryStore' })
  const before = quiet.lines.length
  for (let i = 0; i < 3; i++) await (await request(`http://127.0.0.1:${quiet.port}/`)).body.text()
  await new Promise(resolve => setTimeout(resolve, 100))
  t.equal(quiet.lines.length, before, 'no request lines by default')
  const loud = await startCli(t, ['--access-log'])
  await (await request(`http://127.0.0.1:${loud.port}/`)).body.text()
  for (let i = 0; i < 20 && !loud.lines.some(l => l.msg === 'request completed'); i++) await new Promise(resolve => setTimeout(resolve, 50))
  t.ok(loud.lines.some(l => l.msg === 'incoming request') && loud.lines.some(l => l.msg === 'request completed'), '--access-log logs each request')
})

// The default (no access log) gives Fastify no logger of its own (lib/request-logging.ts cliLogger):
// app.log and request.log are still one pino logger, so a route's failure is logged as an error
// line with its reqId, file and method; an unknown path and a handled request log nothing.
t.test('start without --access-log still logs route errors with their request id', async t => {
  const app = writeApp({
    'app/boom/route.ts': "export function GET () { throw new Error('kaboom') }\n",
    'app/ok/route.ts': 'export function GET () { return Response.json({ ok: true }) }\n'
  })
  const server = await startCli(t, [], app)
  const before = server.lines.length
  t.equal((await request(`http://127.0.0.1:${server.port}/boom`)).statusCode, 500)
  for (let i = 0; i < 40 && !server.lines.some(l => l.level === 50); i++) await new Promise(resolve => setTimeout(resolve, 50))
  const error = server.lines.find(l => l.level === 50)
  t.match(error, { reqId: /^req-/, method: 'GET', err: { type: 'Error', message: 'kaboom' } }, 'an error line with reqId, method and the error')
  t.match(error?.file, /app[\\/]boom[\\/]route\.ts$/)
  const errors = server.lines.length
  await (await request(`http://127.0.0.1:${server.port}/ok`)).body.text()
  await (await request(`http://127.0.0.1:${server.port}/nowhere`)).body.text()
  await new Promise(resolve => setTimeout(resolve, 100))
  t.equal(server.lines.length, errors, 'a handled request and a 404 log nothing')
  t.equal(errors - before, 1, 'one line for the failure')
})
