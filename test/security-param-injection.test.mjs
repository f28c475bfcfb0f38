// Attack class: route params and internal query keys (CVE-2026-44574, CVE-2024-51479). Params come
// only from the path, never from nxtP*/nxtI* or __next* query keys.
import t from 'tap'
import { join } from 'node:path'
import { fixtures, serve } from './helper.mjs'

const dir = join(fixtures, 'security')

t.test('nxtP/nxtI query keys never become params', async t => {
  const s = await serve(t, { dir })
  for (const query of ['nxtPid=victim', 'nxtIid=victim', 'nxtPid=victim&nxtIid=victim']) {
    const res = await s.fetch('/users/me?' + query)
    t.equal(res.status, 200)
    t.equal(JSON.parse(res.body).id, 'me', query)
  }
  t.equal((await s.fetch('/users/victim')).status, 401, 'the guard still applies to the real path')
})

t.test('internal Next query keys do not change what the middleware sees', async t => {
  const s = await serve(t, { dir })
  for (const query of ['__nextLocale=admin', '__nextLocale=en', '__nextDefaultLocale=en', '__nextDataReq=1', '_rsc=x', 'nxtPfoo=1']) {
    t.equal((await s.fetch('/admin?' + query)).status, 401, query)
  }
})
