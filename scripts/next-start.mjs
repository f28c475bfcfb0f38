// What the recording scripts share around a real `next start`: a free port, and waiting until it
// answers. `probe(port)` sends one request and throws (or returns false) while Next is not ready.
import { createServer } from 'node:net'

export function freePort () {
  return new Promise(resolve => {
    const srv = createServer().listen(0, () => { const { port } = srv.address(); srv.close(() => resolve(port)) })
  })
}

export async function waitForNext (port, child, probe) {
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error('next start exited early')
    try {
      if (await probe(port) !== false) return
    } catch {}
    await new Promise(resolve => setTimeout(resolve, 200))
  }
  throw new Error('next start did not answer within 60 s')
}

/**
 * `next start` on a free port in `cwd` (already built), waited for with a GET of `probePath`.
 * No -H 127.0.0.1 (next-middleware.md 3.4: Next would then see its own internal rewrites as
 * external); we still ask on loopback. Returns the origin and stop(), which ends the process group.
 */
export async function startNext (cwd, probePath, env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' }) {
  const { spawn } = await import('node:child_process')
  const port = await freePort()
  const child = spawn('npx', ['next', 'start', '-p', String(port)], { cwd, env, stdio: ['ignore', 'inherit', 'inherit'], detached: true })
  const stop = () => { try { process.kill(-child.pid, 'SIGTERM') } catch {} }
  const origin = `http://127.0.0.1:${port}`
  try {
    await waitForNext(port, child, async () => { await fetch(origin + probePath) })
  } catch (err) {
    stop()
    throw err
  }
  return { origin, stop }
}
