#!/usr/bin/env node
// Re-record test/conformance-pages/recorded.json from a real `next start` (Next.js 16.4.6), one
// run per fixture folder (pages/api only; both trees with a middleware). As
// scripts/record-conformance.mjs: copy the fixture, install Next (or link NEXT_INSTALL_DIR's
// node_modules, an install of next@16.4.6 react react-dom typescript), build, start, send every case.
import { readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { fixtures } from '../test/conformance-pages/cases.mjs'
import { sendPagesCase } from '../test/conformance-pages/send.mjs'
import { NEXT_VERSION, withNextApp } from './next-start.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')

async function record (name, cases) {
  return await withNextApp(join(root, 'test', 'conformance-pages', name), `conformance-pages-${name}`, '/api/__ready', async ({ port, work }) => {
    const { previewModeId } = JSON.parse(readFileSync(join(work, '.next', 'prerender-manifest.json'), 'utf8')).preview
    const answers = new Map()
    const recorded = []
    for (const c of cases) {
      const res = await sendPagesCase(port, c, answers, { previewModeId })
      recorded.push({ name: c.name, ...res })
      console.log(`${res.status} ${c.method ?? 'GET'} ${c.path}`)
    }
    return { previewModeId, cases: recorded }
  })
}

const out = { next: NEXT_VERSION, node: process.version, recordedAt: new Date().toISOString(), fixtures: {} }
for (const [name, cases] of Object.entries(fixtures)) out.fixtures[name] = await record(name, cases)
writeFileSync(join(root, 'test', 'conformance-pages', 'recorded.json'), JSON.stringify(out, null, 2) + '\n')
console.log(`recorded ${Object.values(out.fixtures).reduce((n, f) => n + f.cases.length, 0)} cases`)
