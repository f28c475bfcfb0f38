// Replays the suites ported from Next.js's own e2e tests (test/conformance/next-e2e/<suite>/,
// recorded from `next start` 16.4.6 by scripts/record-conformance-next-e2e.mjs) against the bridge
// over real HTTP. Cases marked out of scope (rendering pages, i18n...) are reported as skipped and
// cases waiting for a capability as todo: neither counts as passing.
import t from 'tap'
import nextRoutes, { nextClientErrorHandler } from '../dist/index.js'
import { kindOf, loadSuites, replayCase, startSuite } from './conformance/next-e2e/suites.mjs'

for (const s of loadSuites()) {
  t.test(s.name, async t => {
    t.ok(s.recorded, 'recorded (npm run conformance:record)')
    t.equal(s.recorded.next, '16.4.6', 'recorded from Next.js 16.4.6')
    t.same(s.recorded.cases.map(c => c.name), s.suite.cases.map(c => c.name), 'every case has a recording (re-record after editing suite.json)')
    const byName = new Map(s.recorded.cases.map(c => [c.name, c]))
    const recordedBodies = new Map(s.recorded.cases.map(c => [c.name, c.body]))
    const bodies = new Map()
    const app = await startSuite(nextRoutes, s, nextClientErrorHandler)
    t.teardown(() => app.close())
    const port = app.server.address().port
    for (const c of s.suite.cases) {
      const kind = kindOf(c)
      if (kind !== 'in scope') {
        // Sent all the same, so that a later case sees the server as it would.
        await replayCase(port, c, byName.get(c.name), recordedBodies, bodies)
        t.test(c.name, kind === 'waiting' ? { todo: `waits for ${c.waits}` } : { skip: `out of scope: ${c.outOfScope}` }, async () => {})
        continue
      }
      await t.test(c.name, async t => {
        const { list } = await replayCase(port, c, byName.get(c.name), recordedBodies, bodies)
        for (const check of list) t.same(check.actual, check.expected, check.what)
      })
    }
  })
}
