// Attack class: request targets that are not a path. find-my-way routes the path inside an
// absolute-form target (`GET http://x/admin HTTP/1.1`) and skips the first character of any other
// (`GET *admin` reaches /admin); a hook that decided on raw.url saw neither. Absolute-form answers
// a relative 308 to its own path (Next's Location names the authority the client wrote), anything
// else a 400, for route files and for the host app's routes alike.
import t from 'tap'
import { checkWith, dir } from './security-paths.mjs'
import { serve } from './helper.mjs'
import { sendRawLine } from './fixtures/path-fuzz/raw.mjs'

const setup = app => { app.get('/legacy/admin/:id', () => 'legacy secret') }

t.test('absolute-form: a relative 308 to the path, never served as sent', async t => {
  const s = await serve(t, { dir }, { setup })
  for (const [target, location] of [['http://evil.example/admin', '/admin'], ['http://127.0.0.1/admin/x?q=1', '/admin/x?q=1'],
    ['https://x/legacy/admin/7', '/legacy/admin/7'], ['http://x', '/'], ['http://x?a=1', '/?a=1'], ['HTTP://X/admin/..//y', '/y']]) {
    const res = await sendRawLine(s.port, target, { 'x-auth': 'ok' })
    t.same([res.status, res.headers.location], [308, location], target)
  }
})

t.test('asterisk-form and malformed absolute-form: 400', async t => {
  const s = await serve(t, { dir }, { setup })
  for (const target of ['*', '*admin', '*legacy/admin/7', 'http://@x/admin', 'http://x:y/admin', 'ftp://x/admin', 'admin', 'http://x/admin#y']) {
    const res = await sendRawLine(s.port, target, { 'x-auth': 'ok' })
    t.equal(res.status, 400, target)
    t.notOk(/secret/.test(res.body), `${target} reached no handler`)
  }
})

t.test('no such target reaches a guarded handler', async t => {
  t.equal(await checkWith(t, null, ['*admin', '*admin/x', 'http://x/admin', 'http://x/users/1', '*users/1']), 0)
})
