#!/usr/bin/env node
// Paired measurement for small differences: the two servers of a pair run at the same time on the
// same core, each loaded by its own autocannon instance, so a noisy spell on the machine (these
// VMs flip between two speeds every few seconds, which moves one server 2x between back-to-back
// runs) hits both alike. The kernel shares the core evenly between two busy processes, so the
// ratio of their req/s is the ratio of their cost per request. Medians of per-round ratios.
//
//   node paired.mjs [--rounds 8] [--duration 4] [--connections 50] [--pairs unmatched,get-json]
//   node paired.mjs --baseline /other/checkout/dist/index.js --pairs baseline,baseline-mw
//
// --baseline pairs this build against another one of the plugin (before/after a change), on the
// same app.
//
// run.mjs remains the reference for absolute req/s and `next start`; this script only answers
// "how much slower is A than B" when the answer is a few percent.
import { writeFileSync } from 'node:fs'
import { cpus } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import autocannon from 'autocannon'
import { PORT, SERVERS, fetchOnce, here, median, pinRunner, pinned, start, stop } from './common.mjs'

const PAIRS = {
  // What an unmatched request pays for having a proxy.ts at all.
  unmatched: { a: 'fastify-next-routes', b: 'fastify-next-routes-nomw', path: '/json', title: 'GET JSON with an unmatched proxy.ts vs none' },
  'get-json': { a: 'fastify-next-routes', b: 'fastify-raw', path: '/json', title: 'GET JSON route file vs plain Fastify' },
  middleware: { a: 'fastify-next-routes', b: 'fastify-raw', path: '/mw/json', title: 'matched proxy.ts vs an onRequest hook' },
  // With --baseline: this build (a) against another (b).
  baseline: { a: 'fastify-next-routes', b: 'fastify-next-routes-baseline', path: '/json', title: 'GET JSON route file: this build vs the baseline build' },
  'baseline-mw': { a: 'fastify-next-routes', b: 'fastify-next-routes-baseline', path: '/mw/json', title: 'matched proxy.ts: this build vs the baseline build' },
  cli: { a: 'cli-start', b: 'fastify-next-routes', path: '/json', title: 'GET JSON: the CLI (default logging) vs the plugin without a logger' },
  'aa-fastify': { a: 'fastify-raw', b: 'fastify-raw', path: '/json', title: 'A/A: plain Fastify vs itself (the noise floor)' }
}

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '8' },
    duration: { type: 'string', default: '4' },
    connections: { type: 'string', default: '50' },
    pairs: { type: 'string', default: 'unmatched,get-json,middleware,aa-fastify' },
    baseline: { type: 'string' }
  }
})
if (values.baseline !== undefined) SERVERS['fastify-next-routes-baseline'] = { ...SERVERS['fastify-next-routes'], env: { FNR_DIST: values.baseline } }
const rounds = Number(values.rounds)
const duration = Number(values.duration)
const connections = Number(values.connections)
const names = values.pairs.split(',')
for (const name of names) if (!PAIRS[name]) throw new Error(`unknown pair ${name}`)

const both = (portA, portB, path, seconds) => Promise.all([portA, portB].map(port =>
  autocannon({ url: `http://127.0.0.1:${port}${path}`, connections, duration: seconds, pipelining: 1 })))

pinRunner()
const results = {}
for (const name of names) {
  const pair = PAIRS[name]
  // Both servers land on the same (last) core when pinned: start() pins every server there.
  const a = await start(pair.a, PORT)
  const b = await start(pair.b, PORT + 1)
  try {
    const [ra, rb] = await Promise.all([fetchOnce({ path: pair.path }, PORT), fetchOnce({ path: pair.path }, PORT + 1)])
    if (ra.status !== rb.status || ra.text !== rb.text) console.warn(`⚠ ${name}: the two servers answer differently (${ra.status} vs ${rb.status})`)
    await both(PORT, PORT + 1, pair.path, 2) // warm-up, discarded
    const ratios = []
    const rps = { a: [], b: [] }
    for (let round = 1; round <= rounds; round++) {
      const [resA, resB] = await both(PORT, PORT + 1, pair.path, duration)
      rps.a.push(Math.round(resA.requests.average))
      rps.b.push(Math.round(resB.requests.average))
      ratios.push(resA.requests.average / resB.requests.average)
      console.log(`${name} round ${round}/${rounds}: ${pair.a} ${rps.a.at(-1)} req/s, ${pair.b} ${rps.b.at(-1)} req/s, ratio ${ratios.at(-1).toFixed(3)}`)
    }
    results[name] = { ...pair, rps, ratios: ratios.map(r => Number(r.toFixed(4))), median: Number(median(ratios).toFixed(4)) }
  } finally {
    await stop(a)
    await stop(b)
  }
}

console.log('\n| pair | A / B (median) | min-max | rounds |\n|---|---:|---:|---:|')
for (const [name, r] of Object.entries(results)) {
  console.log(`| ${r.title} (${r.a} / ${r.b}) | ${r.median.toFixed(3)} | ${Math.min(...r.ratios).toFixed(3)}-${Math.max(...r.ratios).toFixed(3)} | ${r.ratios.length} |`)
}
const out = {
  date: new Date().toISOString(),
  node: process.version,
  cpu: cpus()[0]?.model,
  flags: { rounds, duration, connections, pipelining: 1, pinned: pinned ? 'both servers on the last core, runner on the others' : 'no' },
  results
}
writeFileSync(join(here, 'results', 'paired.json'), JSON.stringify(out, null, 2) + '\n')
console.log('\nwrote results/paired.json')
