#!/usr/bin/env node
// Draws docs/benchmarks.svg from results/paired.json (paired.mjs): per pair, the median ratio of
// req/s A / B with its min-max over the rounds, next to the A/A pair of the same run (plain
// Fastify against itself), whose spread is the noise floor. Hand-written SVG, no chart library.
//
//   node chart.mjs [results/paired.json]
import { readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const file = process.argv[2] !== undefined ? resolve(process.argv[2]) : join(here, 'results', 'paired.json')
const run = JSON.parse(readFileSync(file, 'utf8'))
const pairs = Object.entries(run.results)
const aa = run.results['aa-fastify']

const left = 590
const width = 1150
const barH = 16
const rowH = 26
const max = 1.2 // ratios above this (the CLI against next start) are written out, not drawn
const scale = (width - left - 150) / max
const esc = s => String(s).replace(/[&<>]/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c])
const x = r => left + Math.min(r, max) * scale

let y = 64
const parts = []
if (aa !== undefined) {
  // The noise floor across the whole chart: any ratio inside this band is "the same as Fastify".
  const lo = Math.min(...aa.ratios)
  const hi = Math.max(...aa.ratios)
  parts.push(`<rect x="${x(lo).toFixed(1)}" y="${y - 6}" width="${(x(hi) - x(lo)).toFixed(1)}" height="${pairs.length * rowH + 6}" fill="#eee"/>`)
}
for (const [name, r] of pairs) {
  parts.push(`<text x="${left - 8}" y="${y + 12}" text-anchor="end">${esc(r.title.length > 95 ? r.title.slice(0, 93) + '…' : r.title)}</text>`)
  const lo = Math.min(...r.ratios)
  const hi = Math.max(...r.ratios)
  if (r.median > max) {
    parts.push(`<text x="${left + 4}" y="${y + 12}" font-weight="bold">${r.median.toFixed(1)}x (${lo.toFixed(1)}-${hi.toFixed(1)}), off this scale</text>`)
  } else {
    const color = name === 'aa-fastify' ? '#555' : r.b === 'fastify-raw' ? '#1f77b4' : '#2ca02c'
    parts.push(`<rect x="${left}" y="${y}" width="${(x(r.median) - left).toFixed(1)}" height="${barH}" fill="${color}"/>`)
    parts.push(`<line x1="${x(lo).toFixed(1)}" y1="${y + barH / 2}" x2="${x(hi).toFixed(1)}" y2="${y + barH / 2}" stroke="#000" stroke-width="1"/>`)
    parts.push(`<text x="${(x(Math.max(hi, r.median)) + 6).toFixed(1)}" y="${y + 12}">${r.median.toFixed(3)} (${lo.toFixed(2)}-${hi.toFixed(2)})</text>`)
  }
  y += rowH
}
const one = x(1)
const f = run.flags
const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${y + 24}" font-family="sans-serif" font-size="12">
<rect width="100%" height="100%" fill="white"/>
<text x="10" y="20" font-size="14" font-weight="bold">Paired req/s ratios A / B, median of ${f.rounds} rounds (line: min-max; grey band: the A/A noise floor)</text>
<text x="10" y="38" fill="#555">${esc(`${run.node}, ${run.cpus ?? '?'} CPUs, both servers of a pair at once${f.pinned !== 'no' ? ' on one core' : ''}, autocannon -c ${f.connections} each, ${f.rounds} x ${f.duration} s after a ${f.warmup ?? 2} s warm-up, ${run.date.slice(0, 10)}`)}</text>
<line x1="${one}" y1="52" x2="${one}" y2="${y}" stroke="#aaa" stroke-dasharray="4 3"/>
<text x="${one}" y="${y + 14}" text-anchor="middle" fill="#555">1.0</text>
${parts.join('\n')}
</svg>
`
writeFileSync(join(here, '..', 'docs', 'benchmarks.svg'), svg)
console.log('wrote docs/benchmarks.svg')
