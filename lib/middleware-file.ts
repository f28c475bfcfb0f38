// Find and load the project's middleware.ts / proxy.ts (Next 16's name), at the folder root or in
// src/ beside src/app, and check its export and config as Next's build does.
import { existsSync } from 'node:fs'
import { basename, dirname, join, relative } from 'node:path'
import type { FastifyBaseLogger } from 'fastify'
import { FST_ERR_NEXT_MIDDLEWARE_FILE } from './errors.js'
import type { Loader } from './load.js'

const EXTENSIONS = ['ts', 'js', 'mjs', 'tsx', 'jsx']

export type MiddlewareFunction = (request: Request, event: unknown) => unknown

export interface MiddlewareModule {
  readonly file: string
  readonly fn: MiddlewareFunction
  readonly matcher: unknown
}

function find (folder: string, name: string): string | undefined {
  return EXTENSIONS.map(ext => join(folder, `${name}.${ext}`)).find(file => existsSync(file))
}

/** The middleware file for an app directory, or undefined. Its folder is the parent of app/. */
export function findMiddlewareFile (dir: string, appDir: string): { file: string, kind: 'proxy' | 'middleware' } | undefined {
  const root = dirname(appDir)
  const proxy = find(root, 'proxy')
  const middleware = find(root, 'middleware')
  if (proxy !== undefined && middleware !== undefined) {
    const rel = (f: string): string => './' + relative(dir, f)
    throw new FST_ERR_NEXT_MIDDLEWARE_FILE(
      `Both middleware file "${rel(middleware)}" and proxy file "${rel(proxy)}" are detected. Please use "${rel(proxy)}" only.`
    )
  }
  if (proxy !== undefined) return { file: proxy, kind: 'proxy' }
  if (middleware !== undefined) return { file: middleware, kind: 'middleware' }
  return undefined
}

export async function loadMiddleware (
  dir: string, appDir: string, loader: Loader, log: FastifyBaseLogger
): Promise<MiddlewareModule | undefined> {
  const found = findMiddlewareFile(dir, appDir)
  if (found === undefined) return undefined
  const { file, kind } = found
  const mod = await loader.load(file)
  // Next 16 reads `mod.proxy || mod.default` for proxy.ts and `mod.middleware || mod.default` otherwise.
  const fn = mod[kind] ?? mod.default
  if (typeof fn !== 'function') {
    throw new FST_ERR_NEXT_MIDDLEWARE_FILE(kind === 'proxy'
      ? `Proxy is missing expected function export name in '${basename(file)}'. Ensure this file has either a default or "proxy" function export.`
      : `The Middleware "${file}" must export a \`middleware\` or a \`default\` function.`)
  }
  const config = (mod.config ?? {}) as { matcher?: unknown, runtime?: unknown }
  if (config.runtime !== undefined) {
    log.warn(`fastify-next-routes: ${basename(file)} sets config.runtime = ${JSON.stringify(config.runtime)}; ignored, middleware always runs on Node.js here.`)
  }
  return { file, fn: fn as MiddlewareFunction, matcher: config.matcher }
}
