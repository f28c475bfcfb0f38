// The one table of modules the bridge serves in place of Next's: `next`, `next/*`, and the two
// marker packages Next resolves itself. The loader (jiti) and Node's module hooks (lib/resolve/)
// both read it, so every importer (route files, ESM and CommonJS packages, with or without `.js`,
// with or without `next` installed) gets the same file, hence the same module instance.

/** specifier → our module, relative to this folder (dist/next/). */
export const NEXT_MODULES: Readonly<Record<string, string>> = {
  next: './index.js',
  'next/server': './server.js',
  'next/headers': './headers.js',
  'next/navigation': './navigation.js',
  'next/cache': './cache.js',
  'next/constants': './constants.js',
  'next/package.json': './package-json.js',
  'next/og': './og.js',
  'next/link': './stubs/link.js',
  'next/image': './stubs/image.js',
  'next/legacy/image': './stubs/image.js',
  'next/router': './stubs/router.js',
  'next/script': './stubs/script.js',
  'next/head': './stubs/head.js',
  'next/dynamic': './stubs/dynamic.js',
  'next/font/google': './stubs/font.js',
  'next/font/local': './stubs/font.js',
  'next/web-vitals': './stubs/web-vitals.js',
  // Next's own copies: its compiler aliases both, so they resolve whether or not they are installed.
  'server-only': './stubs/server-only.js',
  'client-only': './stubs/client-only.js',
  // next-intl's Next.js plugin aliases this to the app's i18n/request.ts; the loader does the same
  // through this module (lib/next/stubs/next-intl-config.ts), for jiti and Node's hooks alike.
  'next-intl/config': './stubs/next-intl-config.js'
}

// next/dist/* paths that libraries reach for the classes behind next/server and friends.
const DIST_MODULES: Readonly<Record<string, string>> = {
  'next/dist/server/web/spec-extension/request': './server.js',
  'next/dist/server/web/spec-extension/response': './server.js',
  'next/dist/server/web/spec-extension/user-agent': './server.js',
  'next/dist/server/web/exports/index': './server.js',
  'next/dist/server/request/headers': './headers.js',
  'next/dist/server/request/cookies': './headers.js',
  'next/dist/server/request/draft-mode': './headers.js',
  'next/dist/server/after': './server.js',
  'next/dist/client/components/navigation': './navigation.js',
  'next/dist/client/components/redirect': './navigation.js',
  'next/dist/client/components/not-found': './navigation.js',
  'next/dist/shared/lib/constants': './constants.js',
  'next/dist/server/web/spec-extension/revalidate': './cache.js',
  'next/dist/server/web/spec-extension/unstable-cache': './cache.js'
}

/** Modules that need the per-request scope when imported (after/connection are found by text). */
export const SCOPED_MODULES = new Set(['./headers.js', './navigation.js', './cache.js'])

const SUFFIX = /(?:\/index)?\.(?:js|cjs|mjs)$/

/**
 * The file (relative to dist/next/) that serves `specifier`, or undefined when it is not ours.
 * `next/headers.js`, `next/dist/.../request.js` and any other `next/dist/*` path are covered.
 */
export function nextModuleFor (specifier: string): string | undefined {
  if (specifier !== 'next' && !specifier.startsWith('next/') && specifier !== 'server-only' && specifier !== 'client-only' && specifier !== 'next-intl/config') return undefined
  const direct = NEXT_MODULES[specifier]
  if (direct !== undefined) return direct
  const bare = specifier.replace(SUFFIX, '')
  const found = NEXT_MODULES[bare] ?? DIST_MODULES[bare]
  if (found !== undefined) return found
  if (bare.startsWith('next/dist/')) return './stubs/unsupported.js'
  // Any other next/* (next/amp, next/config, next/document, next/app, ...): importable, not usable.
  return './stubs/unsupported.js'
}

/** The absolute file URL of one of our modules. */
export function nextModuleURL (relative: string): string {
  return new URL(relative, import.meta.url).href
}
