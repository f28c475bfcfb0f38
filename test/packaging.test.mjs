// What `npm publish` would ship, checked on the real tarball: `npm pack` into a temp folder (with
// --ignore-scripts: `prepare` would build again, and the suite's build already made dist/), the
// file list asserted, the tarball unpacked to check every source map, and @arethetypeswrong/cli run
// on it offline (no @types lookup) with its problems asserted to be exactly the accepted ones.
import t from 'tap'
import { execFile, spawn } from 'node:child_process'
import { once } from 'node:events'
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { tempDir, toolEnv } from './helper.mjs'

const run = promisify(execFile)
const root = fileURLToPath(new URL('..', import.meta.url))
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'

const out = tempDir('fnr-pack-')
const { stdout } = await run(npm, ['pack', '--ignore-scripts', '--json', '--pack-destination', out], { cwd: root, env: toolEnv(), maxBuffer: 64 * 1024 * 1024 })
const [packed] = JSON.parse(stdout)
const tarball = join(out, packed.filename)
const files = packed.files.map(f => f.path)
await run('tar', ['-xzf', tarball, '-C', out])
const unpacked = join(out, 'package')

t.test('the tarball holds the build, its types, the licence and the readme', async t => {
  for (const name of ['package.json', 'LICENSE', 'README.md', 'dist/index.js', 'dist/index.d.ts', 'dist/cli.js']) {
    t.ok(files.includes(name), name)
  }
  const js = files.filter(f => f.startsWith('dist/') && f.endsWith('.js'))
  t.ok(js.length > 50, `${js.length} compiled modules`)
  t.same(js.filter(f => !files.includes(f.replace(/\.js$/, '.d.ts'))), [], 'every dist/*.js has its .d.ts')
  // Every target package.json names (exports, main, types, bin) is in the tarball.
  const targets = [manifest.main, manifest.types, ...Object.values(manifest.bin),
    ...Object.values(manifest.exports).flatMap(e => typeof e === 'string' ? [e] : Object.values(e))]
  t.same(targets.map(p => p.replace(/^\.\//, '')).filter(p => !files.includes(p)), [], 'every entry point ships')
  t.match(readFileSync(join(unpacked, 'dist', 'cli.js'), 'utf8'), /^#!\/usr\/bin\/env node\n/, 'the bin starts with its shebang')
})

t.test('no tests, fixtures, benchmarks, build state or stray files', async t => {
  const unwanted = files.filter(f =>
    /^(test|stress|benchmarks|examples|scripts|node_modules|\.ci)\//.test(f) ||
    /(^|\/)fixtures?\//.test(f) ||
    /\.tsbuildinfo$|\.tgz$|\.log$|(^|\/)\.(git|env)/.test(f))
  t.same(unwanted, [])
  // Only what package.json's "files" lists, plus what npm always adds.
  const top = new Set(files.map(f => f.split('/')[0]))
  t.same([...top].sort(), ['LICENSE', 'README.md', 'dist', 'docs', 'lib', 'package.json'])
})

t.test('every source map points at a source inside the package', async t => {
  const maps = files.filter(f => f.endsWith('.map'))
  t.ok(maps.length > 50, `${maps.length} source maps`)
  const outside = []
  for (const map of maps) {
    const at = join(unpacked, map)
    const { sources, sourceRoot = '' } = JSON.parse(readFileSync(at, 'utf8'))
    for (const source of sources) {
      const target = resolve(dirname(at), sourceRoot, source)
      const inside = relative(unpacked, target)
      if (inside.startsWith('..') || !existsSync(target) || !files.includes(inside.split(sep).join('/'))) outside.push(`${map}: ${source}`)
    }
  }
  t.same(outside, [])
})

// The package is ESM only (`"type": "module"`, import conditions only). TypeScript under node16
// resolution in a CommonJS file therefore sees every entry point as ESM that needs import()
// (attw's CJSResolvesToESM); Node 20.19+ loads it with require() all the same
// (test/commonjs.test.mjs). Those are the only problems accepted.
const ACCEPTED = ['.', ...Object.keys(manifest.exports).filter(e => e !== '.' && e !== './package.json')]
  .map(entrypoint => ({ kind: 'CJSResolvesToESM', entrypoint, resolutionKind: 'node16-cjs' }))

t.test('are the types wrong: nothing for node16 (ESM, CJS) or bundlers beyond the accepted', async t => {
  const attw = join(root, 'node_modules', '@arethetypeswrong', 'cli', 'dist', 'index.js')
  // Its report (about 150 KB of JSON) goes to a file: attw calls process.exit() when it reports a
  // problem, which on Node 24 cuts a pipe's pending output short; writes to a file are synchronous.
  const reportFile = join(tempDir('fnr-attw-'), 'report.json')
  const fd = openSync(reportFile, 'w')
  const child = spawn(process.execPath, [attw, tarball, '--format', 'json', '--profile', 'node16', '--no-definitely-typed'], { env: toolEnv(), stdio: ['ignore', fd, 'inherit'] })
  await once(child, 'exit') // exit code 1 when it reports any problem, as it does here (ACCEPTED)
  closeSync(fd)
  const report = JSON.parse(readFileSync(reportFile, 'utf8'))
  t.equal(report.analysis.types.kind, 'included', 'types ship with the package')
  const problems = Object.values(report.problems ?? {}).flat()
    .filter(p => p.resolutionKind !== 'node10') // the node16 profile ignores node10 (no exports map support)
    .map(({ kind, entrypoint, resolutionKind }) => ({ kind, entrypoint, resolutionKind }))
  const key = p => `${p.kind} ${p.entrypoint} ${p.resolutionKind}`
  t.same(problems.map(key).sort(), ACCEPTED.map(key).sort())
  for (const entry of Object.keys(manifest.exports)) {
    const resolutions = report.analysis.entrypoints[entry]?.resolutions
    t.ok(resolutions, `${entry} was analysed`)
    for (const kind of ['node16-esm', 'bundler']) {
      t.ok(resolutions?.[kind]?.resolution?.fileName, `${entry} resolves for ${kind}`)
    }
  }
})
