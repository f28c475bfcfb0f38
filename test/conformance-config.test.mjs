// Replays the next.config fixture's cases recorded from `next start` 16.4.6
// (test/conformance/config-recorded.json; re-record: node scripts/record-conformance.mjs config)
// against the bridge over real HTTP: basePath, trailingSlash, headers/redirects/rewrites, public/,
// a guarding proxy.ts and instrumentation.ts.
import t from 'tap'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import Fastify from 'fastify'
import nextRoutes from '../dist/index.js'
import { cases } from './conformance/config-cases.mjs'
import { checks } from './conformance/compare.mjs'
import { sendCase } from './conformance/send.mjs'
import { startUpstream } from './conformance/upstream.mjs'
import { withBuild } from './helper.mjs'

const recorded = JSON.parse(readFileSync(new URL('./conformance/config-recorded.json', import.meta.url), 'utf8'))
const byName = new Map(recorded.cases.map(c => [c.name, c]))

const upstream = await startUpstream()
t.teardown(() => upstream.close())
const app = Fastify()
await app.register(nextRoutes, await withBuild({ dir: fileURLToPath(new URL('./conformance/config-fixture', import.meta.url)) }))
// On all addresses as next start (no -H): the proxy's X-Forwarded-For is then ::ffff:127.0.0.1 in both.
await app.listen({ port: 0, host: '::' })
t.teardown(() => app.close())
const port = app.server.address().port

t.equal(recorded.next, '16.4.6', 'recorded from Next.js 16.4.6')
t.equal(recorded.cases.length, cases.length, 'every case has a recording')

for (const c of cases) {
  t.test(c.name, async t => {
    const expected = byName.get(c.name)
    t.ok(expected, 'recorded')
    const actual = await sendCase(port, c)
    for (const check of checks(c, expected, actual, new Map(), new Map())) t.same(check.actual, check.expected, check.what)
  })
}
