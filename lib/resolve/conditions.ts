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

// Build folders outside their app folder (`build --out ../dist`) → the app folder. The built chunks
// import the app's packages by name; Node would look for them from the chunk, where the app's
// node_modules are not, so they resolve from the app folder, as the source files they came from do.
const builds: Array<[string, string]> = []
export function addBuildDir (buildURL: string, appURL: string): void {
  const from = buildURL.endsWith('/') ? buildURL : buildURL + '/'
  if (!builds.some(([url]) => url === from)) builds.push([from, (appURL.endsWith('/') ? appURL : appURL + '/') + 'index.js'])
}

/** The parent a package import of `parentURL` resolves from: the app folder for a chunk of an outside build. */
export function resolveParent (specifier: string, parentURL: string | undefined): string | undefined {
  if (parentURL === undefined || builds.length === 0) return parentURL
  const c = specifier.charCodeAt(0)
  if (c === 46 /* . */ || c === 47 /* / */ || specifier.includes(':')) return parentURL
  for (const [url, app] of builds) if (parentURL.startsWith(url)) return app
  return parentURL
}
