#!/usr/bin/env node
// Turns the raw measurements of run.mjs into the summary: per scenario and server, the median req/s
// and the median of per-round ratios (to fastify-raw and to next start, measured in the same round).
// The first round is a warm-up for every server and is left out when there are more rounds.
// `node summary.mjs` recomputes results/latest.json's summary and prints the tables again.
import { fileURLToPath } from 'node:url'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { here, median } from './common.mjs'

export function summarize (raw, titles) {
  const rounds = new Set(raw.map(r => r.round))
  const counted = rounds.size > 1 ? raw.filter(r => r.round !== 0) : raw
  const same = (a, b) => a.scenario === b.scenario && a.round === b.round
  const summary = {}
  for (const [scenario, title] of Object.entries(titles)) {
    const rows = {}
    for (const name of new Set(counted.filter(r => r.scenario === scenario).map(r => r.server))) {
      const mine = counted.filter(r => r.scenario === scenario && r.server === name)
      const ratios = []
      const vsNext = []
      for (const r of mine) {
        const base = counted.find(b => same(b, r) && b.server === 'fastify-raw')
        if (base) ratios.push(r.rps / base.rps)
        const next = counted.find(b => same(b, r) && b.server === 'next-start')
        if (next) vsNext.push(r.rps / next.rps)
      }
      rows[name] = {
        rps: Math.round(median(mine.map(r => r.rps))),
        min: Math.round(Math.min(...mine.map(r => r.rps))),
        max: Math.round(Math.max(...mine.map(r => r.rps))),
        ratioToFastify: ratios.length ? Number(median(ratios).toFixed(3)) : null,
        ratioToNext: vsNext.length ? Number(median(vsNext).toFixed(1)) : null,
        p99: median(mine.map(r => r.p99)),
        rss: Math.max(...mine.map(r => r.rss ?? 0)),
        errors: mine.reduce((n, r) => n + r.errors + r.non2xx, 0)
      }
    }
    if (Object.keys(rows).length > 0) summary[scenario] = { title, servers: rows }
  }
  const pairs = counted.filter(r => r.scenario === 'get-json' && r.server === 'fastify-next-routes').flatMap(r => {
    const nomw = counted.find(b => same(b, r) && b.server === 'fastify-next-routes-nomw')
    return nomw ? [r.rps / nomw.rps] : []
  })
  if (pairs.length > 0) {
    summary.unmatchedMiddlewareCost = { title: 'GET /json with proxy.ts present but not matching, vs no proxy.ts', ratio: Number(median(pairs).toFixed(3)) }
  }
  return summary
}

export function printSummary (summary) {
  for (const [scenario, s] of Object.entries(summary)) {
    if (!s.servers) continue
    console.log(`\n${s.title} (${scenario})`)
    console.log('| server | req/s (median) | min-max | ratio to fastify-raw | x next start | p99 ms | max RSS MB | errors |')
    console.log('|---|---:|---:|---:|---:|---:|---:|---:|')
    for (const [name, r] of Object.entries(s.servers)) {
      console.log(`| ${name} | ${r.rps} | ${r.min}-${r.max} | ${r.ratioToFastify ?? '-'} | ${r.ratioToNext ?? '-'} | ${r.p99} | ${r.rss} | ${r.errors} |`)
    }
  }
  if (summary.unmatchedMiddlewareCost) console.log(`\nUnmatched middleware: ${summary.unmatchedMiddlewareCost.ratio}x the req/s of no middleware file`)
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const file = join(here, 'results', 'latest.json')
  const results = JSON.parse(readFileSync(file, 'utf8'))
  const titles = Object.fromEntries(Object.entries(results.summary).filter(([, s]) => s.servers).map(([k, s]) => [k, s.title]))
  results.summary = summarize(results.raw, titles)
  printSummary(results.summary)
  writeFileSync(file, JSON.stringify(results, null, 2) + '\n')
}
