// Finding and evaluating the app's next.config.{js,mjs,ts,cjs,mts}, through the loader that loads
// the route files (so TypeScript, tsconfig paths and `next/*` imports work the same). Next calls a
// function export with the phase and `{ defaultConfig }`; `next start` is phase-production-server.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { Loader } from '../load.js'
import { FST_ERR_NEXT_CONFIG } from '../errors.js'

// Next 16's order of preference (packages/next/src/shared/lib/constants.ts CONFIG_FILES).
const CONFIG_FILES = ['next.config.js', 'next.config.mjs', 'next.config.ts', 'next.config.mts', 'next.config.cjs', 'next.config.cts']
export const PHASE_PRODUCTION_SERVER = 'phase-production-server'

/** The defaults Next hands a function export, for the keys a config function commonly spreads. */
export const DEFAULT_CONFIG: Readonly<Record<string, unknown>> = Object.freeze({
  basePath: '',
  trailingSlash: false,
  skipTrailingSlashRedirect: false,
  skipMiddlewareUrlNormalize: false,
  env: {},
  poweredByHeader: true,
  compress: true,
  reactStrictMode: null,
  serverExternalPackages: [],
  transpilePackages: [],
  experimental: {}
})

export function findConfigFile (dir: string): string | undefined {
  for (const name of CONFIG_FILES) {
    const file = join(dir, name)
    if (existsSync(file)) return file
  }
  return undefined
}

/** The config object the file exports (a function is called and awaited), or undefined without a file. */
export async function loadConfigFile (dir: string, loader: Loader): Promise<{ file: string, config: Record<string, unknown> } | undefined> {
  const file = findConfigFile(dir)
  if (file === undefined) return undefined
  const mod = await loader.load(file)
  // ES default export, CommonJS module.exports (the loader hands it as the namespace or under default).
  let exported: unknown = 'default' in mod ? mod.default : mod
  if (typeof exported === 'function') exported = await (exported as (phase: string, ctx: unknown) => unknown)(PHASE_PRODUCTION_SERVER, { defaultConfig: DEFAULT_CONFIG })
  else exported = await exported
  if (typeof exported !== 'object' || exported === null || Array.isArray(exported)) {
    throw new FST_ERR_NEXT_CONFIG(file, `the export must be a config object (or a function returning one), got ${exported === null ? 'null' : typeof exported}`)
  }
  return { file, config: exported as Record<string, unknown> }
}
