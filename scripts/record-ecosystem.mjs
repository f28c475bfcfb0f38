#!/usr/bin/env node
// Re-record test/fixtures/ecosystem-app/recorded.json from a real `next start` (Next.js 16.4.6):
// copy the fixture app to a temporary folder, install next@16.4.6 and the libraries at the
// versions the ecosystem fixtures pin, build, start, run the scenario (scenario.mjs beside the
// app). Needs the npm registry; not part of CI. Run with `node scripts/record-ecosystem.mjs`.
import { execFileSync } from 'node:child_process'
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startNext } from './next-start.mjs'
import { runScenario } from '../test/fixtures/ecosystem-app/scenario.mjs'

const NEXT_VERSION = '16.4.6'
const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const app = join(root, 'test', 'fixtures', 'ecosystem-app')
const work = mkdtempSync(join(tmpdir(), 'fnr-ecosystem-'))
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' }


// The fixture's own versions (the mode with next installed), less the local test packages.
const pinned = JSON.parse(readFileSync(join(root, 'test', 'fixtures', 'ecosystem-next', 'package.json'), 'utf8')).dependencies
const dependencies = Object.fromEntries(Object.entries(pinned).filter(([, v]) => !v.startsWith('file:')))
if (dependencies.next !== NEXT_VERSION) throw new Error(`ecosystem-next pins next@${dependencies.next}, expected ${NEXT_VERSION}`)

let stop = () => {}
try {
  cpSync(app, work, { recursive: true, filter: src => !/recorded\.json$|scenario\.mjs$|README\.md$/.test(src) })
  writeFileSync(join(work, 'package.json'), JSON.stringify({ name: 'ecosystem-app', private: true, dependencies }, null, 2))
  console.log(`installing next@${NEXT_VERSION} and the libraries in ${work}`)
  // Optional dependencies stay: `next build` needs its SWC binary. --legacy-peer-deps: next-auth v5
  // names next 14/15 as its peer.
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--legacy-peer-deps', 'typescript', '@types/react', '@types/node'], { cwd: work, stdio: 'inherit', env })
  execFileSync('npx', ['next', 'build'], { cwd: work, stdio: 'inherit', env })
  const next = await startNext(work, '/api/phase', env)
  stop = next.stop
  const origin = next.origin
  const Stripe = createRequire(join(work, 'index.js'))('stripe')
  const steps = await runScenario(origin, Stripe.default ?? Stripe)
  for (const [name, answer] of Object.entries(steps)) console.log(`${answer.status} ${name}`)
  const out = { next: NEXT_VERSION, node: process.version, recordedAt: new Date().toISOString(), dependencies, steps }
  writeFileSync(join(app, 'recorded.json'), JSON.stringify(out, null, 2) + '\n')
  console.log(`recorded ${Object.keys(steps).length} steps`)
} finally {
  stop()
  rmSync(work, { recursive: true, force: true })
}
