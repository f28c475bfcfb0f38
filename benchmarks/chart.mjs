#!/usr/bin/env node
// Draws docs/benchmarks.svg from results/latest.json: per scenario, each server's req/s as a ratio to
// plain Fastify (1.0 = as fast as a plain Fastify route). Hand-written SVG, no chart library.
import { readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const results = JSON.parse(readFileSync(join(here, 'results', 'latest.json'), 'utf8'))
const COLORS = { 'fastify-raw': '#555', 'fastify-next-routes': '#1f77b4', 'fastify-next-routes-nomw': '#9ecae1', hono: '#ff7f0e', 'next-start': '#d62728' }
const scenarios = Object.entries(results.summary).filter(([, s]) => s.servers)
// A fixed order, whatever order the run measured them in.
const servers = Object.keys(COLORS).filter(name => scenarios.some(([, s]) => s.servers[name]))

const barH = 14
const gap = 4
const left = 260
const width = 1000
const scale = (width - left - 60) / Math.max(1.2, ...scenarios.flatMap(([, s]) => Object.values(s.servers).map(r => r.ratioToFastify ?? 0)))
const esc = s => String(s).replace(/[&<>]/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c])

let y = 50
const parts = []
for (const [, s] of scenarios) {
  parts.push(`<text x="10" y="${y + 10}" font-weight="bold">${esc(s.title)}</text>`)
  y += 18
  for (const name of servers) {
    const r = s.servers[name]
    if (!r || r.ratioToFastify === null) continue
    const w = Math.max(1, r.ratioToFastify * scale)
    parts.push(`<text x="${left - 8}" y="${y + 11}" text-anchor="end">${esc(name)}</text>`)
    parts.push(`<rect x="${left}" y="${y}" width="${w.toFixed(1)}" height="${barH}" fill="${COLORS[name] ?? '#999'}"/>`)
    parts.push(`<text x="${(left + w + 6).toFixed(1)}" y="${y + 11}">${r.ratioToFastify.toFixed(2)}x (${r.rps} req/s)</text>`)
    y += barH + gap
  }
  y += 14
}
const oneX = left + scale
const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${y + 20}" font-family="sans-serif" font-size="12">
<rect width="100%" height="100%" fill="white"/>
<text x="10" y="20" font-size="14" font-weight="bold">Requests/s as a ratio to a plain Fastify route (higher is better)</text>
<text x="10" y="36" fill="#555">${esc(`${results.node}, ${results.cpus} CPUs, autocannon -c ${results.flags.connections} -d ${results.flags.duration}, median of per-round ratios over ${results.flags.rounds - 1} interleaved rounds (a warm-up round discarded)${results.flags.pinned && results.flags.pinned !== 'no' ? ', server pinned to its own core' : ''}, ${results.date.slice(0, 10)}`)}</text>
<line x1="${oneX}" y1="44" x2="${oneX}" y2="${y}" stroke="#aaa" stroke-dasharray="4 3"/>
${parts.join('\n')}
</svg>
`
writeFileSync(join(here, '..', 'docs', 'benchmarks.svg'), svg)
console.log('wrote docs/benchmarks.svg')
