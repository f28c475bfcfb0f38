import t from 'tap'
import { join } from 'node:path'
import { discoverRoutes, findAppDir } from '../dist/discover.js'
import { writeApp } from './helper.mjs'

const R = 'export function GET () { return new Response("x") }\n'

function patterns (files) {
  const dir = writeApp(files)
  return discoverRoutes(findAppDir(dir)).map(r => [r.pattern, r.relativeFile])
}

t.test('folders to patterns', async t => {
  t.same(patterns({
    'app/route.ts': R,
    'app/echo/route.ts': R,
    'app/(grp)/grouped/route.js': R,
    'app/@slot/s/route.mjs': R,
    'app/_private/route.ts': R,
    'app/_private/deep/route.ts': R,
    'app/%5Fescaped/route.ts': R,
    'app/api/hello.json/route.ts': R,
    'app/params/[id]/route.tsx': R,
    'app/catch/[...slug]/route.jsx': R,
    'app/opt/[[...slug]]/route.ts': R,
    'app/echo/helper.ts': 'export const x = 1',
    'app/notroute/page.tsx': 'export default function P () {}'
  }), [
    ['/', 'route.ts'],
    ['/_escaped', '%5Fescaped/route.ts'],
    ['/api/hello.json', 'api/hello.json/route.ts'],
    ['/catch/[...slug]', 'catch/[...slug]/route.jsx'],
    ['/echo', 'echo/route.ts'],
    ['/grouped', '(grp)/grouped/route.js'],
    ['/opt/[[...slug]]', 'opt/[[...slug]]/route.ts'],
    ['/params/[id]', 'params/[id]/route.tsx'],
    ['/s', '@slot/s/route.mjs']
  ])
})

t.test('src/app is found when there is no app/', async t => {
  const dir = writeApp({ 'src/app/x/route.ts': R })
  t.equal(findAppDir(dir), join(dir, 'src', 'app'))
  t.throws(() => findAppDir(writeApp({ 'other/route.ts': R })), { code: 'FST_ERR_NEXT_NO_APP_DIR', message: /Point the `dir` option/ })
})

t.test('startup conflicts name both files and the fix', async t => {
  const CASES = [
    [{ 'app/x/route.ts': R, 'app/x/page.tsx': 'export default () => null' },
      /Conflicting route and page at \/x: route at x\/route\.ts and page at x\/page\.tsx\. Move the route file/],
    [{ 'app/(a)/y/route.ts': R, 'app/(b)/y/route.ts': R },
      /Conflicting routes at \/y: route at \(a\)\/y\/route\.ts and route at \(b\)\/y\/route\.ts/],
    [{ 'app/z/[a]/route.ts': R, 'app/z/[b]/q/route.ts': R },
      /different slug names for the same dynamic path \('a' !== 'b'\): z\/\[a\]\/route\.ts and z\/\[b\]\/q\/route\.ts/],
    [{ 'app/o/route.ts': R, 'app/o/[[...s]]/route.ts': R },
      /same specificity as an optional catch-all route \("\/o" and "\/o\/\[\[\.\.\.s\]\]"\): o\/route\.ts and o\/\[\[\.\.\.s\]\]\/route\.ts/],
    [{ 'app/w/[...a]/route.ts': R, 'app/w/[[...b]]/route.ts': R },
      /both a required and optional catch-all route at the same level/],
    [{ 'app/d/route.ts': R, 'app/d/route.js': R }, /Conflicting route files at \/d: d\/route\.js and d\/route\.ts/],
    [{ 'app/s/route.ts': R, 'app/@slot/s/route.ts': R }, /Conflicting routes at \/s/]
  ]
  for (const [files, message] of CASES) {
    t.throws(() => discoverRoutes(findAppDir(writeApp(files))), { code: 'FST_ERR_NEXT_ROUTE_CONFLICT', message }, String(message))
  }
})

t.test('invalid segments name the folder', async t => {
  const CASES = [
    [{ 'app/c/[...a]/[b]/route.ts': R }, /Catch-all must be the last part of the URL in route "\/c\/\[\.\.\.a\]\/\[b\]"\. Rename the folder of c\/\[\.\.\.a\]\/\[b\]\/route\.ts/],
    [{ 'app/g/[[x]]/route.ts': R }, /Optional route parameters are not yet supported \("\[\[x\]\]"\)\. Rename the folder 'g\/\[\[x\]\]'/],
    [{ 'app/h/[id]/[id]/route.ts': R }, /same slug name "id" repeat/]
  ]
  for (const [files, message] of CASES) {
    t.throws(() => discoverRoutes(findAppDir(writeApp(files))), { code: 'FST_ERR_NEXT_SEGMENT_INVALID', message }, String(message))
  }
})
