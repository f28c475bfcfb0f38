// Every coded error of the package, defined once. docs/errors.md lists them with the fix.
// Startup errors name the file (or option) at fault and say how to fix it.
import type { FastifyErrorConstructor } from '@fastify/error'
import { coded } from './coded-error.js'

// Each constant's type is written out through the plain type import above: left to inference, tsc
// writes `createError.FastifyErrorConstructor`, a namespace consumers resolving with
// `moduleResolution: bundler` do not see (test/types.test.mjs).
export type { FastifyErrorConstructor }

// Options
export const FST_ERR_NEXT_OPTIONS = coded('FST_ERR_NEXT_OPTIONS', 'fastify-next-routes: invalid option %s', 500, TypeError)
export const FST_ERR_NEXT_NO_APP_DIR = coded(
  'FST_ERR_NEXT_NO_APP_DIR',
  "fastify-next-routes: no app/ or pages/ directory (nor a proxy.ts or middleware.ts) found in '%s' (looked for app/, src/app/, pages/ and src/pages/). Point the `dir` option at the folder that holds your Next.js app/ or pages/ directory.",
  500
)

// Discovery and routing conflicts
export const FST_ERR_NEXT_ROUTE_CONFLICT = coded('FST_ERR_NEXT_ROUTE_CONFLICT', 'fastify-next-routes: %s', 500)
export const FST_ERR_NEXT_SEGMENT_INVALID = coded('FST_ERR_NEXT_SEGMENT_INVALID', 'fastify-next-routes: %s', 500)

// Loading
// One error for the whole startup: every file that failed, each with its cause and a fix when
// known (`err.errors` holds them one by one, each with file, cause and fix).
export const FST_ERR_NEXT_MODULE_LOAD = coded(
  'FST_ERR_NEXT_MODULE_LOAD',
  'fastify-next-routes: could not load %s',
  500
)
export const FST_ERR_NEXT_NO_REACT = coded(
  'FST_ERR_NEXT_NO_REACT',
  "fastify-next-routes: '%s' uses JSX, which compiles to react/jsx-runtime as in Next.js, but `react` is not installed for it. Install it: npm install react",
  500
)
export const FST_ERR_NEXT_INTL_CONFIG = coded(
  'FST_ERR_NEXT_INTL_CONFIG',
  "fastify-next-routes: next-intl's request config was not found in '%s'. Create i18n/request.ts (or src/i18n/request.ts) exporting getRequestConfig(...) as default, the paths next-intl's Next.js plugin looks at (a custom path given to createNextIntlPlugin() is not read here: move the file there)",
  500
)
export const FST_ERR_NEXT_ASSET = coded(
  'FST_ERR_NEXT_ASSET',
  "fastify-next-routes: '%s' imports '%s', a file type the server cannot load: %s",
  500
)

// Pages Router API routes (issue 17)
export const FST_ERR_NEXT_PAGES_API = coded('FST_ERR_NEXT_PAGES_API', "fastify-next-routes: invalid API route '%s': %s", 500)
// What Fastify's error handling is given when an API route throws: a 500 whose message says
// nothing of the error (the client sees it); the error itself is `cause`, the file is `file`.
export const FST_ERR_NEXT_API_ROUTE_FAILED = coded('FST_ERR_NEXT_API_ROUTE_FAILED', 'Internal Server Error', 500)

// Requests
export const FST_ERR_NEXT_BAD_URL = coded('FST_ERR_NEXT_BAD_URL', "Malformed percent-encoding in path '%s'", 400, URIError)
export const FST_ERR_NEXT_SCOPE = coded(
  'FST_ERR_NEXT_SCOPE',
  '`%s` was called outside a request scope. Call it inside a route handler or middleware; if it runs inside one, set the `asyncContext: true` option.',
  500
)

// Middleware (issue: middleware and proxy)
export const FST_ERR_NEXT_MIDDLEWARE_FILE = coded('FST_ERR_NEXT_MIDDLEWARE_FILE', 'fastify-next-routes: %s', 500)
export const FST_ERR_NEXT_MATCHER_INVALID = coded('FST_ERR_NEXT_MATCHER_INVALID', "fastify-next-routes: invalid middleware matcher in '%s': %s", 500)

