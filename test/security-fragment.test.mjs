// Attack class: `#` in the request line. Browsers never send a fragment; a raw client can. Next
// would serve the part before it, find-my-way turns it into a query, a matcher tested with it
// attached fails: three readings of one request. Refused (400), so none can be chosen.
import t from 'tap'
import { checkWith, dir } from './security-paths.mjs'
import { serve } from './helper.mjs'

const TARGETS = ['/admin#x', '/admin/x#y', '/admin#/../public', '/users/1#x', '/admin?q=1#x', '/#admin', '/admin/#']

t.test('a raw # anywhere in the target is a 400 and reaches no handler', async t => {
  for (const routerOptions of [{}, { caseSensitive: false }, { useSemicolonDelimiter: true }]) {
    const s = await serve(t, { dir }, { fastify: { routerOptions } })
    for (const target of TARGETS) {
      const res = await s.sendRaw(target, { 'x-auth': 'ok' })
      t.equal(res.status, 400, `${JSON.stringify(routerOptions)} ${target}`)
    }
  }
  t.equal(await checkWith(t, null, TARGETS), 0, 'none reaches a protected handler')
})

t.test('an encoded # is data: inside a param it is decoded once, in a static segment it is a 404', async t => {
  const s = await serve(t, { dir })
  const param = await s.sendRaw('/users/me%23x')
  t.equal(param.status, 401, 'the guard sees /users/me%23x, which is not /users/me')
  const statics = await s.sendRaw('/admin%23x', { 'x-auth': 'ok' })
  t.not(statics.body.includes('admin secret'), true)
})
