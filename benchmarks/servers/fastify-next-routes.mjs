// The plugin serving benchmarks/site (route files + proxy.ts). MIDDLEWARE=0 leaves proxy.ts out.
import Fastify from 'fastify'
import nextRoutes from '../../dist/index.js'

const app = Fastify()
await app.register(nextRoutes, {
  dir: new URL('../site', import.meta.url).pathname,
  middleware: process.env.MIDDLEWARE !== '0'
})
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' })
