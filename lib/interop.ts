// How a route module's imports of CommonJS packages read, the same under the loader (jiti, lib/load.ts)
// and in a build (lib/build/): as Next's bundler does, a default import of a CommonJS module marked
// `__esModule` is its `exports.default` (next-auth v4 providers), not module.exports.
import { dirname, extname, join } from 'node:path'
import { existsSync, readFileSync } from 'node:fs'

export const INTEROP = 'fastify-next-routes.cjsInterop'

/**
 * jiti compiles `import x from 'm'` to `(await jitiImport('m')).default`. For a CommonJS module
 * Node imports itself that is module.exports, but Next's bundler (like babel and TypeScript) gives
 * `exports.default` when module.exports carries `__esModule`: then module.exports is returned,
 * so `.default` is that (next-auth v4 providers). Anything else passes as it is.
 */
export function cjsInterop (ns: unknown): unknown {
  if (Object.prototype.toString.call(ns) !== '[object Module]') return cachedCommonJs(ns)
  const mod = ns as Record<string, unknown>
  const exported = ('module.exports' in mod ? mod['module.exports'] : mod.default) as Record<string, unknown> | undefined
  if (exported === undefined || exported === null || (typeof exported !== 'object' && typeof exported !== 'function')) return ns
  if (exported.__esModule !== true || mod.__esModule !== true) return ns
  return exported
}
;(globalThis as Record<symbol, unknown>)[Symbol.for(INTEROP)] = cjsInterop

/**
 * A CommonJS module already in Node's require cache comes back from jiti as its module.exports,
 * not as a namespace, so `.default` would be undefined (`import React from 'react'` after anything
 * else loaded react). Seen as Node's namespace of it: `default` is module.exports, names are its
 * properties. Modules marked `__esModule` (compiled ES modules, ours) stay as they are.
 */
function cachedCommonJs (value: unknown): unknown {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return value
  if ((value as { __esModule?: unknown }).__esModule === true) return value
  return new Proxy(value as object, {
    get: (target, key) => key === 'default' ? target : Reflect.get(target, key),
    has: (target, key) => key === 'default' || Reflect.has(target, key)
  })
}

// A CommonJS route file arrives as its ES namespace, module.exports under `default`: read
// module.exports, so its methods are found and no default export is reported.
export function commonJsExports (file: string, mod: Record<string, unknown>): Record<string, unknown> {
  if (Object.prototype.toString.call(mod) !== '[object Module]' || typeof mod.default !== 'object' || mod.default === null) return mod
  const ext = extname(file)
  if (ext === '.cjs' || (ext === '.js' && packageType(dirname(file)) !== 'module')) return mod.default as Record<string, unknown>
  return mod
}

function packageType (dir: string): string | undefined {
  for (let d = dir; ; d = dirname(d)) {
    const pkg = join(d, 'package.json')
    if (existsSync(pkg)) {
      try { return (JSON.parse(readFileSync(pkg, 'utf8')) as { type?: string }).type } catch { return undefined }
    }
    if (dirname(d) === d) return undefined
  }
}
