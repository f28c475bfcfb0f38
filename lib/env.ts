// The environment `next start` / `next dev` give route files: .env files (opt-in for the plugin,
// on for the CLI), NEXT_RUNTIME, and the globals Next's Node server defines.
import { AsyncLocalStorage } from 'node:async_hooks'
import { readFileSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { URLPattern } from './next/server.js'
import { acceptLightRequests } from './request-globals.js'

const require = createRequire(import.meta.url)

interface NextEnv {
  updateInitialEnv (env: Record<string, string | undefined>): void
  processEnv (files: Array<{ path: string, contents: string, env: Record<string, string> }>, dir: string, log: { info: (...a: unknown[]) => void, error: (...a: unknown[]) => void }, forceReload: boolean): unknown
}

/** Next's order, first wins: .env.<mode>.local, .env.local (not under test), .env.<mode>, .env. */
export function envFileNames (nodeEnv: string | undefined): string[] {
  const mode = nodeEnv === 'test' ? 'test' : nodeEnv === 'development' ? 'development' : 'production'
  return [`.env.${mode}.local`, ...(mode === 'test' ? [] : ['.env.local']), `.env.${mode}`, '.env']
}

export function loadEnvFiles (dir: string, log: { info: (msg: string) => void, error: (msg: string) => void }): string[] {
  const files = []
  for (const name of envFileNames(process.env.NODE_ENV)) {
    const path = join(dir, name)
    try {
      if (!statSync(path).isFile()) continue
      files.push({ path: name, contents: readFileSync(path, 'utf8'), env: {} })
    } catch {}
  }
  if (files.length === 0) return []
  // @next/env parses and expands as Next does. Its loadEnvConfig keeps one snapshot per process
  // and resets process.env to it on reload; processEnv with the current environment as the
  // snapshot only adds variables, so nothing already set (by the shell or an earlier app) changes.
  const env = require('@next/env') as NextEnv
  env.updateInitialEnv({ ...process.env })
  env.processEnv(files, dir, { info: () => {}, error: (...a: unknown[]) => log.error(a.map(String).join(' ')) }, true)
  log.info(`fastify-next-routes: environment from ${files.map(f => f.path).join(', ')}`)
  return files.map(f => f.path)
}

let globalsSet = false

/** What Next's Node server sets up before it loads an app's modules. Never replaces what is there. */
export function defineGlobals (): void {
  if (globalsSet) return
  globalsSet = true
  acceptLightRequests()
  process.env.NEXT_RUNTIME ??= 'nodejs'
  const g = globalThis as Record<string, unknown>
  g.AsyncLocalStorage ??= AsyncLocalStorage
  g.URLPattern ??= URLPattern
  // Node 20 has no global WebSocket; Next's server provides undici's. Loaded on first use, as
  // undici costs startup time.
  if (!('WebSocket' in g)) {
    Object.defineProperty(g, 'WebSocket', {
      configurable: true,
      get () {
        const value = (require('undici') as { WebSocket: unknown }).WebSocket
        Object.defineProperty(g, 'WebSocket', { value, writable: true, configurable: true })
        return value
      },
      set (value) { Object.defineProperty(g, 'WebSocket', { value, writable: true, configurable: true }) }
    })
  }
}

/** Globals and (when asked) the folder's .env files; returns the .env files loaded, in Next's order. */
export function prepareEnvironment (dir: string, envFiles: boolean, log: { info: (msg: string) => void, error: (msg: string) => void }): string[] {
  defineGlobals()
  return envFiles ? loadEnvFiles(dir, log) : []
}
