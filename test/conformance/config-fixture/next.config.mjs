/** next.config conformance fixture (issue 16): basePath, trailingSlash, headers, redirects, rewrites. */
const UPSTREAM = 'http://127.0.0.1:47816'
export default async function config (phase, { defaultConfig }) {
  return {
    basePath: '/docs',
    trailingSlash: true,
    typescript: { ignoreBuildErrors: true },
    images: { unoptimized: true },
    // Next inlines env at build time (phase-production-build there), so only the defaults are shown.
    env: { CONFIG_HAS_DEFAULTS: String(typeof defaultConfig === 'object' && phase.startsWith('phase-')) },
    async headers () {
      return [
        { source: '/api/:path*', headers: [{ key: 'Access-Control-Allow-Origin', value: '*' }, { key: 'Access-Control-Allow-Methods', value: 'GET,POST,OPTIONS' }] },
        { source: '/api/items/:id', headers: [{ key: 'x-item', value: 'item-:id' }] },
        { source: '/:path*', has: [{ type: 'query', key: 'debug', value: '(?<level>[a-z]+)' }], headers: [{ key: 'x-debug', value: ':level' }] }
      ]
    },
    async redirects () {
      return [
        { source: '/old-blog/:slug', destination: '/blog/:slug', permanent: true },
        { source: '/temp', destination: '/api/hello', permanent: false },
        { source: '/outside', destination: '/elsewhere', basePath: false, permanent: false },
        { source: '/ext', destination: 'https://example.com/path?x=1', statusCode: 301 },
        { source: '/with-query', destination: '/api/hello?from=redirect', permanent: true },
        { source: '/only-header', has: [{ type: 'header', key: 'x-go' }], destination: '/api/hello', permanent: false },
        { source: '/not-cookie', missing: [{ type: 'cookie', key: 'session' }], destination: '/login', permanent: false }
      ]
    },
    async rewrites () {
      return {
        beforeFiles: [
          { source: '/api/before', destination: '/api/echo?stage=before' },
          { source: '/api/shadow', destination: '/api/echo?stage=shadowed' }
        ],
        afterFiles: [
          { source: '/api/shadow2', destination: '/api/echo?stage=after' },
          { source: '/items/:id', destination: '/api/items/:id' },
          { source: '/q/:name', destination: '/api/echo' }
        ],
        fallback: [
          { source: '/proxy/:path*', destination: `${UPSTREAM}/:path*` },
          { source: '/api/items/:id', destination: '/api/echo?fallback=1' },
          { source: '/:path*', destination: '/api/fallback' }
        ]
      }
    }
  }
}
