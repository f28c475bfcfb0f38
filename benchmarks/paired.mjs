#!/usr/bin/env node
// Paired measurement, the reference for ratios (docs/benchmarks.md): the two servers of a pair run
// at the same time on the same core, each loaded by its own autocannon instance, so a noisy spell
// on the machine (these VMs flip between two speeds every few seconds, which moves one server 2x
// between back-to-back runs) hits both alike. The kernel shares the core evenly between two busy
// processes, so the ratio of their req/s is the ratio of their cost per request. Medians of
// per-round ratios. Every run includes the A/A pair (plain Fastify against itself): its spread is
// the noise floor the other ratios are read against.
//
//   node paired.mjs [--rounds 6] [--duration 3] [--connections 50] [--pairs get-json,post-echo,...] [--no-swap] [--fresh]
//   node paired.mjs --baseline /other/checkout/dist/index.js --pairs baseline-get-json,baseline-middleware
//
// Pairs: one per scenario of run.mjs (the plugin against plain Fastify doing the same), `unmatched`
// (an unmatched proxy.ts against none), `cli` (the CLI's `start` with its default logging against
// the plugin without a logger), `next-start` (the CLI against `next start`, when the site is built
// with benchmarks/node_modules/next), `aa-fastify`; with --baseline, `baseline-<scenario>` pairs
// this build against another build of the plugin on the same app (before/after a change).
import { existsSync, writeFileSync } from 'node:fs'
import { cpus } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import autocannon from 'autocannon'
import { PORT, SCENARIOS, SERVERS, cpuTicks, fetchOnce, here, median, pinRunner, pinned, site, start, stop } from './common.mjs'

const PAIRS = {}
for (const [name, s] of Object.entries(SCENARIOS)) {
  PAIRS[name] = { a: 'fastify-next-routes', b: 'fastify-raw', scenario: name, title: `${s.title}: the plugin vs plain Fastify` }
  PAIRS[`baseline-${name}`] = { a: 'fastify-next-routes', b: 'fastify-next-routes-baseline', scenario: name, title: `${s.title}: this build vs the baseline build` }
}
Object.assign(PAIRS, {
  // What an unmatched request pays for having a proxy.ts at all.
  unmatched: { a: 'fastify-next-routes', b: 'fastify-next-routes-nomw', scenario: 'get-json', title: 'GET JSON with an unmatched proxy.ts vs none' },
  cli: { a: 'cli-start', b: 'fastify-next-routes', scenario: 'get-json', title: 'GET JSON: the CLI (default logging) vs the plugin without a logger' },
  // What Fastify itself charges for a logger with request logging off (the CLI has one).
  'fastify-logger': { a: 'fastify-raw-logger', b: 'fastify-raw', scenario: 'get-json', title: 'GET JSON: plain Fastify with a logger (request logging off) vs without' },
  'next-start': { a: 'cli-start', b: 'next-start', scenario: 'get-json', title: 'GET JSON: the CLI (default logging) vs next start' },
  'baseline-cli': { a: 'cli-start', b: 'cli-start-baseline', scenario: 'get-json', title: 'GET JSON, the CLI: this build vs the baseline build' },
  'aa-fastify': { a: 'fastify-raw', b: 'fastify-raw', scenario: 'get-json', title: 'A/A: plain Fastify vs itself (the noise floor)' },
  // The plugin against itself: how far apart two processes of the same plugin server land.
  'aa-plugin': { a: 'fastify-next-routes-nomw', b: 'fastify-next-routes-nomw', scenario: 'get-json', title: 'A/A: the plugin vs itself' }
})
const nextBuilt = existsSync(join(site, '.next', 'BUILD_ID')) && existsSync(join(here, 'node_modules', 'next'))
const DEFAULT = [...Object.keys(SCENARIOS), 'unmatched', 'cli', 'fastify-logger', ...(nextBuilt ? ['next-start'] : []), 'aa-plugin', 'aa-fastify']

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '6' },
    duration: { type: 'string', default: '3' },
    connections: { type: 'string', default: '50' },
    pairs: { type: 'string', default: DEFAULT.join(',') },
    baseline: { type: 'string' },
    out: { type: 'string', default: 'paired.json' },
    // every round with A started first (as before 2026-12-01's second run)
    'no-swap': { type: 'boolean', default: false },
    // a new pair of processes for every round (alternating which starts first)
    fresh: { type: 'boolean', default: false }
  }
})
if (values.baseline !== undefined) {
  SERVERS['fastify-next-routes-baseline'] = { ...SERVERS['fastify-next-routes'], env: { FNR_DIST: values.baseline } }
  // That build's CLI: cli.js next to its index.js.
  const cli = join(dirname(resolve(values.baseline)), 'cli.js')
  SERVERS['cli-start-baseline'] = { ...SERVERS['cli-start'], args: port => [cli, ...SERVERS['cli-start'].args(port).slice(1)] }
}
const rounds = Number(values.rounds)
const duration = Number(values.duration)
const connections = Number(values.connections)
const names = values.pairs.split(',')
// The noise floor is part of every run.
if (!names.includes('aa-fastify')) names.push('aa-fastify')
for (const name of names) {
  if (!PAIRS[name]) throw new Error(`unknown pair ${name} (known: ${Object.keys(PAIRS).join(', ')})`)
  if (name.startsWith('baseline') && values.baseline === undefined) throw new Error(`${name} needs --baseline /path/to/dist/index.js`)
}

