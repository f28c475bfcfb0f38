// A build's stand-in for a route module (lib/build/lazy-module.ts) against the module itself, on
// generated modules: what registration reads of it (its methods, segment config and warnings) is
// the same, or the module is left to load at startup; and every stand-in function, once called,
// answers as the real one with the same `this` and arguments, importing the module once.
import t from 'tap'
import fc from 'fast-check'
import { moduleShape, standIn } from '../dist/build/lazy-module.js'
import { readModuleMethods } from '../dist/methods.js'
import { readSegmentConfig } from '../dist/segment-config.js'

const names = fc.constantFrom('GET', 'POST', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'PATCH', 'get', 'default', 'dynamic', 'revalidate',
  'dynamicParams', 'runtime', 'fetchCache', 'preferredRegion', 'maxDuration', 'generateStaticParams', 'schema', 'config', 'helper')
const fn = fc.integer().map(n => {
  const f = function (...args) { return { n, self: this, args } }
  return f
})
const value = fc.oneof(
  fn,
  fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant(undefined),
  fc.array(fc.string(), { maxLength: 3 }), fc.array(fc.integer(), { maxLength: 2 }),
  fc.dictionary(fc.string(), fc.string(), { maxKeys: 2 }),
  fc.constantFrom('force-static', 'force-dynamic', 'auto', 'error', 'edge', 'nodejs', 'default-cache', 'bogus'),
  fc.constantFrom(0, 1, 60, false, true, -1, 1.5)
)
const modules = fc.dictionary(names, value, { maxKeys: 8 })

// What registration reads, comparable: functions by name only, errors by message.
function read (mod) {
  const methods = readModuleMethods(mod, 'app/x/route.ts')
  let config
  try {
    const c = readSegmentConfig(mod, '/x', 'app/x/route.ts')
    config = { ...c, generateStaticParams: typeof c.generateStaticParams }
  } catch (err) {
    // The message shows the offending value: for a function, its source, which is the stand-in's.
    config = { error: err.message.split('function')[0] }
  }
  return { methods: Object.keys(methods.handlers), warnings: methods.warnings, config }
}

t.test('registration reads the same of a stand-in as of its module', async t => {
  let lazy = 0
  fc.assert(fc.property(modules, mod => {
    const shape = moduleShape(mod)
    if (shape === null) return true // loaded at startup: nothing to compare
    lazy++
    // The shape went through JSON, as it does through manifest.json.
    const stand = standIn(JSON.parse(JSON.stringify(shape)), async () => mod)
    t.same(read(stand), read(mod))
    return true
  }), { numRuns: 2000 })
  t.ok(lazy > 500, `${lazy} of 2000 generated modules got a stand-in`)
})

t.test('a stand-in function imports the module once and answers as the real one', async t => {
  await fc.assert(fc.asyncProperty(modules, fc.array(fc.anything(), { maxLength: 3 }), async (mod, args) => {
    const shape = moduleShape(mod)
    if (shape === null || shape.functions.length === 0) return true
    let imports = 0
    const stand = standIn(shape, async () => { imports++; return mod })
    const self = { caller: true }
    for (const name of shape.functions) {
      const first = await stand[name].apply(self, args)
      const again = stand[name].apply(self, args)
      const expected = mod[name].apply(self, args)
      t.same(first, expected)
      t.same(again, expected, 'synchronous once the module is in')
      t.equal(first.self, self)
    }
    t.equal(imports, 1)
    return true
  }), { numRuns: 300 })
})
