// Non-JavaScript imports, as Next's server build gives them: stylesheets are empty, images are
// the static image object ({ src, width, height }), `.wasm?module` is a compiled WebAssembly.Module.
// Decided per import when the importing file is compiled; an extension Next has no loader for
// stops startup naming the importing file.
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { basename, extname } from 'node:path'
import { imageSize } from 'image-size'
import { FST_ERR_NEXT_ASSET } from './errors.js'

const STYLES = new Set(['.css', '.scss', '.sass', '.less'])
const IMAGES = new Set(['.png', '.jpg', '.jpeg', '.gif', '.webp', '.avif', '.ico', '.svg'])
// Extensions that are code or data a loader handles; never treated as assets.
const CODE = new Set(['.js', '.mjs', '.cjs', '.ts', '.tsx', '.mts', '.cts', '.mtsx', '.ctsx', '.jsx', '.json', '.node'])

export type AssetKind = 'style' | 'image' | 'wasm'

/**
 * The file part of an import specifier that may name an asset (`./logo.png`, `./a.wasm?module`),
 * with its extension; null when the extension says code or JSON, which module resolution loads.
 * The loader and the build ask this first, then resolve the path and ask assetKind.
 */
export function assetPath (specifier: string): { path: string, ext: string } | null {
  const q = specifier.indexOf('?')
  const path = q === -1 ? specifier : specifier.slice(0, q)
  const ext = extname(path).toLowerCase()
  if (ext === '' || ext === '.js' || ext === '.json' || ext === '.mjs' || ext === '.cjs') return null
  return { path, ext }
}

/** What `specifier` (already resolved to `file`) is, or null for code; throws for an unknown kind. */
export function assetKind (file: string, specifier: string, importer: string): AssetKind | null {
  const ext = extname(file).toLowerCase()
  if (ext === '' || CODE.has(ext)) return null
  if (STYLES.has(ext)) return 'style'
  if (IMAGES.has(ext)) return 'image'
  if (ext === '.wasm' && specifier.endsWith('?module')) return 'wasm'
  throw new FST_ERR_NEXT_ASSET(importer, specifier, ext === '.wasm' ? "import it as './file.wasm?module' to get a WebAssembly.Module" : 'Next.js has no loader for it; read the file with fs at run time instead')
}

/** The module an asset import evaluates to (the value of its default export). */
export function assetValue (kind: AssetKind, file: string): unknown {
  if (kind === 'style') return {}
  const bytes = readFileSync(file)
  if (kind === 'wasm') return new WebAssembly.Module(bytes)
  const { width, height } = imageSize(bytes)
  const ext = extname(file)
  const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 8)
  return { src: `/_next/static/media/${basename(file, ext)}.${hash}${ext}`, width, height }
}
