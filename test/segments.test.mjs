import t from 'tap'
import { classifyFolder, parseSegment, toFastifyPaths, toPattern, checkRoutePath } from '../dist/segments.js'

const s = (value) => ({ kind: 'static', value })
const d = (value) => ({ kind: 'dynamic', value })
const c = (value) => ({ kind: 'catchall', value })
const o = (value) => ({ kind: 'optional', value })

t.test('classifyFolder', async t => {
  const CASES = [
    ['(marketing)', 'group'], ['@modal', 'slot'], ['_private', 'private'], ['_', 'private'],
    ['%5Fescaped', 'url'], ['(.)intercept', 'url'], ['hello.json', 'url'], ['[id]', 'url'], ['()', 'url']
  ]
  for (const [name, kind] of CASES) t.equal(classifyFolder(name), kind, name)
})

t.test('parseSegment', async t => {
  const CASES = [
    ['users', s('users')], ['hello.json', s('hello.json')], ['%5Fescaped', s('_escaped')], ['%5fx', s('_x')],
    ['[id]', d('id')], ['[tenant-id]', d('tenant-id')], ['[...slug]', c('slug')], ['[[...slug]]', o('slug')],
    ['(.)i', s('(.)i')]
  ]
  for (const [name, expected] of CASES) t.same(parseSegment(name), expected, name)
  const ERRORS = [
    ['[[x]]', /Optional route parameters are not yet supported/],
    ['[…x]', /three-dot character/],
    ['[[x]', /extra brackets/],
    ['[.x]', /erroneous periods/]
  ]
  for (const [name, message] of ERRORS) t.throws(() => parseSegment(name), message, name)
})

t.test('toFastifyPaths and toPattern', async t => {
  const CASES = [
    [[], ['/'], '/'],
    [[s('echo')], ['/echo'], '/echo'],
    [[s('users'), d('id')], ['/users/:id'], '/users/[id]'],
    [[s('a'), d('x'), s('b'), d('y')], ['/a/:x/b/:y'], '/a/[x]/b/[y]'],
    [[s('a'), d('user-id'), s('b'), d('y')], ['/a/:p0/b/:p1'], '/a/[user-id]/b/[y]'],
    [[s('catch'), c('slug')], ['/catch/*'], '/catch/[...slug]'],
    [[s('opt'), o('slug')], ['/opt', '/opt/*'], '/opt/[[...slug]]'],
    [[o('slug')], ['/', '/*'], '/[[...slug]]'],
    [[s('a:b')], ['/a::b'], '/a:b']
  ]
  for (const [segments, paths, pattern] of CASES) {
    t.same(toFastifyPaths(segments), paths, pattern)
    t.equal(toPattern(segments), pattern)
  }
  t.throws(() => toFastifyPaths([s('a*b')]), /cannot be routed/)
})

t.test('checkRoutePath', async t => {
  t.doesNotThrow(() => checkRoutePath([s('a'), d('id'), c('rest')]))
  t.throws(() => checkRoutePath([s('c'), c('a'), d('b')]), /Catch-all must be the last part of the URL in route "\/c\/\[\.\.\.a\]\/\[b\]"/)
  t.throws(() => checkRoutePath([s('h'), d('id'), d('id')]), /same slug name "id" repeat/)
  t.throws(() => checkRoutePath([d('a-b'), d('ab')]), /differ only by non-word symbols/)
})
