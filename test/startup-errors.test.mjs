// Startup errors point into the user's source: a syntax error shows its line with a caret, an
// invalid matcher names the entry and the place in the source as written.
import t from 'tap'
import Fastify from 'fastify'
import nextRoutes from '../dist/index.js'
import { writeApp } from './helper.mjs'

async function startupError (files) {
  const app = Fastify()
  try {
    await app.register(nextRoutes, { dir: writeApp(files) })
    await app.ready()
  } catch (err) {
    return err
  } finally {
    await app.close()
  }
  return null
}

t.test('a syntax error comes with a code frame', async t => {
  const err = await startupError({ 'app/a/route.ts': 'const x = 1\nexport function GET ( {\n  return new Response("x") }\n' })
  t.equal(err.code, 'FST_ERR_NEXT_MODULE_LOAD')
  t.match(err.message, /app\/a\/route\.ts/)
  t.match(err.message, /line 3, column \d+:\n {2}2 \| export function GET \( \{\n> 3 \| {3}return new Response\("x"\) \}\n {4}\| +\^/)
})

t.test('an invalid matcher names the entry and its source', async t => {
  const err = await startupError({ 'app/a/route.ts': 'export const GET = () => new Response("a")', 'proxy.ts': "export function proxy () {}\nexport const config = { matcher: ['/ok', '/a/:p(+)'] }" })
  t.equal(err.code, 'FST_ERR_NEXT_MATCHER_INVALID')
  t.match(err.message, /matcher\[1\]/)
  t.match(err.message, /'\/a\/:p\(\+\)'/)
})
