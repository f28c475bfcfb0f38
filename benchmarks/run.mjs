#!/usr/bin/env node
// Runs every scenario against every server in interleaved rounds and reports req/s, p99 latency,
// ratios (median of per-round ratios; the machines are shared and noisy, so only ratios taken in
// one run mean anything) and RSS. Writes results/latest.json.
//
//   node run.mjs [--duration 5] [--warmup 2] [--rounds 5] [--connections 50]
//                [--scenarios get-json,post-echo] [--servers fastify-raw,fastify-next-routes]
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { cpus, totalmem, type as osType, release } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import autocannon from 'autocannon'
import { PORT, SCENARIOS, SERVERS, fetchOnce, here, pinRunner, pinned, rssMb, site, start, stop } from './common.mjs'
import { printSummary, summarize } from './summary.mjs'

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '5' },
    warmup: { type: 'string', default: '2' },
    rounds: { type: 'string', default: '5' },
    connections: { type: 'string', default: '50' },
    scenarios: { type: 'string' },
    servers: { type: 'string' }
  }
})
const duration = Number(values.duration)
const warmup = Number(values.warmup)
const rounds = Number(values.rounds)
const connections = Number(values.connections)

const ALL = Object.keys(SCENARIOS)
// Which scenarios each server answers (the no-middleware variant only matters for unmatched requests).
const SERVER_SCENARIOS = { 'fastify-raw': ALL, 'fastify-next-routes': ALL, 'fastify-next-routes-nomw': ['get-json', 'get-json-next'], hono: ALL, 'next-start': ALL }

const scenarioNames = values.scenarios ? values.scenarios.split(',') : Object.keys(SCENARIOS)
const serverNames = values.servers ? values.servers.split(',') : Object.keys(SERVERS)
for (const name of scenarioNames) if (!SCENARIOS[name]) throw new Error(`unknown scenario ${name}`)
for (const name of serverNames) if (!SERVERS[name]) throw new Error(`unknown server ${name}`)

if (serverNames.includes('next-start') && !existsSync(join(site, '.next', 'BUILD_ID'))) {
  console.log('building the site with next build (once)')
  execFileSync(process.execPath, [join(here, 'node_modules', 'next', 'dist', 'bin', 'next'), 'build'], { cwd: site, stdio: 'inherit', env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } })
}
if (!existsSync(join(here, '..', 'dist', 'index.js'))) throw new Error('build the package first: npm run build (in the repository root)')

function cannon (port, req, seconds) {
  return autocannon({
    url: `http://127.0.0.1:${port}${req.path}`,
    method: req.method ?? 'GET',
    headers: req.headers,
    body: req.body,
    connections,
    pipelining: 1,
    duration: seconds
  })
}

// Every server runs for the whole run, each on its own port, idle while another is measured. A
// round measures one scenario on every server back to back (in rotating order), so a noisy spell of
// the shared machine hits neighbours in the same round rather than one server's whole turn.
pinRunner()
const children = {}
const ports = {}
const raw = [] // { round, server, scenario, rps, p99, rss, errors, non2xx }
const warnings = []
try {
  for (const [i, name] of serverNames.entries()) {
    ports[name] = PORT + i
    children[name] = await start(name, ports[name])
  }
  // Every server must answer each scenario as fastify-raw does.
  for (const scenario of scenarioNames) {
    const req = SCENARIOS[scenario].request
    const ref = serverNames.includes('fastify-raw') ? await fetchOnce(req, ports['fastify-raw']) : undefined
    for (const name of serverNames) {
      if (!SERVER_SCENARIOS[name].includes(scenario)) continue
      const check = await fetchOnce(req, ports[name])
      if (check.status !== 200) warnings.push(`${name} ${scenario}: status ${check.status}`)
      else if (ref !== undefined && (check.length !== ref.length || check.text !== ref.text)) warnings.push(`${name} ${scenario}: body differs from fastify-raw (${check.length} vs ${ref.length} bytes)`)
      if (scenario === 'middleware' && check.mw !== '1') warnings.push(`${name} middleware: x-mw header missing`)
    }
  }
  for (let round = 0; round < rounds; round++) {
    for (const scenario of scenarioNames) {
      const req = SCENARIOS[scenario].request
      const names = serverNames.filter(name => SERVER_SCENARIOS[name].includes(scenario))
      const shift = round % names.length
      for (const name of [...names.slice(shift), ...names.slice(0, shift)]) {
        if (warmup > 0) await cannon(ports[name], req, warmup)
        const result = await cannon(ports[name], req, duration)
        const entry = { round, server: name, scenario, rps: result.requests.average, p99: result.latency.p99, rss: rssMb(children[name].pid), errors: result.errors + result.timeouts, non2xx: result.non2xx }
        raw.push(entry)
        console.log(`round ${round + 1}/${rounds} ${scenario.padEnd(14)} ${name.padEnd(26)} ${Math.round(entry.rps).toString().padStart(7)} req/s  p99 ${entry.p99} ms  rss ${entry.rss} MB${entry.non2xx || entry.errors ? `  non2xx ${entry.non2xx} errors ${entry.errors}` : ''}`)
      }
    }
  }
} finally {
  for (const child of Object.values(children)) await stop(child)
}

const summary = summarize(raw, Object.fromEntries(scenarioNames.map(name => [name, SCENARIOS[name].title])))
printSummary(summary)
for (const w of warnings) console.log('WARNING: ' + w)

mkdirSync(join(here, 'results'), { recursive: true })
const out = {
  date: new Date().toISOString(),
  node: process.version,
  os: `${osType()} ${release()}`,
  cpus: cpus().length,
  cpu: cpus()[0]?.model,
  memoryGb: Math.round(totalmem() / 2 ** 30),
  flags: { duration, warmup, rounds, connections, pipelining: 1, tool: 'autocannon (in the runner process)', pinned: pinned ? 'server on the last core, runner on the others (taskset)' : 'no' },
  summary,
  warnings,
  raw
}
writeFileSync(join(here, 'results', 'latest.json'), JSON.stringify(out, null, 2) + '\n')
console.log('\nwrote results/latest.json')
