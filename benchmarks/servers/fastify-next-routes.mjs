// The plugin serving benchmarks/site (route files + proxy.ts). MIDDLEWARE=0 leaves proxy.ts out;
// FNR_DIST=/path/to/dist/index.js serves another build of the plugin (paired.mjs --baseline).
import { fileURLToPath } from 'node:url'
import Fastify from 'fastify'

const { default: nextRoutes } = await import(process.env.FNR_DIST ?? '../../dist/index.js')
const app = Fastify()
await app.register(nextRoutes, {
  dir: fileURLToPath(new URL('../site', import.meta.url)),
  middleware: process.env.MIDDLEWARE !== '0'
})
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' })
