// Route files load unmodified on every supported Node: TypeScript syntax Node's own type stripping
// rejects, tsconfig/jsconfig paths, extensionless and directory imports, every package flavour, and
// next/* resolved to this package's own modules (same classes, same request scope).
import t from 'tap'
import Fastify from 'fastify'
import nextRoutes from '../dist/index.js'
import { serve, writeApp } from './helper.mjs'

const NEXT_ROUTE = `
import { NextResponse, NextRequest } from 'next/server'
import { cookies } from 'next/headers'
import { notFound } from 'next/navigation'
import { label } from '@/lib/label'
import { helper } from '../../lib/helper'
import { fromIndex } from '../../lib/dir'

enum Kind { A = 'a', B = 'b' }
class Box { constructor (private readonly value: string) {} get (): string { return this.value } }

export async function GET (request: NextRequest) {
  if (request.nextUrl.searchParams.has('missing')) notFound()
  ;(await cookies()).set('seen', '1')
  return NextResponse.json({
    kind: Kind.B, box: new Box('boxed').get(), label: label(), helper: helper(), fromIndex,
    isNextRequest: request instanceof NextRequest
  })
}
`
const LIB = {
  'lib/label.ts': 'export const label = (): string => "aliased"',
  'lib/helper.ts': 'export function helper (): string { return "extensionless" }',
  'lib/dir/index.ts': 'export const fromIndex: string = "index"'
}

for (const type of ['module', undefined, 'commonjs']) {
  t.test(`package type ${type ?? '(none)'}: TypeScript, aliases and next/* work`, async t => {
    const dir = writeApp({
      'package.json': JSON.stringify(type === undefined ? { name: 'x' } : { name: 'x', type }),
      'tsconfig.json': JSON.stringify({ compilerOptions: { paths: { '@/*': ['./*'] } } }),
      'app/r/route.ts': NEXT_ROUTE,
      ...LIB
    })
    const s = await serve(t, { dir })
    const res = await s.fetch('/r')
    t.equal(res.status, 200)
    t.same(JSON.parse(res.body), { kind: 'b', box: 'boxed', label: 'aliased', helper: 'extensionless', fromIndex: 'index', isNextRequest: true })
    t.equal(res.headers['set-cookie'], 'seen=1; Path=/', 'next/headers shares the request scope')
    t.equal((await s.fetch('/r?missing=1')).status, 404, 'next/navigation errors are understood')
  })
}

t.test('every route file extension, jsconfig paths and the package\'s own subpath imports', async t => {
  const dir = writeApp({
    'jsconfig.json': JSON.stringify({ compilerOptions: { paths: { '~/*': ['./src/*'] } } }),
    'src/value.js': 'export const value = "tilde"',
    'app/js/route.js': 'import { value } from "~/value"\nexport function GET () { return new Response("js " + value) }',
    'app/mjs/route.mjs': 'export function GET () { return new Response("mjs") }',
    'app/tsx/route.tsx': 'export function GET (): Response { return new Response("tsx") }',
    'app/jsx/route.jsx': 'export function GET () { return new Response("jsx") }',
    'app/own/route.ts': 'import { NextResponse } from "fastify-next-routes/server"\nexport function GET () { return NextResponse.json({ own: true }) }',
    'app/tla/route.ts': 'const v = await new Promise<string>(r => setTimeout(() => r("awaited"), 5))\nexport function GET () { return new Response(v) }'
  })
  const s = await serve(t, { dir })
  t.equal((await s.fetch('/js')).body, 'js tilde')
  for (const name of ['mjs', 'tsx', 'jsx']) t.equal((await s.fetch('/' + name)).body, name)
  t.equal((await s.fetch('/own')).body, '{"own":true}')
  t.equal((await s.fetch('/tla')).body, 'awaited')
})

t.test('a module that fails to load stops startup naming the file and the cause', async t => {
  const CASES = [
    [{ 'app/bad/route.ts': 'export function GET ( {' }, /app\/bad\/route\.ts/],
    [{ 'app/missing/route.ts': 'import { x } from "./does-not-exist"\nexport function GET () { return new Response(x) }' }, /app\/missing\/route\.ts.*does-not-exist/s],
    [{ 'app/throws/route.ts': 'throw new Error("boom at load")\nexport function GET () {}' }, /app\/throws\/route\.ts.*boom at load/s]
  ]
  for (const [files, message] of CASES) {
    const dir = writeApp(files)
    await t.rejects(async () => { await Fastify().register(nextRoutes, { dir }) }, { code: 'FST_ERR_NEXT_MODULE_LOAD', message }, String(message))
  }
})

t.test('lowercase and default exports: Next\'s warnings and 405', async t => {
  const logs = []
  const dir = writeApp({
    'app/lower/route.ts': 'export function get () { return new Response("x") }',
    'app/def/route.ts': 'export default function () { return new Response("x") }'
  })
  const s = await serve(t, { dir }, { logs })
  t.equal((await s.fetch('/lower')).status, 405)
  t.equal((await s.fetch('/def')).status, 405)
  const warnings = logs.filter(l => l.level === 40).map(l => l.msg)
  t.ok(warnings.some(m => /^Detected lowercase method 'get' in '.*lower\/route\.ts'\. Export the uppercase 'GET' method name to fix this error\.$/.test(m)))
  t.ok(warnings.some(m => /^Detected default export in '.*def\/route\.ts'\. Export a named export for each HTTP method instead\.$/.test(m)))
  t.equal(warnings.filter(m => m.startsWith('No HTTP methods exported in')).length, 2)
})
