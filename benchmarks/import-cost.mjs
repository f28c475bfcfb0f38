#!/usr/bin/env node
// What importing the package costs: fresh Node processes timing `import('fastify')` and
// `import('fastify-next-routes')` (which imports Fastify itself), median of --runs (default 7).
//
//   node import-cost.mjs [--runs 7] [--json]
import { execFileSync } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

const here = dirname(fileURLToPath(import.meta.url))
const { values } = parseArgs({ options: { runs: { type: 'string', default: '7' }, json: { type: 'boolean' } } })
const runs = Number(values.runs)
const targets = { fastify: 'fastify', 'fastify-next-routes': join(here, '..', 'dist', 'index.js') }

function time (specifier) {
  const child = `const t = performance.now(); await import(${JSON.stringify(specifier)}); console.log(performance.now() - t)`
  return Number(execFileSync(process.execPath, ['--input-type=module', '-e', child], { cwd: here, encoding: 'utf8' }).trim())
}

const median = xs => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const result = { node: process.version, runs }
// Interleaved (one of each, then again), so a slow spell of this shared machine hits both; the
// added cost is the median of the per-pair differences.
const samples = Object.fromEntries(Object.keys(targets).map(name => [name, []]))
for (let i = 0; i < runs; i++) for (const [name, specifier] of Object.entries(targets)) samples[name].push(time(specifier))
for (const name of Object.keys(targets)) result[name] = Math.round(median(samples[name]))
result.addedMs = Math.round(median(samples['fastify-next-routes'].map((ms, i) => ms - samples.fastify[i])))
if (values.json === true) console.log(JSON.stringify(result))
else console.log(`import fastify: ${result.fastify} ms, import fastify-next-routes: ${result['fastify-next-routes']} ms (+${result.addedMs} ms), median of ${runs}, ${process.version}`)
