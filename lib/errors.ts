// Every coded error of the package, defined once. docs/errors.md lists them with the fix.
// Startup errors name the file (or option) at fault and say how to fix it.
import createError from '@fastify/error'

// Options
export const FST_ERR_NEXT_OPTIONS = createError('FST_ERR_NEXT_OPTIONS', 'fastify-next-routes: invalid option %s', 500, TypeError)
export const FST_ERR_NEXT_NO_APP_DIR = createError(
  'FST_ERR_NEXT_NO_APP_DIR',
  "fastify-next-routes: no app/ directory found in '%s' (looked for '%s' and '%s'). Point the `dir` option at the folder that holds your Next.js app/ directory.",
  500
)

// Discovery and routing conflicts
export const FST_ERR_NEXT_ROUTE_CONFLICT = createError('FST_ERR_NEXT_ROUTE_CONFLICT', 'fastify-next-routes: %s', 500)
export const FST_ERR_NEXT_SEGMENT_INVALID = createError('FST_ERR_NEXT_SEGMENT_INVALID', 'fastify-next-routes: %s', 500)

// Loading
// One error for the whole startup: every file that failed, each with its cause and a fix when
// known (`err.errors` holds them one by one, each with file, cause and fix).
export const FST_ERR_NEXT_MODULE_LOAD = createError(
  'FST_ERR_NEXT_MODULE_LOAD',
  'fastify-next-routes: could not load %s',
  500
)
export const FST_ERR_NEXT_NO_REACT = createError(
  'FST_ERR_NEXT_NO_REACT',
  "fastify-next-routes: '%s' uses JSX, which compiles to react/jsx-runtime as in Next.js, but `react` is not installed for it. Install it: npm install react",
  500
)
export const FST_ERR_NEXT_INTL_CONFIG = createError(
  'FST_ERR_NEXT_INTL_CONFIG',
  "fastify-next-routes: next-intl's request config was not found in '%s'. Create i18n/request.ts (or src/i18n/request.ts) exporting getRequestConfig(...) as default, the paths next-intl's Next.js plugin looks at (a custom path given to createNextIntlPlugin() is not read here: move the file there)",
  500
)
export const FST_ERR_NEXT_ASSET = createError(
  'FST_ERR_NEXT_ASSET',
  "fastify-next-routes: '%s' imports '%s', a file type the server cannot load: %s",
  500
)

// Requests
export const FST_ERR_NEXT_BAD_URL = createError('FST_ERR_NEXT_BAD_URL', "Malformed percent-encoding in path '%s'", 400, URIError)
export const FST_ERR_NEXT_SCOPE = createError(
  'FST_ERR_NEXT_SCOPE',
  '`%s` was called outside a request scope. Call it inside a route handler or middleware; if it runs inside one, set the `asyncContext: true` option.',
  500
)

// Middleware (issue: middleware and proxy)
export const FST_ERR_NEXT_MIDDLEWARE_FILE = createError('FST_ERR_NEXT_MIDDLEWARE_FILE', 'fastify-next-routes: %s', 500)
export const FST_ERR_NEXT_MATCHER_INVALID = createError('FST_ERR_NEXT_MATCHER_INVALID', "fastify-next-routes: invalid middleware matcher in '%s': %s", 500)

// Segment config, prerendering and the response cache (issue: segment config and caching)
export const FST_ERR_NEXT_SEGMENT_CONFIG = createError(
  'FST_ERR_NEXT_SEGMENT_CONFIG',
  "fastify-next-routes: Invalid segment configuration options detected for \"%s\" in '%s': %s. Fix or remove that export (accepted values: docs/caching.md).",
  500
)
export const FST_ERR_NEXT_PRERENDER = createError('FST_ERR_NEXT_PRERENDER', "fastify-next-routes: Error occurred prerendering \"%s\" ('%s'): %s", 500)
export const FST_ERR_NEXT_METADATA = createError('FST_ERR_NEXT_METADATA', "fastify-next-routes: %s", 500)
// next/og (issue 15): rendering failed; thrown from the response body, before any header is sent
export const FST_ERR_NEXT_OG = createError('FST_ERR_NEXT_OG', "fastify-next-routes: next/og could not render the ImageResponse created in '%s': %s", 500)
export const FST_ERR_NEXT_CACHE_STORE = createError('FST_ERR_NEXT_CACHE_STORE', 'fastify-next-routes: %s', 500)

// Route schemas (issue: migration and developer experience)
export const FST_ERR_NEXT_SCHEMA = createError('FST_ERR_NEXT_SCHEMA', "fastify-next-routes: invalid `schema` export in '%s': %s", 500)

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
  FST_ERR_NEXT_SCHEMA
}
