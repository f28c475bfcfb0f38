// Which importers resolve packages with the `react-server` condition, as Next's server layer
// does for route handlers: the app's files and every package under node_modules, never this
// package's own files (they are the bridge, not the app).
import { ONE_COPY, packageName } from './react-server.js'

const OWN = new URL('../', import.meta.url).href

export function wantsReactServer (specifier: string, parentURL: string | undefined): boolean {
  if (parentURL === undefined || parentURL.startsWith(OWN) || !parentURL.startsWith('file:')) return false
  // Only bare package specifiers have export conditions.
  const c = specifier.charCodeAt(0)
  if (c === 46 /* . */ || c === 47 /* / */ || specifier.startsWith('node:') || specifier.includes(':')) return false
  // One React for the process (lib/resolve/react-server.ts).
  const name = packageName(specifier)
  if (name === undefined || ONE_COPY.has(name)) return false
  return parentURL.includes('/node_modules/') || appDirs.some(dir => parentURL.startsWith(dir))
}

const appDirs: string[] = []
export function addAppDir (dirURL: string): void {
  const url = dirURL.endsWith('/') ? dirURL : dirURL + '/'
  if (!appDirs.includes(url)) appDirs.push(url)
}
