#!/usr/bin/env node
// Re-record test/conformance/recorded.json from a real `next start` (Next.js 16.4.6):
// copy the fixture app to a temporary folder, install Next there, build, start, send every case.
// Run with `npm run conformance:record` (needs the npm registry; not part of CI).
import { execFileSync, spawn } from 'node:child_process'
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { cases } from '../test/conformance/cases.mjs'
import { sendCase } from '../test/conformance/send.mjs'

const NEXT_VERSION = '16.4.6'
const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const fixture = join(root, 'test', 'conformance', 'fixture')
const work = mkdtempSync(join(tmpdir(), 'fnr-conformance-'))
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' }

function freePort () {
  return new Promise(resolve => {
    const srv = createServer().listen(0, () => { const { port } = srv.address(); srv.close(() => resolve(port)) })
  })
}

async function waitFor (port, child) {
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error('next start exited early')
    try {
      await sendCase(port, { path: '/' })
      return
    } catch {
      await new Promise(resolve => setTimeout(resolve, 200))
    }
  }
  throw new Error('next start did not answer within 60 s')
}

let server
try {
  cpSync(fixture, work, { recursive: true })
  writeFileSync(join(work, 'package.json'), JSON.stringify({ name: 'conformance-fixture', private: true }))
  console.log(`installing next@${NEXT_VERSION} in ${work}`)
  execFileSync('npm', ['install', '--no-audit', '--no-fund', `next@${NEXT_VERSION}`, 'react', 'react-dom', 'typescript', '@types/react', '@types/node'], { cwd: work, stdio: 'inherit', env })
  execFileSync('npx', ['next', 'build'], { cwd: work, stdio: 'inherit', env })
  const port = await freePort()
  // No -H: bound to 127.0.0.1, Next would treat its own rewrites as external (next-middleware.md 3.4).
  server = spawn('npx', ['next', 'start', '-p', String(port)], { cwd: work, env, stdio: ['ignore', 'inherit', 'inherit'], detached: true })
  await waitFor(port, server)
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
  writeFileSync(join(root, 'test', 'conformance', 'recorded.json'), JSON.stringify(out, null, 2) + '\n')
  console.log(`recorded ${recorded.length} cases`)
} finally {
  if (server !== undefined) {
    try { process.kill(-server.pid, 'SIGTERM') } catch {}
  }
  rmSync(work, { recursive: true, force: true })
}
