// @hono/node-server with equivalent Web-standard handlers.
import { serve } from '@hono/node-server'
import { Hono } from 'hono'

const CHUNK = new Uint8Array(16 * 1024).fill(120)
const app = new Hono()
app.get('/json', () => Response.json({ hello: 'world' }))
app.get('/json-next', (c) => c.json({ hello: 'world' }))
app.get('/cached', (c) => c.json({ hello: 'world' }))
app.post('/echo', async (c) => Response.json(await c.req.json()))
app.get('/stream', () => {
  let sent = 0
  return new Response(new ReadableStream({ pull (controller) { if (sent++ === 64) controller.close(); else controller.enqueue(CHUNK) } }),
    { headers: { 'content-type': 'application/octet-stream' } })
})
app.use('/mw/*', async (c, next) => { await next(); c.header('x-mw', '1') })
app.get('/mw/json', (c) => c.json({ hello: 'world' }))
serve({ fetch: app.fetch, port: Number(process.env.PORT), hostname: '127.0.0.1' })
