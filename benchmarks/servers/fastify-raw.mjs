// Baseline: plain Fastify routes doing what the route files do.
import { Readable } from 'node:stream'
import Fastify from 'fastify'
import { requestLogging } from '../../dist/request-logging.js'

const CHUNK = Buffer.alloc(16 * 1024, 120)
// LOGGER=1: with a logger at info and no per-request lines (Fastify's own cost of having one, for
// the CLI pair: the CLI runs with one).
const logger = process.env.LOGGER === '1'
const app = Fastify(logger ? { logger: { level: 'info' }, ...requestLogging(false) } : {})
const json = { schema: { response: { 200: { type: 'object', properties: { hello: { type: 'string' } } } } } }
app.get('/json', json, async () => ({ hello: 'world' }))
app.get('/json-next', json, async () => ({ hello: 'world' }))
app.get('/cached', json, async () => ({ hello: 'world' }))
app.post('/echo', async (request) => request.body)
app.get('/stream', async (request, reply) => {
  let sent = 0
  reply.type('application/octet-stream')
  return new Readable({ read () { this.push(sent++ === 64 ? null : CHUNK) } })
})
// The middleware scenario's baseline: an onRequest hook setting the same header.
app.register(async (scoped) => {
  scoped.addHook('onRequest', async (request, reply) => { reply.header('x-mw', '1') })
  scoped.get('/mw/json', json, async () => ({ hello: 'world' }))
})
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' })
