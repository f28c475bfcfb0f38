// A real redis-server for the Redis store tests: the one .ci/run started (FNR_REDIS_URL), or one
// started here on a free loopback port. Tests that stop Redis always start their own.
import { spawn, spawnSync } from 'node:child_process'
import { createServer } from 'node:net'
import { Redis } from 'ioredis'

export function freePort () {
  return new Promise(resolve => {
    const srv = createServer().listen(0, '127.0.0.1', () => { const { port } = srv.address(); srv.close(() => resolve(port)) })
  })
}

async function waitForPing (url) {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null })
  client.on('error', () => {})
  try {
    for (let i = 0; i < 100; i++) {
      try {
        if (client.status !== 'ready') await client.connect()
        if (await client.ping() === 'PONG') return
      } catch {}
      await new Promise(resolve => setTimeout(resolve, 50))
    }
    throw new Error(`redis-server at ${url} did not answer`)
  } finally {
    client.disconnect()
  }
}

/** Start redis-server on `port` (a free one by default); resolves with { url, port, stop() }. */
export async function startRedis (port) {
  if (spawnSync('redis-server', ['--version']).error !== undefined) {
    throw new Error('redis-server not found: install the Debian package redis-server (apt-get install redis-server); .ci/run does')
  }
  port ??= await freePort()
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' })
  const url = `redis://127.0.0.1:${port}`
  await waitForPing(url)
  return {
    url,
    port,
    stop: () => new Promise(resolve => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve()
      child.once('exit', () => resolve())
      child.kill('SIGKILL')
    })
  }
}

/** The shared Redis URL: .ci/run's, else a server started for this test file (stopped on teardown). */
/** A redis-server to test against: FNR_REDIS_URL, or the binary on PATH. */
export function redisAvailable () {
  return Boolean(process.env.FNR_REDIS_URL) || spawnSync('redis-server', ['--version']).error === undefined
}

export async function sharedRedis (t) {
  if (process.env.FNR_REDIS_URL) return process.env.FNR_REDIS_URL
  const server = await startRedis()
  t.teardown(() => server.stop())
  return server.url
}
