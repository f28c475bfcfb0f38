// A real app (test/fixtures/ecosystem-app) whose route handlers and proxy use next-auth v5, tRPC,
// Hono, graphql-yoga, the AI SDK, Stripe, zod, iron-session, next-intl, server-only and
// next/constants, served by the CLI's `start` (NODE_ENV=production, as `next start`) over real
// HTTP, in both install modes: without `next` and with next@16.4.6 installed. Every step's answer
// must equal the one `next start` gave (recorded.json, from scripts/record-ecosystem.mjs).
import t from 'tap'
import { spawn } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { createServer } from 'node:net'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { execFileSync } from 'node:child_process'
import { BUILD_MODE, fixtures, tempDir } from './helper.mjs'
import { runScenario } from './fixtures/ecosystem-app/scenario.mjs'

const cli = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'cli.js')
const source = join(fixtures, 'ecosystem-app')
const recorded = JSON.parse(readFileSync(join(source, 'recorded.json'), 'utf8'))
const MODES = [['without next', 'ecosystem'], ['with next@16.4.6 installed', 'ecosystem-next']]

function freePort () {
  return new Promise(resolve => {
    const srv = createServer().listen(0, '127.0.0.1', () => { const { port } = srv.address(); srv.close(() => resolve(port)) })
  })
}

/** `fastify-next-routes start` on the app copy; resolves with its origin once it answers. */
async function start (t, dir) {
  const port = await freePort()
  const output = []
  // NODE_ENV unset: `start` makes it production, as `next start` does (tRPC then hides stacks).
  const env = { ...process.env }
  delete env.NODE_ENV
  delete env.TAP
  const child = spawn(process.execPath, [cli, 'start', dir, '--port', String(port), '--host', '127.0.0.1'], { env, stdio: ['ignore', 'pipe', 'pipe'] })
  child.stdout.on('data', chunk => output.push(String(chunk)))
  child.stderr.on('data', chunk => output.push(String(chunk)))
  t.teardown(() => new Promise(resolve => { if (child.exitCode !== null) resolve(); else { child.once('exit', resolve); child.kill('SIGTERM') } }))
  const origin = `http://127.0.0.1:${port}`
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`start exited with ${child.exitCode}:\n${output.join('')}`)
    try { await fetch(origin + '/api/phase'); return { origin, output } } catch {}
    if (i > 600) throw new Error(`start did not answer within 60 s:\n${output.join('')}`)
    await new Promise(resolve => setTimeout(resolve, 100))
  }
}

t.equal(recorded.next, '16.4.6', 'recorded from next start 16.4.6')

for (const [mode, fixture] of MODES) {
  const root = join(fixtures, fixture)
  if (!existsSync(join(root, 'node_modules', '.fixture-installed'))) {
    t.fail(`${fixture} packages are not installed: run node scripts/setup-fixtures.mjs`)
    continue
  }
  t.test(mode, async t => {
    // Inside the fixture, so its node_modules (the libraries, with or without next) resolve.
    const base = join(root, '.apps')
    mkdirSync(base, { recursive: true })
    const dir = tempDir('app-', base)
    cpSync(source, dir, { recursive: true })
    // Build mode (test/build-ecosystem-app.test.mjs): `build` first, then `start` serves it.
    if (BUILD_MODE) execFileSync(process.execPath, [cli, 'build', dir], { env: { ...process.env, NODE_ENV: '', TAP: '' }, encoding: 'utf8' })
    const { origin, output } = await start(t, dir)
    if (BUILD_MODE) t.match(output.join(''), /serving the build in/, 'start served the build')
    const Stripe = createRequire(join(dir, 'index.js'))('stripe')
    const steps = await runScenario(origin, Stripe.default ?? Stripe)
    t.same(Object.keys(steps), Object.keys(recorded.steps), 'the same steps as recorded')
    for (const [name, expected] of Object.entries(recorded.steps)) {
      t.same(steps[name], expected, `${name}: as next start answers`)
    }
    t.notMatch(output.join(''), /Detected default export|FST_ERR/, 'no warnings or errors at startup')
  })
}
