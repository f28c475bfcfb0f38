// Every code sample of README.md and docs/*.md runs. Each fenced js/ts block is taken from the file
// as written and run where a reader would put it, in a folder whose path has a space:
// - a program (it imports something): run with node as a module beside app folders named as the
//   samples name them ('.', './web', './my-next-app'); `app.listen(...)` is made to listen on a free
//   loopback port and close, so the program ends;
// - a fragment (no imports: `app.setErrorHandler(...)`): run after a prelude that gives it `app`,
//   `nextRoutes`, `dir` and `options`, and whatever it does not import itself;
// - a file (`// proxy.ts`, `// next.config.mjs`, or a route file: `export … GET`/`export const
//   schema`): written into an app folder at its place, and the folder served by the plugin, which
//   must start.
// A block after `<!-- docs-samples: not run (reason) -->` is listed with its reason and not run.
import t from 'tap'
import { execFile } from 'node:child_process'
import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { serve, tempDir } from './helper.mjs'

const root = fileURLToPath(new URL('..', import.meta.url))
const run = promisify(execFile)
// Each sample runs in a workspace of its own, most in a node process of their own: side by side.
t.jobs = 3
const files = ['README.md', ...readdirSync(join(root, 'docs')).filter(f => f.endsWith('.md')).map(f => `docs/${f}`)]
const FENCE = /(<!-- docs-samples: not run \(([^)]*)\) -->\n)?^```(js|ts|mjs|tsx)\n([\s\S]*?)^```/gm

const samples = []
for (const file of files) {
  const text = readFileSync(join(root, file), 'utf8')
  for (const m of text.matchAll(FENCE)) {
    const line = text.slice(0, m.index).split('\n').length + (m[1] ? 1 : 0)
    samples.push({ where: `${file}:${line}`, lang: m[3], code: m[4], notRun: m[2] })
  }
}

const ROUTE = "export function GET () { return Response.json({ ok: true }) }\n"
function appFolder (dir) {
  mkdirSync(join(dir, 'app', 'api', 'hello'), { recursive: true })
  writeFileSync(join(dir, 'app', 'api', 'hello', 'route.ts'), ROUTE)
}

// A folder with a space in its path, the package and its peers resolvable from it.
function workspace () {
  const dir = tempDir('fnr docs ')
  mkdirSync(join(dir, 'node_modules'))
  symlinkSync(root, join(dir, 'node_modules', 'fastify-next-routes'), 'dir')
  for (const name of readdirSync(join(root, 'node_modules'))) {
    if (name === 'fastify-next-routes' || name.startsWith('.')) continue
    symlinkSync(join(root, 'node_modules', name), join(dir, 'node_modules', name), 'dir')
  }
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'docs-sample', private: true, type: 'module' }))
  for (const sub of ['.', 'web', 'my-next-app', 'my-app']) appFolder(join(dir, sub))
  return dir
}

const importsOf = code => new Set([...code.matchAll(/^import\s+(?:(\w+)\s*,?\s*)?(?:\{([^}]*)\})?/gm)].flatMap(m => [m[1], ...(m[2] ?? '').split(',').map(s => s.replace(/\btype\b/, '').split(' as ').pop().trim())]).filter(Boolean))
const isFile = s => /^\/\/ (proxy|middleware|next\.config)\.\w+/.test(s.code) || /^export (async )?function (GET|POST)|^export const schema/m.test(s.code)
const isProgram = s => /^import\s/m.test(s.code)

// `await app.listen(...)` stands on a line of its own in every sample (its arguments may nest).
const listening = code => code.replace(/^await app\.listen\(.*\)\s*$/gm, "await app.listen({ port: 0, host: '127.0.0.1' }); await app.close()")

t.test('every sample is run or says why not', async t => {
  const notRun = samples.filter(s => s.notRun !== undefined)
  for (const s of notRun) t.comment(`not run: ${s.where}: ${s.notRun}`)
  t.ok(samples.length >= 10, `${samples.length} samples found`)
  t.ok(notRun.length <= 1, 'at most the one Express "before" sample is not run')
})

for (const sample of samples.filter(s => s.notRun === undefined)) {
  t.test(sample.where, async t => {
    const dir = workspace()
    if (isFile(sample)) {
      const name = /^\/\/ ((?:proxy|middleware|next\.config)\.\w+)/.exec(sample.code)?.[1]
      const route = sample.code.includes("RouteContext<'/users/[id]'>") ? 'app/users/[id]/route.ts' : 'app/sample/route.ts'
      const at = join(dir, name ?? route)
      mkdirSync(dirname(at), { recursive: true })
      // A route file sample that shows only its schema gets a handler to describe.
      writeFileSync(at, sample.code + (/^export (async )?function/m.test(sample.code) || name !== undefined ? '' : ROUTE))
      const s = await serve(t, { dir })
      t.equal((await s.fetch('/api/hello')).status, 200, 'the app with the sample in it starts and serves')
      return
    }
    // A sample that serves a build (docs/api.md, Builds) runs after the build the docs show.
    if (/\bbuild: true\b/.test(sample.code)) await run(process.execPath, [join(root, 'dist', 'cli.js'), 'build', join(dir, 'my-app')])
    const imported = importsOf(sample.code)
    const prelude = [
      imported.has('Fastify') ? '' : "import Fastify from 'fastify'",
      imported.has('nextRoutes') ? '' : "import nextRoutes from 'fastify-next-routes'",
      /\bconst app\b/.test(sample.code) ? '' : 'const app = Fastify()',
      /\bconst dir\b/.test(sample.code) ? '' : `const dir = ${JSON.stringify(dir)}`,
      /\bconst options\b/.test(sample.code) ? '' : 'const options = {}'
    ].filter(Boolean)
    // Imports first (a module's imports are hoisted anyway), then the prelude, then the code.
    const body = listening(sample.code)
    const importLines = body.split('\n').filter(l => /^import\s/.test(l))
    const rest = body.split('\n').filter(l => !/^import\s/.test(l))
    const ends = isProgram(sample) && /app\.listen/.test(sample.code) ? '' : '\nawait app.ready()\nawait app.close()'
    const file = join(dir, 'sample.mjs')
    writeFileSync(file, [...importLines.filter(l => !prelude.includes(l)), ...prelude, ...rest].join('\n') + ends + '\n')
    const result = await run(process.execPath, [file], { cwd: dir, timeout: 60_000 }).then(() => ({ code: 0, stderr: '' }), e => e)
    t.equal(result.code, 0, `runs to the end${result.stderr ? `: ${result.stderr.slice(0, 800)}` : ''}`)
  })
}
