// Image metadata routes, static metadata files and next/og, against what `next start` (16.4.6)
// answered for the same app (test/fixtures/metadata-images/recorded.json, recorded by
// scripts/record-metadata-images.mjs).
import { fileURLToPath } from 'node:url'
import { readFileSync, symlinkSync } from 'node:fs'
import { join } from 'node:path'
import { inflateSync } from 'node:zlib'
import t from 'tap'
import Fastify from 'fastify'
import nextRoutes from '../dist/index.js'
import { metadataSuffix } from '../dist/discover.js'
import { fixtures, serve, writeApp } from './helper.mjs'
import { cases } from './fixtures/metadata-images/cases.mjs'

const dir = join(fixtures, 'metadata-images')

/** writeApp, with this package's node_modules beside app/ so route files find `react`. */
function writeReactApp (files) {
  const app = writeApp(files)
  symlinkSync(fileURLToPath(new URL('../node_modules', import.meta.url)), join(app, 'node_modules'), 'dir')
  return app
}
const recorded = JSON.parse(readFileSync(join(dir, 'recorded.json'), 'utf8'))
const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

/** Width and height from IHDR after checking the whole PNG: chunk CRCs, IEND, and image data that inflates. */
function readPng (buf) {
  if (!buf.subarray(0, 8).equals(SIGNATURE)) throw new Error('no PNG signature')
  let offset = 8
  let size = null
  const idat = []
  for (;;) {
    const length = buf.readUInt32BE(offset)
    const type = buf.toString('latin1', offset + 4, offset + 8)
    const data = buf.subarray(offset + 8, offset + 8 + length)
    if (buf.readUInt32BE(offset + 8 + length) !== crc32(buf.subarray(offset + 4, offset + 8 + length))) throw new Error(`bad CRC in ${type}`)
    if (type === 'IHDR') size = { width: data.readUInt32BE(0), height: data.readUInt32BE(4) }
    if (type === 'IDAT') idat.push(data)
    offset += 12 + length
    if (type === 'IEND') break
  }
  if (offset !== buf.length) throw new Error('bytes after IEND')
  if (size === null || idat.length === 0) throw new Error('no IHDR or IDAT')
  inflateSync(Buffer.concat(idat))
  return size
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})
function crc32 (buf) {
  let c = 0xffffffff
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

t.test('recorded next start answers: status, content type, Cache-Control, x-nextjs-cache, image size, bytes', async t => {
  const s = await serve(t, { dir })
  for (const c of cases) {
    const method = c.method ?? 'GET'
    const want = recorded.cases.find(r => r.path === c.path && r.method === method)
    t.ok(want, `${method} ${c.path} was recorded`)
    const label = `${method} ${c.path}`
    const test = async () => {
      const got = await s.fetch(c.path, { method }, { raw: true })
      t.equal(got.status, want.status, `${label}: status`)
      // Not-found pages and 405s are Fastify's own; their status is what counts.
      if (want.status === 404 && want.body === undefined) return
      if (want.status === 405) return
      t.equal(got.headers['content-type'], want.contentType ?? undefined, `${label}: content-type`)
      t.equal(got.headers['cache-control'], want.cacheControl ?? undefined, `${label}: cache-control`)
      t.equal(got.headers['x-nextjs-cache'], want.nextjsCache ?? undefined, `${label}: x-nextjs-cache`)
      for (const [name, value] of Object.entries(want.headers ?? {})) t.equal(got.headers[name], value, `${label}: ${name}`)
      if (want.body !== undefined) t.equal(got.body.toString(), want.body, `${label}: body`)
      if (method === 'HEAD') return t.equal(got.body.length, 0, `${label}: no body`)
      if (c.file !== undefined) t.ok(got.body.equals(readFileSync(join(dir, 'app', c.file))), `${label}: the file's bytes`)
      if (want.png !== undefined) t.same(readPng(got.body), want.png, `${label}: a valid PNG of the recorded size`)
    }
    // A file without `import React` works through the automatic JSX runtime, as in Next.
    await test()
  }
})

t.test('the group suffix is the one Next computes', async t => {
  t.equal(metadataSuffix(''), '')
  t.equal(metadataSuffix('blog/[id]'), '')
  t.equal(metadataSuffix('(g)'), '-yj9kvg', 'next-route-handlers.md 114')
  t.equal(metadataSuffix('(group)/grouped'), '-1df4te', 'recorded')
  t.equal(metadataSuffix('@slot/x'), metadataSuffix('@slot/x'))
  t.not(metadataSuffix('@slot/x'), '')
  t.equal(metadataSuffix('@children/x'), '')
})

t.test('where metadata files are found, numbered variants, and what is not one', async t => {
  const png = readFileSync(join(dir, 'app', 'shop', 'icon.png'))
  const s = await serve(t, {
    dir: writeReactApp({
      'app/icon1.png': png,
      'app/icon2.tsx': `import { ImageResponse } from 'next/og'
        import * as React from 'react'
        export default () => new ImageResponse(React.createElement('div', { style: { display: 'flex' } }), { width: 10, height: 20 })`,
      'app/a/favicon.ico': png,
      'app/a/manifest.json': '{}',
      'app/a/robots.txt': 'x',
      'app/a/sitemap.xml': '<urlset/>',
      'app/a/icon.gif': png,
      'app/a/apple-icon.svg': '<svg/>',
      'app/a/opengraph-image12.png': png,
      'app/_private/icon.png': png,
      'app/(g)/icon.png': png,
      'app/p/[slug]/icon.png': png,
      'app/manifest.webmanifest': '{"name":"w"}'
    })
  })
  const get = path => s.fetch(path, {}, { raw: true })
  t.equal((await get('/icon1.png')).status, 200)
  const icon2 = await get('/icon2')
  t.same(readPng(icon2.body), { width: 10, height: 20 })
  for (const path of ['/a/favicon.ico', '/a/manifest.json', '/a/robots.txt', '/a/icon.gif', '/a/apple-icon.svg', '/a/opengraph-image12.png', '/_private/icon.png', '/icon.png']) {
    t.equal((await get(path)).status, 404, `${path} is not a metadata route`)
  }
  t.equal((await get('/a/sitemap.xml')).headers['content-type'], 'application/xml', 'sitemap.xml at any level')
  t.equal((await get('/icon-yj9kvg.png')).status, 200, 'in a group: suffixed')
  const dynamic = await get('/p/whatever/icon.png')
  t.equal(dynamic.status, 200, 'below a dynamic folder')
  t.ok(dynamic.body.equals(png))
  const manifest = await get('/manifest.webmanifest')
  t.equal(manifest.headers['content-type'], 'application/manifest+json')
  t.equal(manifest.body.toString(), '{"name":"w"}')
})

t.test('generateImageMetadata at the root is generated at startup; params and id are promises', async t => {
  const s = await serve(t, {
    dir: writeReactApp({
      'app/opengraph-image.tsx': `import { ImageResponse } from 'next/og'
        import * as React from 'react'
        export const generateImageMetadata = () => [{ id: 1, size: { width: 30, height: 10 } }, { id: 'two' }]
        export default async function Image ({ params, id }) {
          const p = await params
          return new ImageResponse(React.createElement('div', { style: { display: 'flex' } }), { width: 30, height: 10, headers: { 'x-id': String(await id), 'x-params': JSON.stringify(p) } })
        }`
    })
  })
  const one = await s.fetch('/opengraph-image/1', {}, { raw: true })
  t.equal(one.status, 200)
  t.equal(one.headers['x-nextjs-cache'], 'HIT', 'listed ids are generated at startup')
  t.equal(one.headers['x-id'], '1')
  t.equal(one.headers['x-params'], '{}')
  t.same(readPng(one.body), { width: 30, height: 10 })
  t.equal((await s.fetch('/opengraph-image/two')).status, 200)
  const unknown = await s.fetch('/opengraph-image/3')
  t.equal(unknown.status, 404)
  t.equal(unknown.body, 'Not Found')
  t.equal((await s.fetch('/opengraph-image')).status, 404)
})

t.test('ImageResponse: defaults, options, and its headers over ours', async t => {
  const { ImageResponse } = await import('../dist/next/og.js')
  const React = await import('react')
  const el = React.createElement('div', { style: { display: 'flex', fontSize: 20 } }, 'hi')
  const r = new ImageResponse(el)
  t.equal(r.status, 200)
  t.equal(r.headers.get('content-type'), 'image/png')
  t.equal(r.headers.get('cache-control'), 'public, max-age=0, must-revalidate')
  t.same(readPng(Buffer.from(await r.arrayBuffer())), { width: 1200, height: 630 }, 'Next\'s default size')
  const font = readFileSync(new URL('../node_modules/@vercel/og/dist/noto-sans-v27-latin-regular.ttf', import.meta.url))
  const custom = new ImageResponse(el, {
    width: 100,
    height: 50,
    fonts: [{ name: 'Custom', data: font, weight: 400, style: 'normal' }],
    debug: true,
    status: 201,
    statusText: 'Made',
    headers: { 'cache-control': 'public, max-age=60', 'x-extra': 'yes' }
  })
  t.equal(custom.status, 201)
  t.equal(custom.statusText, 'Made')
  t.equal(custom.headers.get('cache-control'), 'public, max-age=60')
  t.equal(custom.headers.get('x-extra'), 'yes')
  t.same(readPng(Buffer.from(await custom.arrayBuffer())), { width: 100, height: 50 })
  t.ok(new ImageResponse(el) instanceof Response)
  const server = await import('../dist/next/server.js')
  t.equal(server.ImageResponse, ImageResponse, 'next/server exports the same class')
})

t.test('importing next/server and next/og does not load the renderer; the first ImageResponse does', async t => {
  const { execFileSync } = await import('node:child_process')
  // @vercel/og reads its resvg.wasm when it is imported: watch for that read.
  const url = name => JSON.stringify(new URL(`../dist/next/${name}.js`, import.meta.url).href)
  const code = `
    import fs from 'node:fs'
    const read = fs.readFileSync
    const seen = []
    fs.readFileSync = function (file, ...rest) { seen.push(String(file)); return read.call(this, file, ...rest) }
    const wasm = () => seen.some(f => f.endsWith('resvg.wasm'))
    await import(${url('server')})
    const og = await import(${url('og')})
    const afterImport = wasm()
    await new og.ImageResponse({ type: 'div', props: { style: { display: 'flex' } } }, { width: 8, height: 8 }).arrayBuffer()
    console.log(JSON.stringify({ afterImport, afterRender: wasm() }))`
  const out = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8' }))
  t.equal(out.afterImport, false, 'not loaded by the imports')
  t.equal(out.afterRender, true, 'loaded to render')
})

t.test('a render failure is a coded error naming the file, before any header is sent', async t => {
  const logs = []
  const s = await serve(t, {
    dir: writeReactApp({
      'app/bad/route.tsx': `import { ImageResponse } from 'next/og'
        import * as React from 'react'
        export function GET () {
          return new ImageResponse(<div><span>a</span><span>b</span></div>)
        }`
    })
  }, { logs })
  const res = await s.fetch('/bad')
  t.equal(res.status, 500)
  const entry = logs.find(l => l.err?.code === 'FST_ERR_NEXT_OG')
  t.ok(entry, 'logged with its code')
  t.match(entry.err.message, /next\/og could not render the ImageResponse created in '.*bad\/route\.tsx': Expected <div> to have explicit "display: flex"/)
})

t.test('bad image metadata files fail at startup', async t => {
  const start = async files => {
    const app = Fastify()
    try {
      await app.register(nextRoutes, { dir: writeApp(files) }).ready()
    } finally {
      await app.close()
    }
  }
  await t.rejects(start({ 'app/icon.tsx': 'export const size = { width: 1, height: 1 }' }), { code: 'FST_ERR_NEXT_METADATA', message: /Default export is missing in ".*icon\.tsx"/ })
  await t.rejects(start({ 'app/twitter-image.png': Buffer.alloc(5 * 1024 * 1024 + 1) }), { code: 'FST_ERR_NEXT_METADATA', message: /File size for Twitter image ".*twitter-image\.png" exceeds 5MB/ })
  await t.rejects(start({ 'app/robots.txt': 'x', 'app/robots.ts': 'export default () => ({ rules: {} })' }), { code: 'FST_ERR_NEXT_ROUTE_CONFLICT' })
})

t.test('`import React from \'react\'` in every image file (a default import of a CommonJS package, already in the module cache)', async t => {
  const file = `import React from 'react'
    import { ImageResponse } from 'next/og'
    export default () => new ImageResponse(React.createElement('div', { style: { display: 'flex' } }), { width: 4, height: 4 })`
  const s = await serve(t, { dir: writeReactApp({ 'app/a/icon.tsx': file, 'app/b/icon.tsx': file }) })
  t.equal((await s.fetch('/a/icon')).status, 200)
  t.equal((await s.fetch('/b/icon')).status, 200)
})
