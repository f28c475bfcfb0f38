// The Fastify app that replaces an Express custom server (see README.md): the Express middleware it
// had (cors, helmet, morgan, express-session) runs through @fastify/middie before the route files.
import { fileURLToPath } from 'node:url'
import Fastify from 'fastify'
import middie from '@fastify/middie'
import cors from 'cors'
import helmet from 'helmet'
import morgan from 'morgan'
import session from 'express-session'
import nextRoutes from 'fastify-next-routes'

/** Build the app; `logStream` receives morgan's access log (stdout by default). */
export async function build ({ logStream = process.stdout, sessionSecret = 'change-me' } = {}) {
  const app = Fastify()
  await app.register(middie)
  // The same app.use() lines the Express server had, in the same order.
  app.use(morgan('tiny', { stream: logStream }))
  app.use(helmet())
  app.use(cors({ origin: 'https://app.example.com', credentials: true }))
  app.use(session({ secret: sessionSecret, resave: false, saveUninitialized: false, cookie: { httpOnly: true, sameSite: 'lax' } }))
  // A Fastify decorator the route handlers can reach through getFastifyRequest().
  app.decorateRequest('tenant', 'default')
  await app.register(nextRoutes, { dir: fileURLToPath(new URL('.', import.meta.url)) })
  return app
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const app = await build()
  await app.listen({ port: Number(process.env.PORT ?? 3000), host: process.env.HOST ?? '0.0.0.0' })
  console.log(`listening on ${app.listeningOrigin}`)
}
