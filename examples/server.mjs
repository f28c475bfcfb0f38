// An existing Fastify app that adds Next-style file routes: `npm start` serves it on PORT (default 3000).
import { fileURLToPath } from 'node:url'
import Fastify from 'fastify'
import nextRoutes from 'fastify-next-routes'

const app = Fastify({ logger: true })

// The app's own Fastify routes keep working beside the route.ts files.
app.get('/legacy', async () => ({ legacy: true }))

await app.register(nextRoutes, { dir: fileURLToPath(new URL('.', import.meta.url)) })

const port = Number(process.env.PORT ?? 3000)
await app.listen({ port, host: process.env.HOST ?? '0.0.0.0' })
