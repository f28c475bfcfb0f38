import t from 'tap'
import { buildParamReader } from '../dist/params.js'

const s = (value) => ({ kind: 'static', value })
const d = (value) => ({ kind: 'dynamic', value })
const c = (value) => ({ kind: 'catchall', value })
const o = (value) => ({ kind: 'optional', value })

t.test('static routes get no reader (params is undefined in Next 16)', async t => {
  t.equal(buildParamReader([s('a'), s('b')], 0), null)
})

t.test('values are decoded per segment, as Next does', async t => {
  const CASES = [
    // [segments, depth, path, expected]
    [[s('params'), d('id')], 0, '/params/a%20b%2Fc', { id: 'a b/c' }],
    [[s('params'), d('id')], 0, '/params/%E2%9C%93', { id: '✓' }],
    [[s('params'), d('id')], 0, '/params/a+b', { id: 'a+b' }],
    [[s('params'), d('id')], 0, '/params/a;b', { id: 'a;b' }],
    [[s('catch'), c('slug')], 0, '/catch/a%2Fb/c%20d', { slug: ['a/b', 'c d'] }],
    [[s('opt'), o('slug')], 0, '/opt', {}],
    [[s('opt'), o('slug')], 0, '/opt/x/y', { slug: ['x', 'y'] }],
    [[s('a'), d('x'), s('b'), d('y')], 0, '/a/1/b/2', { x: '1', y: '2' }],
    // depth: segments of Fastify's prefix before the route's own
    [[s('users'), d('id')], 2, '/api/v1/users/7', { id: '7' }],
    [[o('slug')], 1, '/api', {}]
  ]
  for (const [segments, depth, path, expected] of CASES) {
    const read = buildParamReader(segments, depth)
    t.same(read(path), expected, path)
  }
})

t.test('optional catch-all with no segments leaves the key out', async t => {
  const read = buildParamReader([s('opt'), o('slug')], 0)
  t.notOk('slug' in read('/opt'))
})

t.test('malformed percent-encoding gives null (answered 400)', async t => {
  t.equal(buildParamReader([s('p'), d('id')], 0)('/p/a%ZZb'), null)
  t.equal(buildParamReader([s('p'), c('rest')], 0)('/p/ok/%E2%9C'), null)
})