const cannon = (port, req, seconds) => autocannon({
  url: `http://127.0.0.1:${port}${req.path}`,
  method: req.method ?? 'GET',
  headers: req.headers,
  body: req.body,
  connections,
  duration: seconds,
  pipelining: 1
})
const both = (portA, portB, req, seconds) => Promise.all([cannon(portA, req, seconds), cannon(portB, req, seconds)])

pinRunner()
const results = {}
for (const name of names) {
  const pair = PAIRS[name]
  const req = SCENARIOS[pair.scenario].request
  const ratios = []
  const rps = { a: [], b: [] }
  // Also the CPU time each server spent per request (from /proc): the cost ratio itself, which
  // does not depend on the kernel sharing the core evenly.
  const cpuRatios = []
  let errors = 0
  // The first server started, on the first port, fares a little worse (A/A of one server against
  // itself: 0.96-0.98 in every round of 2026-12-01's runs). So half the rounds run with the two
  // swapped (fresh processes, B started first); each round's ratio is still A's req/s over B's.
  // One process of the plugin can run 15-30% slower than another for its whole life (the
  // `aa-plugin` pair; docs/benchmarks.md), so with --fresh every round is a new pair of processes
  // and the median is over as many draws as rounds.
  const groups = values.fresh
    ? Array.from({ length: rounds }, (_, i) => ({ count: 1, swapped: !values['no-swap'] && i % 2 === 1 }))
    : !values['no-swap']
        ? [{ count: Math.ceil(rounds / 2), swapped: false }, { count: Math.floor(rounds / 2), swapped: true }]
        : [{ count: rounds, swapped: false }]
  for (const { count, swapped } of groups) {
    if (count === 0) continue
    const [first, second] = swapped ? [pair.b, pair.a] : [pair.a, pair.b]
    // Both servers land on the same (last) core when pinned: start() pins every server there.
    const s1 = await start(first, PORT)
    const s2 = await start(second, PORT + 1)
    const [a, b] = swapped ? [s2, s1] : [s1, s2]
    const [portA, portB] = swapped ? [PORT + 1, PORT] : [PORT, PORT + 1]
    try {
      const [ra, rb] = await Promise.all([fetchOnce(req, portA), fetchOnce(req, portB)])
      if (ra.status !== 200 || ra.status !== rb.status || ra.length !== rb.length || ra.text !== rb.text) console.warn(`⚠ ${name}: the two servers answer differently (${ra.status} vs ${rb.status}, ${ra.length} vs ${rb.length} bytes)`)
      if (pair.scenario === 'middleware' && (ra.mw !== '1' || rb.mw !== '1')) console.warn(`⚠ ${name}: x-mw header missing`)
      await both(PORT, PORT + 1, req, 2) // warm-up, discarded
      for (let i = 0; i < count; i++) {
        const round = ratios.length + 1
        const before = [cpuTicks(a.pid), cpuTicks(b.pid)]
        const [res1, res2] = await both(PORT, PORT + 1, req, duration)
        const [resA, resB] = swapped ? [res2, res1] : [res1, res2]
        const after = [cpuTicks(a.pid), cpuTicks(b.pid)]
        errors += resA.errors + resA.timeouts + resA.non2xx + resB.errors + resB.timeouts + resB.non2xx
        rps.a.push(Math.round(resA.requests.average))
        rps.b.push(Math.round(resB.requests.average))
        ratios.push(resA.requests.average / resB.requests.average)
        if (!before.includes(null) && !after.includes(null)) {
          const perA = (after[0] - before[0]) / resA.requests.total
          const perB = (after[1] - before[1]) / resB.requests.total
          if (perA > 0) cpuRatios.push(perB / perA)
        }
        console.log(`${name} round ${round}/${rounds}${swapped ? ' (swapped)' : ''}: ${pair.a} ${rps.a.at(-1)} req/s, ${pair.b} ${rps.b.at(-1)} req/s, ratio ${ratios.at(-1).toFixed(3)}${cpuRatios.length === round ? `, CPU per request B/A ${cpuRatios.at(-1).toFixed(3)}` : ''}`)
      }
    } finally {
      await stop(s1)
      await stop(s2)
    }
  }
  if (errors > 0) console.warn(`⚠ ${name}: ${errors} errors, timeouts or non-2xx answers`)
  results[name] = { ...pair, path: req.path, method: req.method ?? 'GET', rps, errors, ratios: ratios.map(r => Number(r.toFixed(4))), median: Number(median(ratios).toFixed(4)), cpuRatios: cpuRatios.map(r => Number(r.toFixed(4))), cpuMedian: cpuRatios.length > 0 ? Number(median(cpuRatios).toFixed(4)) : null }
}

