// Segment config: accepted values, Next's wording for the rest (as startup errors through the
// plugin), which routes are cached, and the Cache-Control formula.
import t from 'tap'
import Fastify from 'fastify'
import nextRoutes from '../dist/index.js'
import { readSegmentConfig } from '../dist/segment-config.js'
import { cacheControl, cachePolicy, implicitTags, revalidatePathTag } from '../dist/cache/policy.js'
import { writeApp } from './helper.mjs'

const GET = () => new Response('x')
const read = mod => readSegmentConfig(mod, '/r', '/app/r/route.ts')

t.test('defaults', async t => {
  const c = read({ GET })
  t.equal(c.dynamic, 'auto')
  t.equal(c.revalidate, undefined)
  t.equal(c.dynamicParams, true)
  t.equal(c.runtime, 'nodejs')
  t.same(c.warnings, [])
})

t.test('invalid values fail with Next wording, the route and the file', async t => {
  t.throws(() => read({ dynamic: 'foo' }), {
    code: 'FST_ERR_NEXT_SEGMENT_CONFIG',
    message: /"\/r" in '\/app\/r\/route.ts': Next.js can't recognize the exported `dynamic` field in route. It has an invalid value: unknown variant `foo`, expected one of `auto`, `force-dynamic`, `error`, `force-static`\./
  })
  for (const bad of [-1, 1.5, '60', true, null]) {
    t.throws(() => read({ revalidate: bad }), { message: new RegExp(`Invalid revalidate value ${JSON.stringify(bad).replace(/[.[\]]/g, '\\$&')} on "/r", must be a non-negative number or false`) }, `revalidate ${JSON.stringify(bad)}`)
  }
  t.throws(() => read({ dynamicParams: 'no' }), { message: /dynamicParams: Expected boolean, received string/ })
  t.throws(() => read({ fetchCache: 'sometimes' }), { message: /fetchCache: Invalid enum value. Expected 'auto' \| 'default-cache'/ })
  t.throws(() => read({ runtime: 'deno' }), { message: /runtime: Invalid enum value/ })
  t.throws(() => read({ maxDuration: -5 }), { message: /maxDuration/ })
  t.throws(() => read({ preferredRegion: 3 }), { message: /preferredRegion/ })
  t.throws(() => read({ generateStaticParams: [] }), { message: /generateStaticParams/ })
  t.throws(() => read({ runtime: 'edge', generateStaticParams: () => [] }), { message: /cannot use both `export const runtime = 'edge'` and export `generateStaticParams`/ })
})

t.test('hints are accepted; edge and preferredRegion warn as Next does', async t => {
  const c = read({ fetchCache: 'force-cache', preferredRegion: ['iad1'], maxDuration: 30, runtime: 'edge' })
  t.same(c.hints, { fetchCache: 'force-cache', preferredRegion: ['iad1'], maxDuration: 30 })
  t.match(c.warnings[0], /Using edge runtime on a page currently disables static generation/)
  t.match(c.warnings[1], /"preferredRegion" route segment config is deprecated/)
})

t.test('an invalid export fails startup', async t => {
  const app = Fastify()
  const dir = writeApp({ 'app/x/route.ts': "export const revalidate = -1\nexport function GET () { return new Response('x') }" })
  await t.rejects(app.register(nextRoutes, { dir }).ready(), { code: 'FST_ERR_NEXT_SEGMENT_CONFIG', message: /Invalid revalidate value -1 on "\/x"/ })
  await app.close()
})

t.test('which routes are cached (spec 86-93)', async t => {
  const policy = (mod, methods = { GET }) => cachePolicy(read(mod), methods)
  t.equal(policy({}), null, 'no config: dynamic since Next 15')
  t.same(policy({ dynamic: 'force-static' }), { revalidate: false, mode: 'force-static', dynamicParams: true })
  t.same(policy({ dynamic: 'error' }), { revalidate: false, mode: 'error', dynamicParams: true })
  t.same(policy({ revalidate: 60 }), { revalidate: 60, mode: 'auto', dynamicParams: true })
  t.same(policy({ revalidate: false }), { revalidate: false, mode: 'auto', dynamicParams: true })
  t.same(policy({ generateStaticParams: () => [], dynamicParams: false }), { revalidate: false, mode: 'auto', dynamicParams: false })
  t.equal(policy({ revalidate: 0 }), null, 'revalidate 0 is dynamic')
  t.equal(policy({ dynamic: 'force-dynamic', revalidate: 60 }), null, 'force-dynamic wins')
  t.equal(policy({ revalidate: 60, runtime: 'edge' }), null, 'edge disables static generation')
  t.equal(policy({ revalidate: 60 }, { GET, POST: GET }), null, 'a POST export makes it dynamic')
  t.equal(policy({ revalidate: 60 }, { GET, OPTIONS: GET }), null, 'so does OPTIONS')
  t.not(policy({ revalidate: 60 }, { GET, HEAD: GET }), null, 'HEAD is fine')
  t.equal(policy({ dynamic: 'force-static' }, { POST: GET }), null, 'nothing to cache without GET')
})

t.test('Cache-Control formula (spec 94)', async t => {
  t.equal(cacheControl(false), 's-maxage=31536000')
  t.equal(cacheControl(60), 's-maxage=60, stale-while-revalidate=31535940')
  t.equal(cacheControl(1), 's-maxage=1, stale-while-revalidate=31535999')
  t.equal(cacheControl(31536000), 's-maxage=31536000')
  t.equal(cacheControl(0), 'private, no-cache, no-store, max-age=0, must-revalidate')
})

t.test('implicit tags make revalidatePath find entries', async t => {
  const tags = implicitTags('/blog/a%20b', '/blog/[slug]')
  t.ok(tags.includes(revalidatePathTag('/blog/a%20b')), 'the path itself')
  t.ok(tags.includes(revalidatePathTag('/blog/a%20b/')), 'a trailing slash is ignored')
  t.ok(tags.includes(revalidatePathTag('/blog/[slug]', 'page')), 'the route pattern')
  t.ok(tags.includes(revalidatePathTag('/blog', 'layout')), 'a layout above it')
  t.ok(tags.includes(revalidatePathTag('/', 'layout')), 'the root layout')
  t.notOk(tags.includes(revalidatePathTag('/blog')), 'not the parent path itself')
  t.notOk(tags.includes(revalidatePathTag('/blo', 'layout')), 'not a string prefix that is no segment')
})
