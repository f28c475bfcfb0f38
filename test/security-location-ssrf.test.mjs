// Attack class: CVE-2025-57822. A middleware that reflects request headers (next({ headers:
// request.headers })) must not turn a client's Location header into a server-side request.
import t from 'tap'
import { createServer } from 'node:http'
import { once } from 'node:events'
import { join } from 'node:path'
import { fixtures, serve } from './helper.mjs'

t.test('Location on a non-3xx middleware response is never followed or proxied', async t => {
  let hits = 0
  const canary = createServer((req, res) => { hits++; res.end('canary') })
  canary.listen(0, '127.0.0.1')
  await once(canary, 'listening')
  t.teardown(() => canary.close())
  const target = `http://127.0.0.1:${canary.address().port}/latest/meta-data/`
  const s = await serve(t, { dir: join(fixtures, 'middleware') })
  const reflected = await s.fetch('/echo?op=reflect', { headers: { location: target } })
  t.equal(reflected.status, 200)
  const direct = await s.fetch('/echo?op=location-200', { headers: { 'x-upstream': `http://127.0.0.1:${canary.address().port}` } })
  t.same([direct.status, direct.body], [200, 'hello'])
  t.equal(hits, 0, 'no connection reached the canary')
})
