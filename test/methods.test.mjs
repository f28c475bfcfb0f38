import t from 'tap'
import { allowHeader, buildMethodTable, readModuleMethods } from '../dist/methods.js'

const fn = () => new Response('x')

t.test('automatic Allow is sorted, with HEAD when GET exists', async t => {
  const CASES = [
    [{ GET: fn }, 'GET, HEAD, OPTIONS'],
    [{ POST: fn }, 'OPTIONS, POST'],
    [{ GET: fn, POST: fn, PUT: fn, PATCH: fn, DELETE: fn }, 'DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT'],
    [{}, 'OPTIONS']
  ]
  for (const [handlers, allow] of CASES) t.equal(allowHeader(handlers), allow, allow)
})

t.test('method table', async t => {
  const get = () => new Response('get')
  const head = () => new Response(null)
  const table = buildMethodTable({ GET: get }, ['TRACE', 'QUERY'])
  t.same(table.GET, { kind: 'call', fn: get })
  t.same(table.HEAD, { kind: 'call', fn: get }, 'HEAD runs GET')
  t.same(table.OPTIONS, { kind: 'options', allow: 'GET, HEAD, OPTIONS' })
  for (const m of ['POST', 'PUT', 'PATCH', 'DELETE']) t.same(table[m], { kind: 'status', status: 405 }, m)
  t.same(table.TRACE, { kind: 'status', status: 400 })
  t.same(table.QUERY, { kind: 'status', status: 400 })
  t.same(buildMethodTable({ GET: get, HEAD: head }, []).HEAD, { kind: 'call', fn: head }, 'explicit HEAD wins')
  const options = () => new Response('o')
  t.same(buildMethodTable({ OPTIONS: options }, []).OPTIONS, { kind: 'call', fn: options })
  t.same(buildMethodTable({}, []).HEAD, { kind: 'status', status: 405 }, 'no GET: HEAD is 405')
})

t.test('module exports and Next-worded warnings', async t => {
  const ok = readModuleMethods({ GET: fn, POST: fn, dynamic: 'force-dynamic' }, '/a/route.ts')
  t.same(Object.keys(ok.handlers).sort(), ['GET', 'POST'])
  t.same(ok.warnings, [])
  const lower = readModuleMethods({ get: fn }, '/l/route.ts')
  t.same(lower.handlers, {})
  t.same(lower.warnings, [
    "Detected lowercase method 'get' in '/l/route.ts'. Export the uppercase 'GET' method name to fix this error.",
    "No HTTP methods exported in '/l/route.ts'. Export a named export for each HTTP method."
  ])
  const def = readModuleMethods({ default: fn }, '/d/route.ts')
  t.same(def.warnings, [
    "Detected default export in '/d/route.ts'. Export a named export for each HTTP method instead.",
    "No HTTP methods exported in '/d/route.ts'. Export a named export for each HTTP method."
  ])
  t.same(readModuleMethods({ GET: 'not a function' }, '/x').handlers, {}, 'non-functions are ignored')
})
