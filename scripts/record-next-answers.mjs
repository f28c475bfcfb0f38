#!/usr/bin/env node
// Re-record test/next-answers.recorded.json from a real `next start` (Next.js 16.4.6): for each
// fixture of test/next-answers-cases.mjs (test/fixtures/next-answers-<name>), copy it, install Next
// (or reuse NEXT_INSTALL_DIR's node_modules, an install of next@16.4.6 react react-dom typescript),
// build, start, send every request. Part of `npm run conformance:record`.
import { writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { sendCase } from '../test/conformance/send.mjs'
import { DEFAULT_SEND, fixtures } from '../test/next-answers-cases.mjs'
import { NEXT_VERSION, withNextApp } from './next-start.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')

async function record (name, requests) {
  return await withNextApp(join(root, 'test', 'fixtures', `next-answers-${name}`), `next-answers-${name}`, '/target', async ({ port }) => {
    const answers = []
    for (const r of requests) {
      const res = await sendCase(port, { ...r, send: r.send ?? DEFAULT_SEND })
      answers.push({ name: r.name, status: res.status, headers: res.headers, body: res.body })
      console.log(`${res.status} ${r.method ?? 'GET'} ${r.path}`)
    }
    return answers
  })
}

const out = { next: NEXT_VERSION, node: process.version, recordedAt: new Date().toISOString(), fixtures: {} }
for (const [name, requests] of Object.entries(fixtures)) out.fixtures[name] = await record(name, requests)
writeFileSync(join(root, 'test', 'next-answers.recorded.json'), JSON.stringify(out, null, 2) + '\n')
console.log('test/next-answers.recorded.json: recorded')
