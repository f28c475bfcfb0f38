#!/usr/bin/env node
// Re-record test/conformance/next-e2e/<suite>/recorded.json from a real `next start` (Next.js
// 16.4.6): the suites ported from Next.js's own e2e tests (each <suite>/suite.json names its origin
// and its cases; <suite>/fixture is the app as the test builds it). As
// scripts/record-conformance-pages.mjs: copy the fixture, install Next (or reuse NEXT_INSTALL_DIR's
// node_modules, an install of next@16.4.6 react react-dom typescript), build, start, send every case.
// `node scripts/record-conformance-next-e2e.mjs [suite...]` records only the suites named.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { sendCase } from '../test/conformance/send.mjs'
import { NEXT_VERSION, withNextApp } from './next-start.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const suites = join(root, 'test', 'conformance', 'next-e2e')

async function record (name) {
  const suite = JSON.parse(readFileSync(join(suites, name, 'suite.json'), 'utf8'))
  return await withNextApp(join(suites, name, 'fixture'), `next-e2e-${name}`, '/__ready', async ({ port }) => {
    const recorded = []
    for (const c of suite.cases) {
      if (c.wait) await new Promise(resolve => setTimeout(resolve, c.wait))
      const res = await sendCase(port, c)
      recorded.push({ name: c.name, ...res })
      console.log(`${res.status} ${c.method ?? 'GET'} ${c.path}`)
    }
    return recorded
  })
}

const names = process.argv.length > 2 ? process.argv.slice(2) : readdirSync(suites).filter(n => existsSync(join(suites, n, 'suite.json')))
for (const name of names) {
  const cases = await record(name)
  const out = { next: NEXT_VERSION, node: process.version, recordedAt: new Date().toISOString(), cases }
  writeFileSync(join(suites, name, 'recorded.json'), JSON.stringify(out, null, 2) + '\n')
  console.log(`${name}: recorded ${cases.length} cases`)
}
