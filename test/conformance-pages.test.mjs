// Replays the Pages Router API route cases recorded from `next start` 16.4.6
// (test/conformance-pages/recorded.json, re-recorded by scripts/record-conformance-pages.mjs)
// against the bridge over real HTTP: a folder with only pages/api, and one with both trees and a
// middleware.
import t from 'tap'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import Fastify from 'fastify'
import nextRoutes from '../dist/index.js'
import { fixtures } from './conformance-pages/cases.mjs'
import { checks } from './conformance/compare.mjs'
import { sendPagesCase } from './conformance-pages/send.mjs'
import { withBuild } from './helper.mjs'

const recorded = JSON.parse(readFileSync(new URL('./conformance-pages/recorded.json', import.meta.url), 'utf8'))
t.equal(recorded.next, '16.4.6', 'recorded from Next.js 16.4.6')

for (const [name, cases] of Object.entries(fixtures)) {
  t.test(name, async t => {
    const { previewModeId, cases: answers } = recorded.fixtures[name]
    const byName = new Map(answers.map(c => [c.name, c]))
    t.equal(answers.length, cases.length, 'every case has a recording (re-record after editing cases.mjs)')
    const app = Fastify()
    await app.register(nextRoutes, await withBuild({ dir: fileURLToPath(new URL(`./conformance-pages/${name}`, import.meta.url)), previewModeId }))
    await app.listen({ port: 0, host: '127.0.0.1' })
    t.teardown(() => app.close())
    const port = app.server.address().port
    const recordedBodies = new Map(answers.map(c => [c.name, c.body]))
    const bodies = new Map()
    const seen = new Map()
    for (const c of cases) {
      await t.test(c.name, async t => {
        const expected = byName.get(c.name)
        t.ok(expected, 'recorded')
        const actual = await sendPagesCase(port, c, seen, { previewModeId })
        bodies.set(c.name, actual.body)
        for (const check of checks(c, expected, actual, recordedBodies, bodies)) t.same(check.actual, check.expected, check.what)
      })
    }
  })
}
