// The suites ported from Next.js's own e2e tests (test/conformance/next-e2e/<suite>/): suite.json
// (origin, fixture changes, skipped tests, cases) and recorded.json (what `next start` 16.4.6
// answered, re-recorded by scripts/record-conformance-next-e2e.mjs). Shared by the replay test
// (test/conformance-next-e2e.test.mjs) and docs/conformance.md (scripts/conformance-table.mjs).
//
// A case may carry `outOfScope` (why: rendering page.tsx, Pages Router pages, i18n...) or `waits`
// (the capability it waits for); both are replayed for the record but never counted as passing.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { join } from 'node:path'
import Fastify from 'fastify'
import { withBuild } from '../../helper.mjs'
import { checks, passes } from '../compare.mjs'
import { sendCase } from '../send.mjs'

export const suitesDir = fileURLToPath(new URL('.', import.meta.url))

export function loadSuites () {
  return readdirSync(suitesDir)
    .filter(name => existsSync(join(suitesDir, name, 'suite.json')))
    .sort()
    .map(name => {
      const suite = JSON.parse(readFileSync(join(suitesDir, name, 'suite.json'), 'utf8'))
      const file = join(suitesDir, name, 'recorded.json')
      const recorded = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null
      return { name, dir: join(suitesDir, name, 'fixture'), suite, recorded }
    })
}

export function kindOf (c) {
  if (c.outOfScope) return 'out of scope'
  if (c.waits) return 'waiting'
  return 'in scope'
}

/**
 * Start the bridge on the suite's fixture as the CLI does (`plugin` and `clientErrorHandler` are
 * dist/index.js's default export and nextClientErrorHandler: the server option that answers a
 * request Node's parser rejects as next start does; docs/compatibility.md).
 */
export async function startSuite (plugin, { dir, suite }, clientErrorHandler) {
  const app = Fastify({ clientErrorHandler })
  // suite.json `options`: plugin options the CLI would set (`env: true` loads the fixture's .env).
  await app.register(plugin, await withBuild({ dir, ...suite?.options }))
  await app.listen({ port: 0, host: '127.0.0.1' })
  return app
}

/** Replay one case: its checks (as test/conformance/compare.mjs) and whether all pass. */
export async function replayCase (port, c, expected, recordedBodies, bodies) {
  if (c.wait) await new Promise(resolve => setTimeout(resolve, c.wait))
  const actual = await sendCase(port, c)
  bodies.set(c.name, actual.body)
  const list = checks(c, expected, actual, recordedBodies, bodies)
  return { list, ok: list.every(passes) }
}
