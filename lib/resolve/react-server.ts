// The `react-server` export condition as Next's server layer applies it to route handlers, for
// every resolver of the process (jiti's for the app's files, Node's for ES modules and require()):
// a package whose exports have a `react-server` branch (next-intl/server, server-only, Clerk)
// gets that branch. React itself is the exception, so one React loads: `react`/`react-dom`
// always resolve with the normal conditions. Their react-server builds lack most of the API
// (no createContext, no hooks, no react-dom/server), and a second copy beside the one
// `react/jsx-runtime` brought breaks JSX; the packages' react-server builds only use what the
// full React also has (`cache`, which outside React's renderer calls through, as in a route
// handler in Next).
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'

/** Packages that resolve with the normal conditions everywhere: one React per process. */
export const ONE_COPY: ReadonlySet<string> = new Set(['react', 'react-dom'])

/** The package a bare specifier names (`@scope/name/sub` → `@scope/name`), or undefined. */
export function packageName (specifier: string): string | undefined {
  const c = specifier.charCodeAt(0)
  if (c === 46 /* . */ || c === 47 /* / */ || c === 35 /* # */ || specifier.includes(':') || specifier.startsWith('\0')) return undefined
  const parts = specifier.split('/')
  if (specifier.startsWith('@')) return parts.length >= 2 ? `${parts[0]}/${parts[1]}` : undefined
  return parts[0]
}

const exportsCache = new Map<string, boolean>()

function hasCondition (value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false
  if (Array.isArray(value)) return value.some(hasCondition)
  for (const [key, inner] of Object.entries(value)) {
    if (key === 'react-server' || hasCondition(inner)) return true
  }
  return false
}

/** Whether the package.json at `file` has a `react-server` condition anywhere in its exports. */
function exportsReactServer (file: string): boolean {
  let found = exportsCache.get(file)
  if (found === undefined) {
    try {
      found = hasCondition((JSON.parse(readFileSync(file, 'utf8')) as { exports?: unknown }).exports)
    } catch {
      found = false
    }
    exportsCache.set(file, found)
  }
  return found
}

/** The package.json Node's lookup finds for `name` from a file in `dir` (node_modules upward). */
function findPackageJson (dir: string, name: string): string | undefined {
  for (let d = dir; ; d = dirname(d)) {
    const file = join(d, 'node_modules', name, 'package.json')
    if (existsSync(file)) return file
    if (dirname(d) === d) return undefined
  }
}

/**
 * Whether `specifier`, imported or required from the file `parentPath`, resolves with the
 * `react-server` condition: a bare specifier of a package (not React) whose exports have it.
 */
export function reactServerPackage (specifier: string, parentPath: string): boolean {
  const name = packageName(specifier)
  if (name === undefined || ONE_COPY.has(name)) return false
  const pkg = findPackageJson(dirname(parentPath), name)
  return pkg !== undefined && exportsReactServer(pkg)
}
