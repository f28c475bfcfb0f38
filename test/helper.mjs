// Shared test helpers: a Fastify app with the plugin, listening on a real loopback port.
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import Fastify from 'fastify'
import { request as httpRequest } from 'node:http'
import { request as undiciRequest } from 'undici'
import nextRoutes from '../dist/index.js'

export const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures')

/**
 * Start Fastify with the plugin on 127.0.0.1:<random>. `setup(app)` runs before the plugin is
 * registered (user routes, hooks). Closed on teardown.
 */
export async function serve (t, options, { setup, fastify = {}, logs } = {}) {
  const stream = logs === undefined ? undefined : { write: line => logs.push(JSON.parse(line)) }
  const app = Fastify({ ...fastify, logger: stream === undefined ? false : { level: 'info', stream } })
  if (setup !== undefined) await setup(app)
  await app.register(nextRoutes, options)
  await app.listen({ port: 0, host: '127.0.0.1' })
  t.teardown(() => app.close())
  const origin = `http://127.0.0.1:${app.server.address().port}`
  return {
    app,
    origin,
    port: app.server.address().port,
    /** undici request that never follows redirects; resolves with { status, headers, body (string, or Buffer with raw) } */
    async fetch (path, init = {}, { raw = false } = {}) {
      const res = await undiciRequest(origin + path, { method: 'GET', ...init })
      const body = raw ? Buffer.from(await res.body.arrayBuffer()) : await res.body.text()
      return { status: res.statusCode, headers: res.headers, body }
    },
    /**
     * The request line exactly as given: URL parsing in fetch/undici resolves dot segments before
     * sending, which would hide what an attacker can send. Resolves with { status, headers, body }.
     */
    sendRaw (path, headers = {}) {
      return new Promise((resolve, reject) => {
        const req = httpRequest({ host: '127.0.0.1', port: app.server.address().port, path, headers, agent: false }, res => {
          let body = ''
          res.setEncoding('utf8')
          res.on('data', chunk => { body += chunk })
          res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body }))
        })
        req.on('error', reject)
        req.end()
      })
    }
  }
}

/**
 * The environment for a tool a test runs (tsc, npm, attw): tap's process-info hook (in
 * NODE_OPTIONS, which children inherit) taken out. It records code coverage of every process
 * under the test, which for a compiler only costs time (about a third more CPU for tsc) and covers
 * nothing of ours.
 */
export function toolEnv (env = process.env) {
  const options = (env.NODE_OPTIONS ?? '').split(/\s+/).filter(a => a !== '' && !a.includes('@tapjs/processinfo'))
  const out = { ...env, NODE_OPTIONS: options.join(' ') }
  if (out.NODE_OPTIONS === '') delete out.NODE_OPTIONS
  return out
}

// Every folder made by tempDir is removed when the test process exits (a test file is one
// process under tap), so a run leaves nothing in the OS temp dir, even after a failed assertion.
const madeDirs = []
process.once('exit', () => {
  for (const dir of madeDirs) rmSync(dir, { recursive: true, force: true })
})

/** A fresh folder under the OS temp dir (or under base), removed when the process exits. */
export function tempDir (prefix = 'fnr-', base = tmpdir()) {
  const dir = mkdtempSync(join(base, prefix))
  madeDirs.push(dir)
  return dir
}

/**
 * Write a throwaway app folder: files is { 'app/x/route.ts': 'source', ... }. Returns its path.
 * `inRepo`: under the repository's .scratch/, so the packages the app imports resolve (builds).
 */
export function writeApp (files, { prefix = 'fnr-', inRepo = false } = {}) {
  const dir = tempDir(prefix, inRepo ? scratchDir() : tmpdir())
  for (const [name, source] of Object.entries(files)) {
    const file = join(dir, name)
    mkdirSync(dirname(file), { recursive: true })
    writeFileSync(file, source)
  }
  return dir
}

// Build mode (test/build-*.test.mjs set FNR_TEST_BUILD=1 and import a test file): the same
// cases run against a build of the app (`fastify-next-routes build`) instead of the loader.
export const BUILD_MODE = process.env.FNR_TEST_BUILD === '1'
const scratch = join(dirname(fileURLToPath(import.meta.url)), '..', '.scratch')

/** The repository's .scratch/ folder (git ignores it), made on first use. */
export function scratchDir () {
  mkdirSync(scratch, { recursive: true })
  return scratch
}

/**
 * The plugin options as given, or in build mode with the app built into a fresh folder first. The
 * folder sits inside the repository, so the built code finds the packages the app finds.
 */
export async function withBuild (options) {
  if (!BUILD_MODE) return options
  mkdirSync(scratch, { recursive: true })
  const out = tempDir('build-', scratch)
  // As the CLI builds (compile, then load and prerender the cached routes), in a process of its
  // own: the prerendered entries come from a build's process, as a start from a build sees them.
  const script = `
    const { buildApp } = await import(${JSON.stringify(new URL('../dist/build/compile.js', import.meta.url).href)})
    const { describeBuild } = await import(${JSON.stringify(new URL('../dist/build/describe.js', import.meta.url).href)})
    const [dir, out, light] = process.argv.slice(1)
    await describeBuild(await buildApp(dir, { out, ...(light === '' ? {} : { lightResponse: light === 'true' }) }))
  `
  const light = options.lightResponse === undefined ? '' : String(options.lightResponse)
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script, options.dir, out, light], { encoding: 'utf8', env: toolEnv(), cwd: options.dir })
  if (result.status !== 0) throw new Error(`building ${options.dir} failed:\n${result.stderr}`)
  return { ...options, build: out }
}
