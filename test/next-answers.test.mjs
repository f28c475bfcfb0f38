// Differences issue 18 found (Next.js's own e2e suites), each checked against what `next start`
// 16.4.6 answered for the same files: test/fixtures/next-answers-{proxy,middleware} (the same
// middleware as proxy.ts, Node.js runtime, and as middleware.ts, Next's edge runtime). The requests
// are in test/next-answers-cases.mjs, Next's answers in test/next-answers.recorded.json (re-recorded
// by scripts/record-next-answers.mjs, part of `npm run conformance:record`; the port written as PORT).
import t from 'tap'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import Fastify from 'fastify'
import nextRoutes, { nextClientErrorHandler } from '../dist/index.js'
import { sendCase } from './conformance/send.mjs'
import { DEFAULT_SEND, fixtures } from './next-answers-cases.mjs'

const recorded = JSON.parse(readFileSync(new URL('./next-answers.recorded.json', import.meta.url), 'utf8'))

async function start (t, name, options = {}) {
  const app = Fastify(options)
  await app.register(nextRoutes, { dir: fileURLToPath(new URL(`./fixtures/next-answers-${name}`, import.meta.url)) })
  await app.listen({ port: 0, host: '127.0.0.1' })
  t.teardown(() => app.close())
  return app.server.address().port
}

t.equal(recorded.next, '16.4.6', 'recorded from Next.js 16.4.6')

for (const [name, requests] of Object.entries(fixtures)) {
  t.test(`${name}.ts`, async t => {
    const answers = recorded.fixtures[name]
    t.same(answers.map(a => a.name), requests.map(r => r.name), 'every request has a recording (re-record after editing next-answers-cases.mjs)')
    // nextClientErrorHandler: Node's own answer to a request its parser rejects, as next start.
    const port = await start(t, name, { clientErrorHandler: nextClientErrorHandler })
    for (const [i, r] of requests.entries()) {
      const want = answers[i]
      const got = await sendCase(port, { ...r, send: r.send ?? DEFAULT_SEND })
      t.test(r.name, async t => {
        t.equal(got.status, want.status, `status (${r.why})`)
        if (r.body !== false) t.equal(got.body, want.body, `body (${r.why})`)
        for (const header of r.headers ?? []) t.same(got.headers[header], want.headers[header], `header ${header}`)
      })
    }
  })
}

t.test('a method Node parser rejects, without nextClientErrorHandler', async t => {
  const plain = await start(t, 'proxy')
  const fastify = await sendCase(plain, { path: '/target', method: 'HEADER' })
  t.equal(fastify.status, 400)
  t.match(fastify.headers['content-type'], /json/, "Fastify's default (documented in docs/compatibility.md)")
})
