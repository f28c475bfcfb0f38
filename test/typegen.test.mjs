// `fastify-next-routes typegen`: the generated .d.ts makes route files type-check with tsc and no
// `next` installed, and really types params (a wrong param name fails).
import t from 'tap'
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { renderTypes } from '../dist/typegen.js'
import { toolEnv } from './helper.mjs'

const run = promisify(execFile)
const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const cli = join(root, 'dist', 'cli.js')
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc')
// The subtests wait on tsc processes of their own folders: run them side by side.
t.jobs = 3

t.test('params map and RouteContext, as next typegen writes them', async t => {
  const dir = mkdtempSync(join(root, 'test', '.typegen-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  for (const file of ['app/route.ts', 'app/users/[id]/route.ts', 'app/docs/[...slug]/route.ts', 'app/opt/[[...rest]]/route.ts', 'app/sitemap.ts']) {
    mkdirSync(join(dir, dirname(file)), { recursive: true })
    writeFileSync(join(dir, file), '')
  }
  const text = renderTypes(dir)
  t.match(text, /type AppRouteHandlerRoutes = "\/" \| "\/docs\/\[\.\.\.slug\]" \| "\/opt\/\[\[\.\.\.rest\]\]" \| "\/users\/\[id\]"/)
  t.match(text, /"\/users\/\[id\]": \{ "id": string; \}/)
  t.match(text, /"\/docs\/\[\.\.\.slug\]": \{ "slug": string\[\]; \}/)
  t.match(text, /"\/opt\/\[\[\.\.\.rest\]\]": \{ "rest"\?: string\[\]; \}/)
  t.notMatch(text, /sitemap/, 'metadata routes take no RouteContext')
  t.notMatch(text, /^(import|export) /m, 'a script file: its declarations are global')
})

t.test('the examples type-check with tsc after typegen', async t => {
  for (const example of ['examples', 'examples/express-migration']) {
    const dir = join(root, example)
    const { stdout } = await run(process.execPath, [cli, 'typegen', dir])
    t.match(stdout, /wrote .*next-routes\.d\.ts/)
    const result = await run(process.execPath, [tsc, '--noEmit', '-p', join(dir, 'tsconfig.json')], { env: toolEnv() }).then(() => ({ code: 0, out: '' }), err => ({ code: err.code, out: err.stdout }))
    t.equal(result.code, 0, `tsc --noEmit -p ${example}/tsconfig.json${result.out ? '\n' + result.out : ''}`)
  }
})

t.test('a wrong param name does not type-check', async t => {
  const dir = mkdtempSync(join(root, 'test', '.typegen-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  mkdirSync(join(dir, 'app', 'users', '[id]'), { recursive: true })
  writeFileSync(join(dir, 'app', 'users', '[id]', 'route.ts'), `
    import { NextResponse, type NextRequest } from 'next/server'
    export async function GET (_request: NextRequest, ctx: RouteContext<'/users/[id]'>) {
      const { nope } = await ctx.params
      return NextResponse.json({ nope })
    }`)
  writeFileSync(join(dir, 'tsconfig.json'), readFileSync(join(root, 'examples', 'express-migration', 'tsconfig.json')))
  await run(process.execPath, [cli, 'typegen', dir])
  const result = await run(process.execPath, [tsc, '--noEmit', '-p', join(dir, 'tsconfig.json')], { env: toolEnv() }).then(() => ({ code: 0, out: '' }), err => ({ code: err.code, out: err.stdout }))
  t.not(result.code, 0)
  t.match(result.out, /Property 'nope' does not exist/)
})
