// Attack class: dot segments, plain and encoded. Whatever a variant resolves to, it runs the guard
// or reaches nothing protected.
import t from 'tap'
import { checkWith } from './security-paths.mjs'

const VARIANTS = ['/./admin', '/x/../admin', '/%2e%2e/admin', '/x/%2e%2e/admin', '/x/%2E%2E/admin', '/x/.%2e/admin', '/x/%2e./admin', '/admin/%2e%2e', '/admin/./x', '/admin/x/..', '/%2e/admin', '/users/x/../me2']

t.test('dot-segment variants run the guard or reach nothing protected', async t => {
  await checkWith(t, null, VARIANTS)
})

for (const routerOptions of [{ ignoreDuplicateSlashes: true }, { ignoreTrailingSlash: true }]) {
  t.test(`router options ${JSON.stringify(routerOptions)}`, async t => {
    await checkWith(t, routerOptions, VARIANTS)
  })
}
