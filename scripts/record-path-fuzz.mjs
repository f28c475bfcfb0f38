#!/usr/bin/env node
// Record test/fixtures/path-fuzz/<app>/recorded.json from a real `next start` (Next.js 16.4.6): the
// answers to every generated request target (test/fixtures/path-fuzz/generate.mjs), sent as a raw
// request line, without and with the guard's credentials. test/security-differential.test.mjs
// replays them against the plugin. Needs the npm registry once (the install is kept in
// <tmpdir>/fnr-path-fuzz-next-<version> and reused); not part of CI.
//
//   node scripts/record-path-fuzz.mjs [app ...]     (default: every app under test/fixtures/path-fuzz)
import { execFileSync, spawn } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { COUNT, SEED, generate, withPort } from '../test/fixtures/path-fuzz/generate.mjs'
import { AUTH, mapLimit, sendRawLine, summarize } from '../test/fixtures/path-fuzz/raw.mjs'
import { freePort, waitForNext } from './next-start.mjs'

const NEXT_VERSION = '16.4.6'
const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const fixtures = join(root, 'test', 'fixtures', 'path-fuzz')
// Turbopack refuses a node_modules outside the project root, so the cache folder is the project:
// each app's app/ and proxy.ts are copied into it in turn.
const work = join(tmpdir(), `fnr-path-fuzz-next-${NEXT_VERSION}`)
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' }
const bin = join(work, 'node_modules', '.bin', 'next')

function install () {
  let installed = null
  try { installed = JSON.parse(execFileSync('node', ['-p', 'JSON.stringify(require("next/package.json").version)'], { cwd: work, encoding: 'utf8' })) } catch {}
  if (installed === NEXT_VERSION) {
    console.log(`reusing next@${NEXT_VERSION} in ${work}`)
    return
  }
  rmSync(work, { recursive: true, force: true })
  mkdirSync(work, { recursive: true })
  writeFileSync(join(work, 'package.json'), JSON.stringify({ name: 'fnr-path-fuzz', private: true }))
  console.log(`installing next@${NEXT_VERSION} in ${work}`)
  execFileSync('npm', ['install', '--no-audit', '--no-fund', `next@${NEXT_VERSION}`, 'react', 'react-dom', 'typescript', '@types/react', '@types/node'], { cwd: work, stdio: 'inherit', env })
}

async function record (app) {
  for (const name of ['app', 'proxy.ts', 'middleware.ts', '.next', 'tsconfig.json', 'next-env.d.ts']) rmSync(join(work, name), { recursive: true, force: true })
  cpSync(join(fixtures, app, 'app'), join(work, 'app'), { recursive: true })
  cpSync(join(fixtures, app, 'proxy.ts'), join(work, 'proxy.ts'))
  console.log(`building ${app}`)
  execFileSync(bin, ['build'], { cwd: work, stdio: 'inherit', env })
  const port = await freePort()
  // No -H: bound to 127.0.0.1, Next would treat its own rewrites as external (next-middleware.md 3.4).
  const server = spawn(bin, ['start', '-p', String(port)], { cwd: work, env, stdio: ['ignore', 'inherit', 'inherit'], detached: true })
  try {
    await waitForNext(port, server, async port => (await sendRawLine(port, '/', {}, { timeout: 2000 })).status !== 0)
    const targets = generate()
    const requests = await mapLimit(targets, 8, async target => {
      const sent = withPort(target, port)
      const anon = summarize(await sendRawLine(port, sent), port)
      const auth = summarize(await sendRawLine(port, sent, AUTH), port)
      return { target, anon, auth }
    })
    const out = {
      app,
      next: NEXT_VERSION,
      node: process.version,
      recordedAt: new Date().toISOString(),
      seed: SEED,
      count: requests.length,
      generatorCount: COUNT,
      howSent: 'GET <target> HTTP/1.1, Host: 127.0.0.1:<port>, Connection: close; `auth` adds authorization: Bearer ok; next start -p <port> (no -H)',
      requests
    }
    // One request a line: small, and a re-recording diffs request by request.
    const { requests: list, ...head } = out
    const text = JSON.stringify(head, null, 2).replace(/\n\}$/, `,\n  "requests": [\n${list.map(r => '    ' + JSON.stringify(r)).join(',\n')}\n  ]\n}`)
    writeFileSync(join(fixtures, app, 'recorded.json'), text + '\n')
    const byStatus = {}
    for (const r of requests) byStatus[r.anon.status] = (byStatus[r.anon.status] ?? 0) + 1
    console.log(`${app}: recorded ${requests.length} targets; statuses without authorization ${JSON.stringify(byStatus)}`)
  } finally {
    try { process.kill(-server.pid, 'SIGTERM') } catch {}
    await new Promise(resolve => setTimeout(resolve, 500))
  }
}

const apps = process.argv.length > 2
  ? process.argv.slice(2)
  : readdirSync(fixtures, { withFileTypes: true }).filter(d => d.isDirectory() && existsSync(join(fixtures, d.name, 'proxy.ts'))).map(d => d.name)
install()
for (const app of apps) await record(app)
