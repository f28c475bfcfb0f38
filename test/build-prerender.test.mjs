// `fastify-next-routes build` generates the cached routes' entries, as `next build` prerenders, and
// a start from that build serves them without running the handler: the first request is a HIT with
// the build's body, revalidate counts from the build, generateStaticParams is not called again, a
// `dynamic = 'error'` violation fails the build, --no-prerender leaves generation to the start, and
// a shared store (Redis) keeps an entry newer than the build's.
import t from 'tap'
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { redisStore } from '../dist/index.js'
import { scratchDir, serve, tempDir, writeApp, toolEnv } from './helper.mjs'
import { redisAvailable, sharedRedis } from './redis-helper.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const cli = join(root, 'dist', 'cli.js')
// Apps live inside the repository (.scratch/), so the packages they import resolve as for fixtures.
const scratch = scratchDir()

// Every run of a handler (or of generateStaticParams) appends `<what> <pid>` to this file, in the
// build's process and in this one alike: what ran where, and when.
const runs = join(tempDir('prerender-runs-'), 'runs.txt')
writeFileSync(runs, '')
process.env.FNR_RUNS_FILE = runs
const ran = what => readFileSync(runs, 'utf8').split('\n').filter(line => line.startsWith(what + ' ')).map(line => Number(line.split(' ')[1]))
const record = what => `(await import('node:fs')).appendFileSync(process.env.FNR_RUNS_FILE, ${JSON.stringify(what)} + ' ' + process.pid + '\\n')`

const app = files => writeApp(files, { prefix: 'prerender-app-', inRepo: true })