console.log('\n| pair | req/s A / B (median) | min-max | CPU per request B / A (median) | rounds |\n|---|---:|---:|---:|---:|')
for (const [, r] of Object.entries(results)) {
  console.log(`| ${r.title} (${r.a} / ${r.b}) | ${r.median.toFixed(3)} | ${Math.min(...r.ratios).toFixed(3)}-${Math.max(...r.ratios).toFixed(3)} | ${r.cpuMedian?.toFixed(3) ?? 'n/a'} | ${r.ratios.length} |`)
}
const out = {
  date: new Date().toISOString(),
  node: process.version,
  // the Node servers' binary and flags when not the runner's (common.mjs: BENCH_NODE, BENCH_NODE_FLAGS)
  ...(process.env.BENCH_NODE !== undefined ? { serverNode: process.env.BENCH_NODE } : {}),
  ...(process.env.BENCH_NODE_FLAGS !== undefined ? { serverNodeFlags: process.env.BENCH_NODE_FLAGS } : {}),
  cpus: cpus().length,
  cpu: cpus()[0]?.model,
  flags: { rounds, duration, warmup: 2, connections, pipelining: 1, swapped: !values['no-swap'] ? 'half the rounds with B started first, on the first port' : 'no', fresh: values.fresh ? 'new processes every round' : !values['no-swap'] ? 'new processes for each half' : 'one pair of processes per pair', pinned: pinned ? 'both servers on the last core, runner on the others' : 'no' },
  results
}
writeFileSync(join(here, 'results', values.out), JSON.stringify(out, null, 2) + '\n')
console.log(`\nwrote results/${values.out}`)
