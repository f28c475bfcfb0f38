#!/usr/bin/env node
// Startup time against the number of route files: generates app/ folders of N TypeScript route files
// (static and dynamic segments, each importing next/server), then times a fresh Node process from
// its start to `listening`: cold (an empty OS temp dir, so jiti's cache is empty, as in a new
// container), warm (jiti's cache filled by an earlier start) and from a build (`fastify-next-routes
// build` first, then the plugin's `build: true`: no compiler is loaded), the build cold as well;
// then one GET and the same GET again (from a build, a route file is imported on its first request).
//
//   node startup.mjs [--counts 100,250,500,1000] [--runs 5] [--out startup.json]
//
// Writes results/<out>. The targets (issue 20): from a build, 1,000 route files listening in under
// 1 s, and a cold start of 100 within 1.5x of a warm one.
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

const here = dirname(fileURLToPath(import.meta.url))
const { values } = parseArgs({ options: { counts: { type: 'string', default: '100,250,500,1000' }, runs: { type: 'string', default: '5' }, out: { type: 'string', default: 'startup.json' } } })
const counts = values.counts.split(',').map(Number)
const runs = Number(values.runs)

// Both children then time one GET of a generated route (/area1/r1) and the same GET again: from a
// build a route file is imported on its first request, so the first one shows what that costs.
// node:http (loaded with Fastify) rather than fetch, whose first use loads undici's internals.
const TIME_REQUESTS = `
const { request } = await import('node:http')
const get = () => new Promise((resolve, reject) => {
  const t = performance.now()
  request({ host: '127.0.0.1', port: app.server.address().port, path: '/area1/r1' }, res => {
    res.resume()
    res.on('end', () => resolve(performance.now() - t))
  }).on('error', reject).end()
})
const firstMs = await get()
const secondMs = await get()
`

// The child prints ms from its own process start (performance.now() counts from there) to listening.
const child = `
import Fastify from 'fastify'
import nextRoutes from ${JSON.stringify(join(here, '..', 'dist', 'index.js'))}
const app = Fastify()
await app.register(nextRoutes, { dir: process.argv[1], ...(process.argv[2] === 'build' ? { build: true } : {}) })
await app.listen({ port: 0, host: '127.0.0.1' })
const ms = performance.now()
const routes = app.printRoutes({ commonPrefix: false }).split('\\n').length
${TIME_REQUESTS}
await app.close()
console.log(JSON.stringify({ ms, routes, firstMs, secondMs }))
`

// The reference: plain Fastify registering, by hand, what each generated file exports (GET and
// POST at its path, with the same handlers), so the per-route cost of Fastify itself is seen.
const fastifyChild = `
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import Fastify from 'fastify'
const app = Fastify()
const walk = (dir, url) => {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (!e.isDirectory()) continue
    const seg = e.name.startsWith('[') ? ':' + e.name.slice(1, -1) : e.name
    const path = url + '/' + seg
    if (readdirSync(join(dir, e.name)).includes('route.ts')) {
      app.get(path, async request => ({ id: 1, name: request.url }))
      app.post(path, async (request, reply) => reply.code(201).send({ id: 1, body: request.body }))
    }
    walk(join(dir, e.name), path)
  }
}
walk(join(process.argv[1], 'app'), '')
await app.listen({ port: 0, host: '127.0.0.1' })
const ms = performance.now()
${TIME_REQUESTS}
await app.close()
console.log(JSON.stringify({ ms, firstMs, secondMs }))
`

