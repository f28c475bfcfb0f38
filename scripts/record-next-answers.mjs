#!/usr/bin/env node
// Re-record test/next-answers.recorded.json from a real `next start` (Next.js 16.4.6): for each
// fixture of test/next-answers-cases.mjs (test/fixtures/next-answers-<name>), copy it, install Next
// (or reuse NEXT_INSTALL_DIR's node_modules, an install of next@16.4.6 react react-dom typescript),
// build, start, send every request. Part of `npm run conformance:record`.
import { execFileSync, spawn } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { sendCase } from '../test/conformance/send.mjs'
import { DEFAULT_SEND, fixtures } from '../test/next-answers-cases.mjs'
import { freePort, waitForNext } from './next-start.mjs'

const NEXT_VERSION = '16.4.6'
const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' }

async function record (name, requests) {
  const installed = process.env.NEXT_INSTALL_DIR
  const reuse = installed !== undefined && existsSync(join(installed, 'node_modules', 'next'))
  const work = mkdtempSync(join(reuse ? installed : tmpdir(), `fnr-next-answers-${name}-`))
  let server
  try {
    cpSync(join(root, 'test', 'fixtures', `next-answers-${name}`), work, { recursive: true })
    if (!reuse) {
      writeFileSync(join(work, 'package.json'), JSON.stringify({ name: `next-answers-${name}`, private: true }))
      execFileSync('npm', ['install', '--no-audit', '--no-fund', `next@${NEXT_VERSION}`, 'react', 'react-dom', 'typescript', '@types/react', '@types/node'], { cwd: work, stdio: 'inherit', env })
    }
    execFileSync('npx', ['next', 'build'], { cwd: work, stdio: 'inherit', env })
    const port = await freePort()
    server = spawn('npx', ['next', 'start', '-p', String(port)], { cwd: work, env, stdio: ['ignore', 'inherit', 'inherit'], detached: true })
    await waitForNext(port, server, port => sendCase(port, { path: '/target' }))
    const answers = []
    for (const r of requests) {
      const res = await sendCase(port, { ...r, send: r.send ?? DEFAULT_SEND })
      answers.push({ name: r.name, status: res.status, headers: res.headers, body: res.body })
      console.log(`${res.status} ${r.method ?? 'GET'} ${r.path}`)
    }
    return answers
  } finally {
    if (server !== undefined) {
      try { process.kill(-server.pid, 'SIGTERM') } catch {}
    }
    rmSync(work, { recursive: true, force: true })
  }
}

const out = { next: NEXT_VERSION, node: process.version, recordedAt: new Date().toISOString(), fixtures: {} }
for (const [name, requests] of Object.entries(fixtures)) out.fixtures[name] = await record(name, requests)
writeFileSync(join(root, 'test', 'next-answers.recorded.json'), JSON.stringify(out, null, 2) + '\n')
console.log('test/next-answers.recorded.json: recorded')
