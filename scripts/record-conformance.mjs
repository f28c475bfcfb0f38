#!/usr/bin/env node
// Re-record test/conformance/recorded.json from a real `next start` (Next.js 16.4.6):
// copy the fixture app to a temporary folder, install Next there, build, start, send every case.
// Run with `npm run conformance:record` (needs the npm registry; not part of CI).
import { execFileSync, spawn } from 'node:child_process'
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { sendCase } from '../test/conformance/send.mjs'
import { startUpstream } from '../test/conformance/upstream.mjs'
import { freePort, waitForNext } from './next-start.mjs'

const NEXT_VERSION = '16.4.6'
const root = join(dirname(fileURLToPath(import.meta.url)), '..')
// `node scripts/record-conformance.mjs config` records the next.config fixture (issue 16).
const suite = process.argv[2] === 'config'
  ? { fixture: 'config-fixture', cases: 'config-cases.mjs', out: 'config-recorded.json' }
  : { fixture: 'fixture', cases: 'cases.mjs', out: 'recorded.json' }
const { cases } = await import(`../test/conformance/${suite.cases}`)
const fixture = join(root, 'test', 'conformance', suite.fixture)
const work = mkdtempSync(join(tmpdir(), 'fnr-conformance-'))
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' }

let server
const upstream = process.argv[2] === 'config' ? await startUpstream() : null
try {
  cpSync(fixture, work, { recursive: true })
  writeFileSync(join(work, 'package.json'), JSON.stringify({ name: 'conformance-fixture', private: true }))
  console.log(`installing next@${NEXT_VERSION} in ${work}`)
  if (process.env.NEXT_NODE_MODULES) execFileSync('cp', ['-a', process.env.NEXT_NODE_MODULES, join(work, 'node_modules')])
  else execFileSync('npm', ['install', '--no-audit', '--no-fund', `next@${NEXT_VERSION}`, 'react', 'react-dom', 'typescript', '@types/react', '@types/node'], { cwd: work, stdio: 'inherit', env })
  execFileSync('npx', ['next', 'build'], { cwd: work, stdio: 'inherit', env })
  const port = await freePort()
  // No -H: bound to 127.0.0.1, Next would treat its own rewrites as external (next-middleware.md 3.4).
  server = spawn('npx', ['next', 'start', '-p', String(port)], { cwd: work, env, stdio: ['ignore', 'inherit', 'inherit'], detached: true })
  await waitForNext(port, server, port => sendCase(port, { path: '/' }))
  // Draft mode's bypass cookie carries the build's previewModeId; the bridge is given the same one.
  const { previewModeId } = JSON.parse(readFileSync(join(work, '.next', 'prerender-manifest.json'), 'utf8')).preview
  const recorded = []
  for (const c of cases) {
    if (c.wait) await new Promise(resolve => setTimeout(resolve, c.wait))
    const res = await sendCase(port, c, { previewModeId })
    recorded.push({ name: c.name, ...res })
    console.log(`${res.status} ${c.method ?? 'GET'} ${c.path}`)
  }
  const out = { next: NEXT_VERSION, node: process.version, recordedAt: new Date().toISOString(), previewModeId, cases: recorded }
  writeFileSync(join(root, 'test', 'conformance', suite.out), JSON.stringify(out, null, 2) + '\n')
  console.log(`recorded ${recorded.length} cases`)
} finally {
  if (server !== undefined) {
    try { process.kill(-server.pid, 'SIGTERM') } catch {}
  }
  upstream?.close()
  rmSync(work, { recursive: true, force: true })
}
