// The published types type-check in a consumer project with skipLibCheck off, under each module
// resolution a TypeScript project may use, and name no optional peer (ioredis).
import t from 'tap'
import { execFile } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { toolEnv } from './helper.mjs'

const root = fileURLToPath(new URL('..', import.meta.url))
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc')
const run = promisify(execFile)

const CONSUMER = `import Fastify from 'fastify'
import nextRoutes, { memoryStore, errorCodes, type FastifyNextRoutesOptions, type RedisStoreOptions } from 'fastify-next-routes'
import { NextResponse, type NextRequest } from 'fastify-next-routes/server'
import type { NextConfig } from 'fastify-next-routes/next'

const app = Fastify()
const options: FastifyNextRoutesOptions = { dir: '.', cache: memoryStore(), prefix: '/app' }
await app.register(nextRoutes, options)
app.addHook('onRequest', async (request) => { const file: string | undefined = request.routeOptions.config.nextFile; void file })
const redis: RedisStoreOptions = { url: 'redis://127.0.0.1:6379' }
const config: NextConfig = { basePath: '/docs', async redirects () { return [{ source: '/a', destination: '/b', permanent: true }] } }
const code: string = new errorCodes.FST_ERR_NEXT_OPTIONS('x').code
export function GET (request: NextRequest): Response { return NextResponse.json({ path: request.nextUrl.pathname, redis, config, code }) }
`

// One consumer folder per mode, kept between runs (under node_modules/.cache, like other tools'
// caches) with tsc's incremental state in it: a rerun checks again only what changed (our
// dist/*.d.ts, a dependency's types), about 3 s instead of 12 s of CPU per mode. tsc reports every
// file's diagnostics either way, the cached ones included; a fresh clone checks everything.
function consumer (mode) {
  const dir = join(root, 'node_modules', '.cache', 'fastify-next-routes', `types-${mode}`)
  mkdirSync(join(dir, 'node_modules', '@types'), { recursive: true })
  // The package as a dependency (its package.json exports and dist/*.d.ts), and what a consumer installs.
  const link = (target, at) => { if (!existsSync(at)) symlinkSync(target, at, 'dir') }
  link(root, join(dir, 'node_modules', 'fastify-next-routes'))
  link(join(root, 'node_modules', 'fastify'), join(dir, 'node_modules', 'fastify'))
  link(join(root, 'node_modules', '@types', 'node'), join(dir, 'node_modules', '@types', 'node'))
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }))
  writeFileSync(join(dir, 'index.ts'), CONSUMER)
  return dir
}

const MODES = [['node16', 'node16'], ['nodenext', 'nodenext'], ['esnext', 'bundler']]
// Each mode is its own tsc process (one program per module resolution): run them side by side.
t.jobs = MODES.length

for (const [module, resolution] of MODES) {
  t.test(`moduleResolution ${resolution}, skipLibCheck false`, async t => {
    const dir = consumer(module)
    const args = [tsc, '--noEmit', '--strict', '--skipLibCheck', 'false', '--target', 'es2022', '--module', module, '--moduleResolution', resolution, '--types', 'node',
      '--incremental', '--tsBuildInfoFile', join(dir, 'tsc.tsbuildinfo'), 'index.ts']
    const result = await run(process.execPath, args, { cwd: dir, env: toolEnv() }).then(() => ({ code: 0, stdout: '' }), e => e)
    t.equal(result.code, 0, result.stdout)
  })
}

t.test('the published types import no optional peer', async t => {
  const files = []
  const walk = dir => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name)
      if (entry.isDirectory()) walk(path)
      else if (entry.name.endsWith('.d.ts')) files.push(path)
    }
  }
  walk(join(root, 'dist'))
  t.ok(files.length > 10)
  const importing = files.filter(file => /from ['"]ioredis['"]|import\(['"]ioredis['"]\)/.test(readFileSync(file, 'utf8')))
  t.same(importing, [])
})
