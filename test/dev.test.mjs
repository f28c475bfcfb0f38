// `fastify-next-routes dev`: edits, added and removed files take effect without a restart; a file
// that does not load is reported and the last good version keeps serving. Real files, real HTTP.
import t from 'tap'
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { startDev } from '../dist/dev.js'
import { writeApp } from './helper.mjs'

const route = text => `export function GET () { return new Response(${JSON.stringify(text)}) }\n`

async function devServer (t, files) {
  const dir = writeApp(files)
  const lines = []
  const dev = await startDev({ dir, port: 0, host: '127.0.0.1', print: line => lines.push(line), debounce: 20 })
  t.teardown(() => dev.close())
  const origin = `http://127.0.0.1:${dev.server.address().port}`
  const get = async path => {
    const res = await fetch(origin + path)
    return { status: res.status, body: await res.text() }
  }
  // Wait until the watcher saw the change and the reload it started is done.
  const settle = async (check) => {
    for (let i = 0; i < 100; i++) {
      await new Promise(resolve => setTimeout(resolve, 30))
      await dev.reload()
      if (await check()) return true
    }
    return false
  }
  return { dir, origin, lines, get, settle, write: (name, text) => { mkdirSync(join(dir, name, '..'), { recursive: true }); writeFileSync(join(dir, name), text) } }
}

t.test('an edited, added or removed route takes effect without a restart', async t => {
  const s = await devServer(t, { 'app/a/route.ts': route('one'), 'lib/word.ts': 'export const word = "w1"', 'app/w/route.ts': 'import { word } from "../../lib/word"\nexport function GET () { return new Response(word) }' })
  t.equal((await s.get('/a')).body, 'one')

  s.write('app/a/route.ts', route('two'))
  t.ok(await s.settle(async () => (await s.get('/a')).body === 'two'), 'edit')

  s.write('lib/word.ts', 'export const word = "w2"')
  t.ok(await s.settle(async () => (await s.get('/w')).body === 'w2'), 'an edited import outside app/ too')

  s.write('shared/name.ts', 'export const name = "n1"')
  s.write('app/n/route.ts', 'import { name } from "../../shared/name"\nexport function GET () { return new Response(name) }')
  t.ok(await s.settle(async () => (await s.get('/n')).body === 'n1'), 'a route importing a folder created after start')
  s.write('shared/name.ts', 'export const name = "n2"')
  t.ok(await s.settle(async () => (await s.get('/n')).body === 'n2'), 'and that new folder is watched')

  s.write('app/b/route.ts', route('bee'))
  t.ok(await s.settle(async () => (await s.get('/b')).status === 200), 'added file')

  rmSync(join(s.dir, 'app/b'), { recursive: true })
  t.ok(await s.settle(async () => (await s.get('/b')).status === 404), 'removed file')
  t.ok(s.lines.some(l => /^✓ .*reloaded in \d+ ms/.test(l)), 'each reload is reported with its time')
})

t.test('a syntax error is shown and the last good version keeps serving', async t => {
  const s = await devServer(t, { 'app/a/route.ts': route('good') })
  s.write('app/a/route.ts', 'export function GET ( { return new Response("x") }')
  t.ok(await s.settle(async () => s.lines.some(l => l.startsWith('✗'))), 'reported')
  const report = s.lines.find(l => l.startsWith('✗'))
  t.match(report, /reload failed, still serving the last version that loaded/)
  t.match(report, /FST_ERR_NEXT_MODULE_LOAD.*app\/a\/route\.ts/, 'names the file')
  t.equal((await s.get('/a')).body, 'good', 'still serving')
  s.write('app/a/route.ts', route('fixed'))
  t.ok(await s.settle(async () => (await s.get('/a')).body === 'fixed'), 'a fix is picked up')
})

t.test('an app that fails on the first load answers 503 with the error until fixed', async t => {
  const s = await devServer(t, { 'app/a/route.ts': 'export const dynamic = "sometimes"\n' + route('x') })
  const res = await s.get('/a')
  t.equal(res.status, 503)
  t.match(res.body, /FST_ERR_NEXT_SEGMENT_CONFIG/)
  s.write('app/a/route.ts', route('ok'))
  t.ok(await s.settle(async () => (await s.get('/a')).body === 'ok'))
})

t.test('each request is one short line, as next dev prints it', async t => {
  const s = await devServer(t, { 'app/a/route.ts': route('a') })
  await s.get('/a?x=1')
  t.ok(s.lines.some(l => /^ GET \/a\?x=1 200 in \d+ms$/.test(l)), s.lines.join('\n'))
  t.notOk(s.lines.some(l => l.includes('incoming request')), 'no JSON request lines')
})

t.test('dev does not cache (as next dev)', async t => {
  const s = await devServer(t, { 'app/t/route.ts': 'export const dynamic = "force-static"\nexport function GET () { return new Response(crypto.randomUUID()) }' })
  t.not((await s.get('/t')).body, (await s.get('/t')).body)
})

t.test('an atomic save (write a new file, rename it over the old), as vim and JetBrains do, reloads every time', async t => {
  const s = await devServer(t, { 'app/a/route.ts': route('v0') })
  for (let i = 1; i <= 3; i++) {
    const tmp = join(s.dir, `app/a/sed${i}Xq9`) // as sed -i names its temporary file
    writeFileSync(tmp, route(`v${i}`))
    renameSync(tmp, join(s.dir, 'app/a/route.ts'))
    t.ok(await s.settle(async () => (await s.get('/a')).body === `v${i}`), `atomic save ${i}`)
  }
})

t.test('next-routes.d.ts, when the app has one, follows the route files', async t => {
  const s = await devServer(t, { 'app/a/route.ts': route('a'), 'next-routes.d.ts': '// written by typegen\n' })
  const types = () => readFileSync(join(s.dir, 'next-routes.d.ts'), 'utf8')
  t.ok(await s.settle(async () => types().includes('"/a"')), 'rewritten at startup')
  s.write('app/users/[id]/route.ts', route('u'))
  t.ok(await s.settle(async () => types().includes('"/users/[id]"')), 'a new route appears in it')
  t.ok(s.lines.includes('✓ next-routes.d.ts updated'))
})

t.test('a first load that fails says nothing is served yet', async t => {
  const s = await devServer(t, { 'app/a/route.ts': 'export const dynamic = "sometimes"\n' + route('x') })
  t.ok(s.lines.some(l => /the app failed to load; requests get a 503/.test(l)), s.lines.join('\n'))
  t.notOk(s.lines.some(l => /still serving the last version/.test(l)))
})

t.test("a file that failed to load is behind the middleware too: its error text is not for refused requests", async t => {
  const s = await devServer(t, {
    'app/ok/route.ts': route('ok'),
    'app/broken/route.ts': 'export function GET ( {',
    'proxy.ts': "export function proxy (request: Request) { if (request.headers.get('x-auth') !== 'ok') return new Response('blocked', { status: 401 }) }"
  })
  const refused = await s.get('/broken')
  t.same([refused.status, refused.body], [401, 'blocked'])
  const res = await fetch(s.origin + '/broken', { headers: { 'x-auth': 'ok' } })
  t.equal(res.status, 500)
  t.match(await res.text(), /could not load .*broken/)
})
