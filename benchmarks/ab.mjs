#!/usr/bin/env node
// Quick A/B while working on the hot path: one process serves plain Fastify routes and the plugin's
// site/ side by side, and autocannon measures the given paths in alternating order, 3 rounds (ROUNDS=n),
// so a change can be judged in a minute. For published numbers use run.mjs (separate processes, next start).
//
//   node ab.mjs /raw /json /json-next            (ratios are to the first path)
//   MW=1 node ab.mjs /raw-mw /mw/json            (with proxy.ts)
//   MW=both node ab.mjs /off/json /on/json       (the site twice: without and with proxy.ts; /on/json
//                                                  is an unmatched request paying for the hook)
import { execFileSync, fork } from 'node:child_process'
import { availableParallelism } from 'node:os'
import { fileURLToPath } from 'node:url'
import autocannon from 'autocannon'
import Fastify from 'fastify'
import { median, pinRunner, pinned } from './common.mjs'

const PORT = 3303

if (process.argv[2] === '--serve') {
  const { default: nextRoutes } = await import('../dist/index.js')
  const app = Fastify()
  const json = { schema: { response: { 200: { type: 'object', properties: { hello: { type: 'string' } } } } } }
  app.get('/raw', json, async () => ({ hello: 'world' }))
  app.register(async (scoped) => {
    scoped.addHook('onRequest', async (request, reply) => { reply.header('x-mw', '1') })
    scoped.get('/raw-mw', json, async () => ({ hello: 'world' }))
  })
  const dir = fileURLToPath(new URL('site', import.meta.url))
  if (process.env.MW === 'both') {
    // Each in its own context, so the proxy hook of /on never sees /off.
    await app.register(async (scope) => { await scope.register(nextRoutes, { dir, prefix: '/on', middleware: true }) })
    await app.register(async (scope) => { await scope.register(nextRoutes, { dir, prefix: '/off', middleware: false }) })
  } else {
    await app.register(nextRoutes, { dir, middleware: process.env.MW === '1' })
  }
  await app.listen({ port: PORT, host: '127.0.0.1' })
  process.send('ready')
} else {
  const paths = process.argv.slice(2)
  if (paths.length === 0) throw new Error('usage: node ab.mjs /path-a /path-b ...')
  const child = fork(fileURLToPath(import.meta.url), ['--serve'])
  await new Promise(resolve => child.once('message', resolve))
  // Same core split as run.mjs: the server on the last core, autocannon on the others.
  pinRunner()
  if (pinned) execFileSync('taskset', ['-cp', String(availableParallelism() - 1), String(child.pid)], { stdio: 'ignore' })
  const rounds = Number(process.env.ROUNDS ?? 3)
  const rps = Object.fromEntries(paths.map(p => [p, []]))
  for (let round = 0; round < rounds; round++) {
    for (const path of round % 2 === 0 ? paths : [...paths].reverse()) {
      const url = `http://127.0.0.1:${PORT}${path}`
      await autocannon({ url, connections: 50, duration: 1 }) // warm-up, discarded
      rps[path].push(Math.round((await autocannon({ url, connections: 50, duration: 4 })).requests.average))
    }
  }
  // Median of the per-round ratios to the first path: a noisy spell hits both sides of a round.
  for (const path of paths) {
    const ratios = rps[path].map((v, i) => v / rps[paths[0]][i])
    console.log(path.padEnd(14), rps[path].join(' ').padEnd(6 * rounds), median(ratios).toFixed(3))
  }
  child.kill()
}
