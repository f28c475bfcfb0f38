#!/usr/bin/env node
// Re-record test/conformance-pages/recorded.json from a real `next start` (Next.js 16.4.6), one
// run per fixture folder (pages/api only; both trees with a middleware). As
// scripts/record-conformance.mjs: copy the fixture, install Next (or link NEXT_INSTALL_DIR's
// node_modules, an install of next@16.4.6 react react-dom typescript), build, start, send every case.
import { execFileSync, spawn } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { fixtures } from '../test/conformance-pages/cases.mjs'
import { sendCase } from '../test/conformance/send.mjs'
import { sendPagesCase } from '../test/conformance-pages/send.mjs'
import { freePort, waitForNext } from './next-start.mjs'

const NEXT_VERSION = '16.4.6'
const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' }

async function record (name, cases) {
  // Inside NEXT_INSTALL_DIR its node_modules resolve from the parent folder (Turbopack refuses a
  // symlinked node_modules); elsewhere Next is installed into the copy.
  const installed = process.env.NEXT_INSTALL_DIR
  const reuse = installed !== undefined && existsSync(join(installed, 'node_modules', 'next'))
  const work = mkdtempSync(join(reuse ? installed : tmpdir(), `fnr-conformance-pages-${name}-`))
  let server
  try {
    cpSync(join(root, 'test', 'conformance-pages', name), work, { recursive: true })
    if (!reuse) {
      writeFileSync(join(work, 'package.json'), JSON.stringify({ name: `conformance-pages-${name}`, private: true }))
      execFileSync('npm', ['install', '--no-audit', '--no-fund', `next@${NEXT_VERSION}`, 'react', 'react-dom', 'typescript', '@types/react', '@types/node'], { cwd: work, stdio: 'inherit', env })
    }
    execFileSync('npx', ['next', 'build'], { cwd: work, stdio: 'inherit', env })
    const port = await freePort()
    // No -H: bound to 127.0.0.1, Next would treat its own rewrites as external.
    server = spawn('npx', ['next', 'start', '-p', String(port)], { cwd: work, env, stdio: ['ignore', 'inherit', 'inherit'], detached: true })
    await waitForNext(port, server, port => sendCase(port, { path: '/api/__ready' }))
    const { previewModeId } = JSON.parse(readFileSync(join(work, '.next', 'prerender-manifest.json'), 'utf8')).preview
    const answers = new Map()
    const recorded = []
    for (const c of cases) {
      const res = await sendPagesCase(port, c, answers, { previewModeId })
      recorded.push({ name: c.name, ...res })
      console.log(`${res.status} ${c.method ?? 'GET'} ${c.path}`)
    }
    return { previewModeId, cases: recorded }
  } finally {
    if (server !== undefined) {
      try { process.kill(-server.pid, 'SIGTERM') } catch {}
    }
    rmSync(work, { recursive: true, force: true })
  }
}

const out = { next: NEXT_VERSION, node: process.version, recordedAt: new Date().toISOString(), fixtures: {} }
for (const [name, cases] of Object.entries(fixtures)) out.fixtures[name] = await record(name, cases)
writeFileSync(join(root, 'test', 'conformance-pages', 'recorded.json'), JSON.stringify(out, null, 2) + '\n')
console.log(`recorded ${Object.values(out.fixtures).reduce((n, f) => n + f.cases.length, 0)} cases`)
