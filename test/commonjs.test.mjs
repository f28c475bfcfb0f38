// CommonJS consumers: require('fastify-next-routes') works on every supported Node (20.19+, where
// require() of ES modules is on by default), and the plugin serves from a CommonJS server file.
import t from 'tap'
import { execFile } from 'node:child_process'
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { tempDir } from './helper.mjs'

const root = fileURLToPath(new URL('..', import.meta.url))
const run = promisify(execFile)

t.test('a CommonJS server requires the plugin and serves a route file', async t => {
  const dir = tempDir('fnr-cjs-')
  mkdirSync(join(dir, 'node_modules'))
  symlinkSync(root, join(dir, 'node_modules', 'fastify-next-routes'), 'dir')
  symlinkSync(join(root, 'node_modules', 'fastify'), join(dir, 'node_modules', 'fastify'), 'dir')
  mkdirSync(join(dir, 'app', 'hello'), { recursive: true })
  writeFileSync(join(dir, 'app', 'hello', 'route.ts'), "export const GET = () => Response.json({ from: 'cjs' })")
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'cjs-consumer', private: true, type: 'commonjs' }))
  writeFileSync(join(dir, 'server.js'), `'use strict'
const Fastify = require('fastify')
const nextRoutes = require('fastify-next-routes').default
const { errorCodes } = require('fastify-next-routes')
if (typeof errorCodes.FST_ERR_NEXT_OPTIONS !== 'function') throw new Error('named exports missing')
async function main () {
  const app = Fastify()
  await app.register(nextRoutes, { dir: __dirname })
  const res = await app.inject('/hello')
  process.stdout.write(res.body)
  await app.close()
}
main().catch(err => { console.error(err); process.exit(1) })
`)
  const { stdout } = await run(process.execPath, [join(dir, 'server.js')], { cwd: dir })
  t.same(JSON.parse(stdout), { from: 'cjs' })
})
