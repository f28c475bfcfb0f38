// Stale draft/preview cookies are expired before the route runs, as next start does (the recorded
// case is in the conformance suite); a valid draft session is left alone.
import t from 'tap'
import { stalePreviewCookies } from '../dist/preview.js'
import { serve, writeApp } from './helper.mjs'

const ID = 'id-of-this-build'

t.test('which cookie headers end a preview session', async t => {
  const table = [
    [undefined, false],
    ['a=1; b=2', false],
    [`__prerender_bypass=${ID}`, false],
    [`a=1; __prerender_bypass=${ID}; b=2`, false],
    ['__prerender_bypass=', false],
    ['__prerender_bypass=; __next_preview_data=', false],
    ['__prerender_bypass=old-build', true],
    ['__next_preview_data=token', true],
    [`__prerender_bypass=${ID}; __next_preview_data=token`, true],
    ['x__prerender_bypass=1', false]
  ]
  for (const [header, stale] of table) {
    const lines = stalePreviewCookies(header, ID)
    t.equal(lines !== null, stale, String(header))
    if (lines !== null) t.same(lines.map(l => l.split('=')[0]), ['__prerender_bypass', '__next_preview_data'])
  }
})

t.test('over HTTP: the expiring lines come before the route\'s own cookies', async t => {
  const dir = writeApp({
    'app/route.ts': `
      import { draftMode } from 'next/headers'
      export async function GET () {
        const on = (await draftMode()).isEnabled
        return new Response(String(on), { headers: { 'set-cookie': 'own=1; Path=/' } })
      }`
  })
  const { fetch } = await serve(t, { dir, previewModeId: ID })
  const stale = await fetch('/', { headers: { cookie: '__prerender_bypass=old' } })
  t.equal(stale.body, 'false')
  t.same(stale.headers['set-cookie'].map(l => l.split('=')[0]), ['__prerender_bypass', '__next_preview_data', 'own'])
  const valid = await fetch('/', { headers: { cookie: `__prerender_bypass=${ID}` } })
  t.equal(valid.body, 'true')
  t.equal(valid.headers['set-cookie'], 'own=1; Path=/')
})
