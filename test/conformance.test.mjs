// Replays every case recorded from `next start` 16.4.6 (test/conformance/recorded.json, re-recorded
// by `npm run conformance:record`) against the bridge over real HTTP.
import t from 'tap'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import Fastify from 'fastify'
import nextRoutes from '../dist/index.js'
import { cases } from './conformance/cases.mjs'
import { checks } from './conformance/compare.mjs'
import { sendCase } from './conformance/send.mjs'
import { withBuild } from './helper.mjs'

const recorded = JSON.parse(readFileSync(new URL('./conformance/recorded.json', import.meta.url), 'utf8'))
const byName = new Map(recorded.cases.map(c => [c.name, c]))

const app = Fastify()
const previewModeId = recorded.previewModeId
await app.register(nextRoutes, await withBuild({ dir: fileURLToPath(new URL('./conformance/fixture', import.meta.url)), previewModeId }))
await app.listen({ port: 0, host: '127.0.0.1' })
t.teardown(() => app.close())
const port = app.server.address().port

t.equal(recorded.next, '16.4.6', 'recorded from Next.js 16.4.6')
t.equal(recorded.cases.length, cases.length, 'every case has a recording (re-record after editing cases.mjs)')

// Bodies seen so far, for `relates` (cache sequences whose bodies hold random values).
const recordedBodies = new Map(recorded.cases.map(c => [c.name, c.body]))
const bodies = new Map()

for (const c of cases) {
  t.test(c.name, async t => {
    const expected = byName.get(c.name)
    t.ok(expected, 'recorded')
    if (c.wait) await new Promise(resolve => setTimeout(resolve, c.wait))
    const actual = await sendCase(port, c, { previewModeId })
    bodies.set(c.name, actual.body)
    for (const check of checks(c, expected, actual, recordedBodies, bodies)) t.same(check.actual, check.expected, check.what)
  })
}