// Segment config, prerendering and the response cache (issue: segment config and caching)
export const FST_ERR_NEXT_SEGMENT_CONFIG = coded(
  'FST_ERR_NEXT_SEGMENT_CONFIG',
  "fastify-next-routes: Invalid segment configuration options detected for \"%s\" in '%s': %s. Fix or remove that export (accepted values: docs/caching.md).",
  500
)
export const FST_ERR_NEXT_PRERENDER = coded('FST_ERR_NEXT_PRERENDER', "fastify-next-routes: Error occurred prerendering \"%s\" ('%s'): %s", 500)
export const FST_ERR_NEXT_METADATA = coded('FST_ERR_NEXT_METADATA', "fastify-next-routes: %s", 500)
// next/og (issue 15): rendering failed; thrown from the response body, before any header is sent
export const FST_ERR_NEXT_OG = coded('FST_ERR_NEXT_OG', "fastify-next-routes: next/og could not render the ImageResponse created in '%s': %s", 500)
export const FST_ERR_NEXT_CACHE_STORE = coded('FST_ERR_NEXT_CACHE_STORE', 'fastify-next-routes: %s', 500)

// Route schemas (issue: migration and developer experience)
export const FST_ERR_NEXT_SCHEMA = coded('FST_ERR_NEXT_SCHEMA', "fastify-next-routes: invalid `schema` export in '%s': %s", 500)

// next.config, public/ and instrumentation.ts (issue 16)
export const FST_ERR_NEXT_CONFIG = coded('FST_ERR_NEXT_CONFIG', "fastify-next-routes: next.config ('%s'): %s", 500)
export const FST_ERR_NEXT_CONFIG_UNSUPPORTED = coded('FST_ERR_NEXT_CONFIG_UNSUPPORTED', "fastify-next-routes: next.config ('%s') sets `%s`, which changes routing and is not supported: %s", 500)
export const FST_ERR_NEXT_PUBLIC_CONFLICT = coded('FST_ERR_NEXT_PUBLIC_CONFLICT', 'fastify-next-routes: A conflicting public file and page file was found for path %s https://nextjs.org/docs/messages/conflicting-public-file-page', 500)
export const FST_ERR_NEXT_INSTRUMENTATION = coded('FST_ERR_NEXT_INSTRUMENTATION', "fastify-next-routes: instrumentation ('%s'): %s", 500)

// Builds (issue 20): `fastify-next-routes build` and starting from one
export const FST_ERR_NEXT_BUILD = coded('FST_ERR_NEXT_BUILD', 'fastify-next-routes: the build failed: %s', 500)
export const FST_ERR_NEXT_BUILD_MISSING = coded(
  'FST_ERR_NEXT_BUILD_MISSING',
  "fastify-next-routes: no build in '%s' (no manifest.json there). Run `fastify-next-routes build` first, or drop the `build` option to compile the route files at startup.",
  500
)
export const FST_ERR_NEXT_BUILD_STALE = coded(
  'FST_ERR_NEXT_BUILD_STALE',
  "fastify-next-routes: the build in '%s' is out of date: %s. Run `fastify-next-routes build` again (or delete that folder, or start with --no-build, to compile at startup).",
  500
)

export const errorCodes = {
  FST_ERR_NEXT_OPTIONS,
  FST_ERR_NEXT_NO_APP_DIR,
  FST_ERR_NEXT_ROUTE_CONFLICT,
  FST_ERR_NEXT_SEGMENT_INVALID,
  FST_ERR_NEXT_MODULE_LOAD,
  FST_ERR_NEXT_NO_REACT,
  FST_ERR_NEXT_INTL_CONFIG,
  FST_ERR_NEXT_ASSET,
  FST_ERR_NEXT_BAD_URL,
  FST_ERR_NEXT_SCOPE,
  FST_ERR_NEXT_MIDDLEWARE_FILE,
  FST_ERR_NEXT_MATCHER_INVALID,
  FST_ERR_NEXT_SEGMENT_CONFIG,
  FST_ERR_NEXT_PRERENDER,
  FST_ERR_NEXT_METADATA,
  FST_ERR_NEXT_OG,
  FST_ERR_NEXT_CACHE_STORE,
  FST_ERR_NEXT_SCHEMA,
  FST_ERR_NEXT_CONFIG,
  FST_ERR_NEXT_CONFIG_UNSUPPORTED,
  FST_ERR_NEXT_PUBLIC_CONFLICT,
  FST_ERR_NEXT_INSTRUMENTATION,
  FST_ERR_NEXT_PAGES_API,
  FST_ERR_NEXT_API_ROUTE_FAILED,
  FST_ERR_NEXT_BUILD,
  FST_ERR_NEXT_BUILD_MISSING,
  FST_ERR_NEXT_BUILD_STALE
}
