#!/usr/bin/env node
// 100 slow clients download the 1 MB stream at once, each reading about 100 KB/s. A server that
// respects backpressure holds a few chunks per client; one that reads the stream ahead of the socket
// buffers up to 100 MB. Prints idle and peak RSS of each server and checks every download completed.
//
//   node slow-clients.mjs [--clients 100] [--rate 100] (KB/s per client) [--servers a,b]
import { connect } from 'node:net'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { setTimeout as sleep } from 'node:timers/promises'
import { PORT, SERVERS, here, rssMb, start, stop } from './common.mjs'

const { values } = parseArgs({
  options: {
    clients: { type: 'string', default: '100' },
    rate: { type: 'string', default: '100' },
    servers: { type: 'string', default: 'fastify-raw,fastify-next-routes,hono' }
  }
})
const clients = Number(values.clients)
const bytesPerMs = Number(values.rate) * 1024 / 1000
const BODY = 1024 * 1024

// One slow download over a raw socket: after each chunk, pause for as long as the rate allows.
function slowDownload () {
  return new Promise((resolve, reject) => {
    const socket = connect(PORT, '127.0.0.1')
    let received = 0
    socket.on('data', chunk => {
      received += chunk.length
      socket.pause()
      setTimeout(() => socket.resume(), chunk.length / bytesPerMs)
    })
    socket.on('end', () => resolve(received))
    socket.on('error', reject)
    socket.write(`GET /stream HTTP/1.1\r\nhost: 127.0.0.1:${PORT}\r\nconnection: close\r\n\r\n`)
  })
}

const results = { node: process.version, clients, rateKBs: Number(values.rate), date: new Date().toISOString(), servers: {} }
for (const name of values.servers.split(',')) {
  if (!SERVERS[name]) throw new Error(`unknown server ${name}`)
  const child = await start(name)
  try {
    await sleep(500)
    const idle = rssMb(child.pid)
    let peak = idle
    const sampler = setInterval(() => { peak = Math.max(peak, rssMb(child.pid) ?? 0) }, 100)
    const began = performance.now()
    const sizes = await Promise.all(Array.from({ length: clients }, slowDownload))
    clearInterval(sampler)
    const complete = sizes.filter(n => n > BODY).length
    const row = { idleMb: idle, peakMb: peak, growthMb: peak - idle, seconds: Number(((performance.now() - began) / 1000).toFixed(1)), complete }
    results.servers[name] = row
    console.log(`${name.padEnd(22)} idle ${idle} MB, peak ${peak} MB (+${row.growthMb} MB) over ${row.seconds} s; ${complete}/${clients} downloads complete`)
  } finally {
    await stop(child)
  }
}
mkdirSync(join(here, 'results'), { recursive: true })
writeFileSync(join(here, 'results', 'slow-clients.json'), JSON.stringify(results, null, 2) + '\n')