/** `fastify-next-routes build dir` in a process of its own; `env` only it has. */
function build (dir, args = [], env = {}) {
  const result = spawnSync(process.execPath, [cli, 'build', dir, ...args], { encoding: 'utf8', env: toolEnv({ ...process.env, ...env }), timeout: 60_000 })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

const manifestOf = dir => JSON.parse(readFileSync(join(dir, '.fastify-next-routes', 'manifest.json'), 'utf8'))
const prerenderedOf = dir => JSON.parse(readFileSync(join(dir, '.fastify-next-routes', 'prerendered.json'), 'utf8'))
const wait = ms => new Promise(resolve => setTimeout(resolve, ms))

const files = {
  'app/static/route.ts': `
    export const dynamic = 'force-static'
    let n = 0
    export async function GET () {
      ${record('static')}
      n++
      return Response.json({ pid: process.pid, onlyInBuild: process.env.FNR_ONLY_IN_BUILD ?? null, dotenv: process.env.FNR_FROM_DOTENV ?? null, cwd: process.cwd(), n })
    }`,
  '.env.production': 'FNR_FROM_DOTENV=from .env.production\n',
  'lib/data.ts': `
    import { unstable_cache } from 'next/cache'
    export const data = unstable_cache(async () => ({ pid: process.pid }), ['prerender-data'])`,
  'app/data/route.ts': `
    export const dynamic = 'force-static'
    import { data } from '../../lib/data'
    export async function GET () { return Response.json(await data()) }`,
  // Dynamic (a POST export): it reads the unstable_cache value at request time.
  'app/data-now/route.ts': `
    import { data } from '../../lib/data'
    export async function GET () { return Response.json(await data()) }
    export function POST () { return new Response(null) }`,
  'app/items/[id]/route.ts': `
    export const dynamicParams = false
    export async function generateStaticParams () {
      ${record('gsp')}
      return [{ id: 'a' }, { id: 'b c' }]
    }
    export async function GET (_request: Request, { params }: { params: Promise<{ id: string }> }) {
      ${record('item')}
      return Response.json({ id: (await params).id, pid: process.pid })
    }`,
  'app/bytes/route.ts': `
    export const dynamic = 'force-static'
    export function GET () {
      // Every byte value, none of it valid UTF-8 as a whole.
      return new Response(new Uint8Array(Array.from({ length: 256 }, (_, i) => 255 - i)), { headers: { 'content-type': 'application/octet-stream' } })
    }`,
  'app/headers/route.ts': `
    export const revalidate = 60
    export function GET (request: Request) {
      return Response.json({ agent: request.headers.get('user-agent') })
    }`,
  'app/dynamic/route.ts': `
    export function POST () { return Response.json({ post: true }) }
    export function GET () { return Response.json({ dynamic: true }) }`
}

t.test('a start serves the entries the build generated, without running the handlers', async t => {
  const dir = app(files)
  const built = build(dir, [], { FNR_ONLY_IN_BUILD: 'yes' })
  t.equal(built.code, 0, built.stderr)
  t.match(built.stdout, /built 7 module\(s\) .*, 6 prerendered cache entries of 5 cached route\(s\)/)
  const manifest = manifestOf(dir)
  t.same(manifest.prerendered, { file: 'prerendered.json', routes: 5, entries: 6 }, 'the manifest names the file and counts')
  const prerendered = prerenderedOf(dir)
  const keys = Object.keys(prerendered.entries).sort()
  t.same(keys.filter(k => k.startsWith('/')), ['/bytes', '/data', '/items/a', '/items/b%20c', '/static'], 'routes keyed by app path')
  t.match(keys.filter(k => !k.startsWith('/')), [/^data:/], 'and the unstable_cache value computed on the way')
  t.match(prerendered.routes['/headers'], { file: 'app/headers/route.ts', dynamic: /request\.headers/, paths: [] }, 'a route that read request data stays dynamic, not stored')
  t.same(prerendered.routes['/items/[id]'].staticPaths, ['/items/a', '/items/b%20c'])
  const [buildPid] = ran('static')
  t.not(buildPid, process.pid)
  t.same(ran('gsp'), [buildPid], 'generateStaticParams ran once, in the build')

  const logs = []
  const server = await serve(t, { dir, build: true }, { logs })
  t.same(ran('static'), [buildPid], 'nothing generated at startup')
  const first = await server.fetch('/static')
  t.equal(first.headers['x-nextjs-cache'], 'HIT', 'the first request is a HIT')
  t.same(JSON.parse(first.body), { pid: buildPid, onlyInBuild: 'yes', dotenv: 'from .env.production', cwd: dir, n: 1 }, "with the build's body (its environment, .env.production, run in the app folder)")
  t.same(ran('static'), [buildPid], 'the handler did not run for it')
  t.ok(logs.some(l => l.prerendered === 6 && /serving the build/.test(l.msg)), 'the startup log counts the prerendered entries')
  t.ok(logs.some(l => /\/headers is dynamic \(not cached\): it used `request\.headers` while being generated \(at build\)/.test(l.msg)), 'the demotion found at build is logged')

  const a = await server.fetch('/items/a')
  t.equal(a.headers['x-nextjs-cache'], 'HIT')
  t.same(JSON.parse(a.body), { id: 'a', pid: buildPid })
  const bc = await server.fetch('/items/b%20c')
  t.equal(bc.headers['x-nextjs-cache'], 'HIT')
  t.same(JSON.parse(bc.body), { id: 'b c', pid: buildPid })
  t.equal((await server.fetch('/items/zzz')).status, 404, 'dynamicParams = false: a path the build did not list is 404')
  t.same(ran('gsp'), [buildPid], 'generateStaticParams not called at startup: the list is the build\'s')
  t.same(ran('item').filter(pid => pid === process.pid), [], 'no item handler ran here')

  const bytes = await server.fetch('/bytes', {}, { raw: true })
  t.equal(bytes.headers['x-nextjs-cache'], 'HIT')
  t.same([...bytes.body], Array.from({ length: 256 }, (_, i) => 255 - i), 'a binary body round-trips byte for byte')
  t.equal(prerendered.entries['/bytes'].encoding, 'base64')
  t.equal(prerendered.entries['/static'].encoding, 'utf8', 'a text body is kept as text')

  const dyn = await server.fetch('/headers', { headers: { 'user-agent': 'tap' } })
  t.equal(dyn.headers['x-nextjs-cache'], undefined, 'the demoted route answers as a dynamic one')
  t.same(JSON.parse(dyn.body), { agent: 'tap' })
  t.same(JSON.parse((await server.fetch('/dynamic')).body), { dynamic: true })
  t.same(JSON.parse((await server.fetch('/data-now')).body), { pid: buildPid }, "a dynamic route reads the build's unstable_cache value")

  // prerender: 'request' still seeds from the build: only paths the build did not store wait for a request.
  const lazy = await serve(t, { dir, build: true, prerender: 'request' })
  const again = await lazy.fetch('/static')
  t.equal(again.headers['x-nextjs-cache'], 'HIT')
  t.equal(JSON.parse(again.body).pid, buildPid)

  // With a prefix, the same entries under it.
  const prefixed = await serve(t, { dir, build: true, prefix: '/v1' })
  const under = await prefixed.fetch('/v1/items/a')
  t.equal(under.headers['x-nextjs-cache'], 'HIT')
  t.same(JSON.parse(under.body), { id: 'a', pid: buildPid })
})

t.test('a build whose prerendered.json is gone is refused as stale', async t => {
  const dir = app({ 'app/static/route.ts': "export const dynamic = 'force-static'\nexport function GET () { return Response.json(1) }\n" })
  const built = build(dir)
  t.equal(built.code, 0, built.stderr)
  rmSync(join(dir, '.fastify-next-routes', 'prerendered.json'))
  await t.rejects(serve(t, { dir, build: true }), { code: 'FST_ERR_NEXT_BUILD_STALE', message: /its prerendered\.json cannot be read .*build again/ })
})

t.test('a prerendered.json that is not the one the build wrote is refused as stale, with the code', async t => {
  const dir = app({ 'app/static/route.ts': "export const dynamic = 'force-static'\nexport function GET () { return Response.json(1) }\n" })
  const built = build(dir)
  t.equal(built.code, 0, built.stderr)
  const file = join(dir, '.fastify-next-routes', 'prerendered.json')
  for (const content of ['{"format":1}', '{"format":1,"routes":{},"entries":null}', '{"format":1,"routes":{},"entries":{}}', 'null']) {
    writeFileSync(file, content)
    await t.rejects(serve(t, { dir, build: true }), { code: 'FST_ERR_NEXT_BUILD_STALE', message: /its prerendered\.json / }, content)
  }
})

t.test('revalidate counts from the build: an entry older than revalidate is STALE on the first request', async t => {
  const dir = app({
    'app/tick/route.ts': `
      export const revalidate = 1
      export async function GET () {
        ${record('tick')}
        return Response.json({ pid: process.pid })
      }`
  })
  const built = build(dir)
  t.equal(built.code, 0, built.stderr)
  const { storedAt } = prerenderedOf(dir).entries['/tick']
  // Past the second the entry is fresh for, counted from its generation in the build.
  await wait(Math.max(0, storedAt + 1100 - Date.now()))
  const server = await serve(t, { dir, build: true })
  const first = await server.fetch('/tick')
  t.equal(first.headers['x-nextjs-cache'], 'STALE', 'STALE: generated more than a second ago, in the build')
  t.not(JSON.parse(first.body).pid, process.pid, "the build's body")
  // The background regeneration, in this process; then a fresh HIT from it.
  let next
  for (let i = 0; i < 50; i++) {
    await wait(50)
    next = await server.fetch('/tick')
    if (JSON.parse(next.body).pid === process.pid) break
  }
  t.equal(JSON.parse(next.body).pid, process.pid, 'regenerated here')
  t.equal(next.headers['x-nextjs-cache'], 'HIT')
})

t.test("a dynamic = 'error' route that reads request data fails the build, naming the file", async t => {
  const dir = app({
    'app/ok/route.ts': "export const dynamic = 'force-static'\nexport function GET () { return Response.json(1) }\n",
    'app/strict/route.ts': "export const dynamic = 'error'\nexport function GET (request: Request) { return Response.json({ a: request.headers.get('accept') }) }\n"
  })
  const built = build(dir)
  t.equal(built.code, 1)
  t.match(built.stderr, /Error occurred prerendering "\/strict" \('.*app\/strict\/route\.ts'\): .*couldn't be rendered statically because it used `request\.headers`/)
  t.equal(existsSync(join(dir, '.fastify-next-routes')), false, 'no build folder is left')
})

t.test('--no-prerender: nothing generated in the build, the start generates as without a build', async t => {
  const dir = app({ 'app/static/route.ts': files['app/static/route.ts'] })
  const before = ran('static').length
  const built = build(dir, ['--no-prerender'])
  t.equal(built.code, 0, built.stderr)
  t.notMatch(built.stdout, /prerendered/)
  t.equal(manifestOf(dir).prerendered, undefined)
  t.equal(existsSync(join(dir, '.fastify-next-routes', 'prerendered.json')), false)
  t.equal(ran('static').length, before, 'the handler did not run in the build')
  const server = await serve(t, { dir, build: true })
  t.same(ran('static').slice(before), [process.pid], 'generated at startup')
  const first = await server.fetch('/static')
  t.equal(first.headers['x-nextjs-cache'], 'HIT')
  t.equal(JSON.parse(first.body).pid, process.pid)
})

const redisTest = redisAvailable() ? t.test.bind(t) : (name) => t.test(name, { skip: 'redis-server not found' })
redisTest('a shared store keeps an entry newer than the build\'s, and gets the build\'s in place of an older one', async t => {
  const url = await sharedRedis(t)
  const dir = app({ 'app/static/route.ts': files['app/static/route.ts'], 'app/other/route.ts': "export const dynamic = 'force-static'\nexport function GET () { return Response.json({ pid: process.pid }) }\n" })
  const built = build(dir)
  t.equal(built.code, 0, built.stderr)
  const { entries } = prerenderedOf(dir)
  // A start from a build keeps its routes' entries under the build's id.
  const key = path => `build:${manifestOf(dir).id}:${path}`
  const prefix = `prerender-${process.pid}-${Date.now()}:`
  const writer = redisStore({ url, prefix })
  t.teardown(() => writer.close())
  await writer.ready()
  const entry = (body, at) => ({ status: 200, headers: [['content-type', 'application/json']], body: Buffer.from(JSON.stringify(body)), tags: [], revalidate: false, storedAt: at })
  // What another instance regenerated after the build, and what an older build left.
  await writer.set(key('/static'), entry({ newer: true }, entries['/static'].storedAt + 1))
  await writer.set(key('/other'), entry({ older: true }, entries['/other'].storedAt - 1))
  const server = await serve(t, { dir, build: true, cache: redisStore({ url, prefix }) })
  const kept = await server.fetch('/static')
  t.equal(kept.headers['x-nextjs-cache'], 'HIT')
  t.same(JSON.parse(kept.body), { newer: true }, 'the newer entry is not overwritten')
  const replaced = await server.fetch('/other')
  t.equal(replaced.headers['x-nextjs-cache'], 'HIT')
  const body = JSON.parse(replaced.body)
  t.ok(body.pid !== undefined && body.pid !== process.pid, "the older one is replaced by the build's")
  // A store without the key: written.
  const fresh = redisStore({ url, prefix: prefix + 'empty:' })
  const third = await serve(t, { dir, build: true, cache: fresh })
  const seeded = await third.fetch('/static')
  t.equal(seeded.headers['x-nextjs-cache'], 'HIT')
  t.equal(JSON.parse(seeded.body).n, 1, "an empty store gets the build's entry")
})

redisTest('a new deployment on a shared store serves its own build, not what the old one regenerated since', async t => {
  const url = await sharedRedis(t)
  const prefix = `deploy-${process.pid}-${Date.now()}:`
  const version = n => `export const dynamic = 'force-static'\nexport function GET () { return Response.json({ version: ${n} }) }\n`
  const dir = app({
    'app/v/route.ts': version(1),
    'app/revalidate/route.ts': "import { revalidatePath } from 'next/cache'\nexport function POST () { revalidatePath('/v'); return new Response('ok') }\n"
  })
  const outV1 = join(tempDir('deploy-v1-', scratch), 'build')
  const outV2 = join(tempDir('deploy-v2-', scratch), 'build')
  t.equal(build(dir, ['--out', outV1]).code, 0)
  const v1 = await serve(t, { dir, build: outV1, cache: redisStore({ url, prefix }) })
  t.same(JSON.parse((await v1.fetch('/v')).body), { version: 1 })
  // The next version is built while the old one still serves…
  writeFileSync(join(dir, 'app/v/route.ts'), version(2))
  t.equal(build(dir, ['--out', outV2]).code, 0)
  // …and regenerates its entry after that build.
  t.equal((await v1.fetch('/revalidate', { method: 'POST' })).status, 200)
  t.not((await v1.fetch('/v')).headers['x-nextjs-cache'], 'HIT', 'regenerated after the revalidation')
  for (let i = 0; i < 50 && (await v1.fetch('/v')).headers['x-nextjs-cache'] !== 'HIT'; i++) await wait(50)
  const v2 = await serve(t, { dir, build: outV2, cache: redisStore({ url, prefix }) })
  // The revalidation came after v2's build, and tags are shared, so v2's entry counts as revalidated
  // too: v2 regenerates it, with its own code.
  const res = await v2.fetch('/v')
  t.same(JSON.parse(res.body), { version: 2 }, 'the new build answers with its own code')
  t.equal((await v2.fetch('/v')).headers['x-nextjs-cache'], 'HIT')
  t.same(JSON.parse((await v1.fetch('/v')).body), { version: 1 }, 'and the old one keeps its own')
})