function generate (count) {
  const dir = mkdtempSync(join(tmpdir(), `fnr-startup-${count}-`))
  for (let i = 0; i < count; i++) {
    // One in four routes has a dynamic segment, as real API folders do.
    const folder = i % 4 === 0 ? join(dir, 'app', `area${i % 20}`, `r${i}`, '[id]') : join(dir, 'app', `area${i % 20}`, `r${i}`)
    mkdirSync(folder, { recursive: true })
    writeFileSync(join(folder, 'route.ts'), `import { NextResponse, type NextRequest } from 'next/server'

interface Item { id: number, name: string }

export async function GET (request: NextRequest): Promise<Response> {
  const item: Item = { id: ${i}, name: request.nextUrl.pathname }
  return NextResponse.json(item)
}

export async function POST (request: NextRequest): Promise<Response> {
  const body: unknown = await request.json()
  return NextResponse.json({ id: ${i}, body }, { status: 201 })
}
`)
  }
  return dir
}

// mode: 'warm' (the machine's temp dir), 'cold' (a new empty temp dir for this process), 'build'
// (from the build folder, warm temp dir), 'build-cold', or 'fastify' (the hand-written reference).
function start (dir, mode = 'warm') {
  const env = { ...process.env }
  let empty
  if (mode === 'cold' || mode === 'build-cold') env.TMPDIR = empty = mkdtempSync(join(tmpdir(), 'fnr-startup-tmp-'))
  try {
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', mode === 'fastify' ? fastifyChild : child, dir, mode.startsWith('build') ? 'build' : ''], { cwd: here, encoding: 'utf8', env })
    return JSON.parse(out.trim().split('\n').at(-1))
  } finally {
    if (empty !== undefined) rmSync(empty, { recursive: true, force: true })
  }
}

function build (dir) {
  const t0 = performance.now()
  execFileSync(process.execPath, [join(here, '..', 'dist', 'cli.js'), 'build', dir], { cwd: here, encoding: 'utf8' })
  return performance.now() - t0
}

const median = xs => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

// The floor: a Fastify process with no routes, so the per-route cost can be read off.
const emptyDir = generate(0)
mkdirSync(join(emptyDir, 'app'), { recursive: true })
const results = { node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model, date: new Date().toISOString(), runs, rows: [] }
const base = median(Array.from({ length: runs }, () => start(emptyDir).ms))
rmSync(emptyDir, { recursive: true, force: true })
console.log(`no routes: ${base.toFixed(0)} ms to listening`)

for (const count of counts) {
  const dir = generate(count)
  // Medians of each figure over the runs: to listening, the first GET after it, the second.
  const first = {}
  const second = {}
  const times = mode => {
    const samples = Array.from({ length: runs }, () => start(dir, mode))
    first[mode] = Number(median(samples.map(r => r.firstMs)).toFixed(1))
    second[mode] = Number(median(samples.map(r => r.secondMs)).toFixed(1))
    return median(samples.map(r => r.ms))
  }
  const cold = times('cold')
  const warm = times('warm')
  const buildMs = build(dir)
  const built = times('build')
  const builtCold = times('build-cold')
  const fastify = times('fastify')
  rmSync(dir, { recursive: true, force: true })
  const row = { count, coldMs: Math.round(cold), warmMs: Math.round(warm), buildMs: Math.round(buildMs), builtMs: Math.round(built), builtColdMs: Math.round(builtCold), fastifyMs: Math.round(fastify), perRouteWarmMs: Number(((warm - base) / count).toFixed(3)), perRouteBuiltMs: Number(((built - base) / count).toFixed(3)), firstRequestMs: first, secondRequestMs: second }
  results.rows.push(row)
  console.log(`${String(count).padStart(5)} routes: cold ${row.coldMs} ms, warm ${row.warmMs} ms, build ${row.buildMs} ms then from it ${row.builtMs} ms (cold ${row.builtColdMs} ms; ${row.perRouteBuiltMs} ms per route above the empty app); plain Fastify with the same routes ${row.fastifyMs} ms`)
  console.log(`        first GET after listening (second): ${Object.keys(first).map(m => `${m} ${first[m]} (${second[m]}) ms`).join(', ')}`)
}
results.emptyMs = Math.round(base)
mkdirSync(join(here, 'results'), { recursive: true })
writeFileSync(join(here, 'results', values.out), JSON.stringify(results, null, 2) + '\n')
console.log(`wrote results/${values.out}`)
