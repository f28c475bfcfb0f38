#!/usr/bin/env node
// Re-record test/conformance/next-e2e/<suite>/recorded.json from a real `next start` (Next.js
// 16.4.6): the suites ported from Next.js's own e2e tests (each <suite>/suite.json names its origin
// and its cases; <suite>/fixture is the app as the test builds it). As
// scripts/record-conformance-pages.mjs: copy the fixture, install Next (or reuse NEXT_INSTALL_DIR's
// node_modules, an install of next@16.4.6 react react-dom typescript), build, start, send every case.
// `node scripts/record-conformance-next-e2e.mjs [suite...]` records only the suites named.
import { execFileSync, spawn } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { sendCase } from '../test/conformance/send.mjs'
import { freePort, waitForNext } from './next-start.mjs'

const NEXT_VERSION = '16.4.6'
const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const suites = join(root, 'test', 'conformance', 'next-e2e')
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' }

async function record (name) {
  const suite = JSON.parse(readFileSync(join(suites, name, 'suite.json'), 'utf8'))
  const installed = process.env.NEXT_INSTALL_DIR
  const reuse = installed !== undefined && existsSync(join(installed, 'node_modules', 'next'))
  const work = mkdtempSync(join(reuse ? installed : tmpdir(), `fnr-next-e2e-${name}-`))
  let server
  try {
    cpSync(join(suites, name, 'fixture'), work, { recursive: true })
    if (!reuse) {
      writeFileSync(join(work, 'package.json'), JSON.stringify({ name: `next-e2e-${name}`, private: true }))
      execFileSync('npm', ['install', '--no-audit', '--no-fund', `next@${NEXT_VERSION}`, 'react', 'react-dom', 'typescript', '@types/react', '@types/node'], { cwd: work, stdio: 'inherit', env })
    }
    execFileSync('npx', ['next', 'build'], { cwd: work, stdio: 'inherit', env })
    const port = await freePort()
    // No -H: bound to 127.0.0.1, Next would treat its own rewrites as external.
    server = spawn('npx', ['next', 'start', '-p', String(port)], { cwd: work, env, stdio: ['ignore', 'inherit', 'inherit'], detached: true })
    await waitForNext(port, server, port => sendCase(port, { path: '/__ready' }))
    const recorded = []
    for (const c of suite.cases) {
      if (c.wait) await new Promise(resolve => setTimeout(resolve, c.wait))
      const res = await sendCase(port, c)
      recorded.push({ name: c.name, ...res })
      console.log(`${res.status} ${c.method ?? 'GET'} ${c.path}`)
    }
    return recorded
  } finally {
    if (server !== undefined) {
      try { process.kill(-server.pid, 'SIGTERM') } catch {}
    }
    rmSync(work, { recursive: true, force: true })
  }
}

const names = process.argv.length > 2 ? process.argv.slice(2) : readdirSync(suites).filter(n => existsSync(join(suites, n, 'suite.json')))
for (const name of names) {
  const cases = await record(name)
  const out = { next: NEXT_VERSION, node: process.version, recordedAt: new Date().toISOString(), cases }
  writeFileSync(join(suites, name, 'recorded.json'), JSON.stringify(out, null, 2) + '\n')
  console.log(`${name}: recorded ${cases.length} cases`)
}
