// The README's next.config example, taken from README.md itself, runs: the rule it shows answers.
import t from 'tap'
import { readFileSync } from 'node:fs'
import { serve, writeApp } from './helper.mjs'

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
const sample = /```js\n(\/\/ next\.config\.mjs\n[\s\S]*?)```/.exec(readme)

t.ok(sample, 'the README has a next.config.mjs example')
t.test('the example rule applies', async t => {
  const dir = writeApp({ 'next.config.mjs': sample[1], 'app/api/hello/route.ts': "export const GET = () => Response.json({ hello: 'world' })" })
  const s = await serve(t, { dir })
  const res = await s.fetch('/api/hello')
  t.equal(res.status, 200)
  t.equal(res.headers['access-control-allow-origin'], '*')
})
