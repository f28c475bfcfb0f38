// The app under stress: the plugin serving stress/ (route files + proxy.ts) beside a plain Fastify
// route, plus /__stats, which collects garbage and reports memory and open handles. Run with
// --expose-gc (run.mjs does).
import { fileURLToPath } from 'node:url'
import Fastify from 'fastify'
import nextRoutes from '../dist/index.js'

const app = Fastify({ logger: { level: 'warn' } })
app.get('/legacy-fastify', async () => ({ legacy: true }))
app.get('/__stats', async () => {
  for (let i = 0; i < 3; i++) {
    globalThis.gc?.()
    await new Promise(resolve => setImmediate(resolve))
  }
  const resources = {}
  for (const name of process.getActiveResourcesInfo()) resources[name] = (resources[name] ?? 0) + 1
  return { ...process.memoryUsage(), resources }
})
let unhandled = 0
process.on('unhandledRejection', err => { unhandled++; app.log.error({ err }, 'unhandled rejection') })
app.get('/__unhandled', async () => ({ unhandled }))
await app.register(nextRoutes, { dir: fileURLToPath(new URL('.', import.meta.url)) })
await app.listen({ port: Number(process.env.PORT ?? 3400), host: '127.0.0.1' })
process.on('SIGTERM', () => { app.close().then(() => process.exit(0)) })
