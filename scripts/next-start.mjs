// What the recording scripts share around a real `next start`: a free port, waiting until it
// answers (`probe(port)` sends one request and throws, or returns false, while Next is not ready),
// starting it, and a fixture copied, installed, built and served (withNextApp).
import { execFileSync } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export const NEXT_VERSION = '16.4.6'
export const nextEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' }

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
export async function startNext (cwd, probePath, env = nextEnv) {
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
  return { origin, port, stop }
}

/**
 * `use({ port, work })` against `next start` of a copy of `fixture` (named `label` in the temp
 * folder's name): Next is installed into the copy, or with NEXT_INSTALL_DIR (an install of
 * next@16.4.6 react react-dom typescript) the copy is made inside that folder, whose node_modules
 * then resolve from the parent (Turbopack refuses a symlinked node_modules). Built, started, waited
 * for with a GET of `probePath`; stopped and removed afterwards.
 */
export async function withNextApp (fixture, label, probePath, use) {
  const installed = process.env.NEXT_INSTALL_DIR
  const reuse = installed !== undefined && existsSync(join(installed, 'node_modules', 'next'))
  const work = mkdtempSync(join(reuse ? installed : tmpdir(), `fnr-${label}-`))
  let stop = () => {}
  try {
    cpSync(fixture, work, { recursive: true })
    if (!reuse) {
      writeFileSync(join(work, 'package.json'), JSON.stringify({ name: label, private: true }))
      execFileSync('npm', ['install', '--no-audit', '--no-fund', `next@${NEXT_VERSION}`, 'react', 'react-dom', 'typescript', '@types/react', '@types/node'], { cwd: work, stdio: 'inherit', env: nextEnv })
    }
    execFileSync('npx', ['next', 'build'], { cwd: work, stdio: 'inherit', env: nextEnv })
    const next = await startNext(work, probePath)
    stop = next.stop
    return await use({ port: next.port, work })
  } finally {
    stop()
    rmSync(work, { recursive: true, force: true })
  }
}
