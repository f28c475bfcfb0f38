// What the benchmark scripts share: the servers under test and how to start, stop and weigh them.
import { execFileSync, spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { setTimeout as sleep } from 'node:timers/promises'

export const here = dirname(fileURLToPath(import.meta.url))
export const site = join(here, 'site')
/** The first port; run.mjs gives each server its own, counting up from here. */
export const PORT = 3300

export const ECHO_BODY = JSON.stringify({ items: Array.from({ length: 20 }, (_, i) => ({ id: i, name: `item-${i}`, tags: ['a', 'b'] })) })

/** What run.mjs and paired.mjs measure: the request each scenario sends. */
export const SCENARIOS = {
  'get-json': { title: 'GET JSON (Response.json)', request: { path: '/json' } },
  'get-json-next': { title: 'GET JSON (NextResponse.json)', request: { path: '/json-next' } },
  // A force-static route answered from the response cache; the baselines compute the same JSON.
  'get-cached': { title: 'GET JSON, force-static (cache HIT)', request: { path: '/cached' } },
  'post-echo': { title: `POST ${ECHO_BODY.length} B JSON echo`, request: { path: '/echo', method: 'POST', headers: { 'content-type': 'application/json' }, body: ECHO_BODY } },
  middleware: { title: 'Matched middleware: next() + a header', request: { path: '/mw/json' } },
  'stream-1mb': { title: '1 MB streamed response', request: { path: '/stream' } }
}

// BENCH_NODE_FLAGS: Node/V8 flags for every Node server (`--hash-seed=1`, say, to see whether a
// result depends on what a process draws at random); BENCH_NODE: another Node binary (or a
// wrapper script) to run them with.
const nodeFlags = (process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean)
const nodeServer = (file, env = {}) => ({ cmd: process.env.BENCH_NODE ?? process.execPath, args: () => [...nodeFlags, join(here, 'servers', file)], cwd: here, env })
export const SERVERS = {
  'fastify-raw': nodeServer('fastify-raw.mjs'),
  // The same with a logger (info, no per-request lines), as the CLI has.
  'fastify-raw-logger': nodeServer('fastify-raw.mjs', { LOGGER: '1' }),
  'fastify-next-routes': nodeServer('fastify-next-routes.mjs'),
  // The same app without proxy.ts: what an unmatched request pays for the middleware hook.
  'fastify-next-routes-nomw': nodeServer('fastify-next-routes.mjs', { MIDDLEWARE: '0' }),
  hono: nodeServer('hono.mjs'),
  // The CLI as a production server (`start`, default logging) on the same folder.
  'cli-start': { cmd: process.execPath, args: port => [join(here, '..', 'dist', 'cli.js'), 'start', site, '--port', String(port), '--host', '127.0.0.1'], cwd: here, env: {} },
  'next-start': { cmd: process.execPath, args: port => [join(here, 'node_modules', 'next', 'dist', 'bin', 'next'), 'start', '-p', String(port)], cwd: site, env: { NEXT_TELEMETRY_DISABLED: '1' } }
}

export async function fetchOnce (req, port = PORT) {
  const res = await fetch(`http://127.0.0.1:${port}${req.path}`, { method: req.method ?? 'GET', headers: req.headers, body: req.body })
  const body = Buffer.from(await res.arrayBuffer())
  return { status: res.status, length: body.length, text: body.length < 4096 ? body.toString() : null, mw: res.headers.get('x-mw') }
}

// On a machine with several cores, the server under test gets the last core to itself and the
// runner (autocannon) the others: otherwise where the scheduler happens to place each process
// decides more than the server does (measured: the same server 25% apart depending on start order).
// BENCH_PIN=0 turns this off, to compare with runs where everything shares every core.
const cores = availableParallelism()
export const pinned = process.env.BENCH_PIN !== '0' && cores > 1 && process.platform === 'linux' && existsSync('/usr/bin/taskset')
export function pinRunner () {
  if (pinned) execFileSync('taskset', ['-cp', `0-${cores - 2}`, String(process.pid)], { stdio: 'ignore' })
}

/** Starts a server on `port` and resolves once it answers GET /json. */
export async function start (name, port = PORT) {
  const server = SERVERS[name]
  const [cmd, args] = pinned ? ['taskset', ['-c', String(cores - 1), server.cmd, ...server.args(port)]] : [server.cmd, server.args(port)]
  const child = spawn(cmd, args, { cwd: server.cwd, env: { ...process.env, ...server.env, PORT: String(port) }, stdio: ['ignore', 'ignore', 'inherit'] })
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}`)
    try {
      await fetchOnce({ path: '/json' }, port)
      return child
    } catch {
      await sleep(100)
    }
  }
  throw new Error(`${name} did not start`)
}

export async function stop (child) {
  if (child.exitCode !== null) return
  child.kill('SIGTERM')
  const exited = new Promise(resolve => child.once('exit', resolve))
  if (await Promise.race([exited.then(() => true), sleep(3000).then(() => false)]) === false) child.kill('SIGKILL')
  await exited
}

/** Resident set size of a process in MB, from /proc (Linux). */
export function rssMb (pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8')
    return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)[1]) / 1024)
  } catch {
    return null
  }
}

/** CPU time a process has used so far, in clock ticks (user + system, from /proc; Linux), or null. */
export function cpuTicks (pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return Number(fields[11]) + Number(fields[12])
  } catch {
    return null
  }
}

export const median = xs => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2 }
