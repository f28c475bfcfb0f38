#!/usr/bin/env node
// Re-record test/fixtures/metadata-images/recorded.json from a real `next start` (Next.js 16.4.6):
// copy the fixture app to a temporary folder (with a layout and pages, to see the <head> tags),
// install Next there, build, start, request every case. Needs the npm registry; not part of CI.
// Run with `node scripts/record-metadata-images.mjs`.
import { execFileSync } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startNext } from './next-start.mjs'
import { cases, pages } from '../test/fixtures/metadata-images/cases.mjs'

const NEXT_VERSION = '16.4.6'
const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const fixture = join(root, 'test', 'fixtures', 'metadata-images')
const work = mkdtempSync(join(tmpdir(), 'fnr-metadata-images-'))
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' }


/** width and height from a PNG's IHDR, or null when the body is not a PNG */
export function pngSize (buf) {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
  if (buf.length < 24 || !buf.subarray(0, 8).equals(signature) || buf.toString('latin1', 12, 16) !== 'IHDR') return null
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) }
}

async function request (origin, c) {
  const res = await fetch(origin + c.path, { method: c.method ?? 'GET', redirect: 'manual' })
  const body = Buffer.from(await res.arrayBuffer())
  const out = {
    status: res.status,
    contentType: res.headers.get('content-type'),
    cacheControl: res.headers.get('cache-control'),
    nextjsCache: res.headers.get('x-nextjs-cache'),
    length: body.length
  }
  const png = pngSize(body)
  if (png !== null) out.png = png
  if (c.file !== undefined && res.status === 200) out.sameBytes = body.equals(readFileSync(join(fixture, 'app', c.file)))
  if (c.file === undefined && out.contentType?.startsWith('text/plain') && body.length < 500) out.body = body.toString()
  for (const name of ['x-product', 'x-image-id', 'location']) if (res.headers.has(name)) (out.headers ??= {})[name] = res.headers.get(name)
  return out
}

// The <link> and <meta> tags Next writes for metadata files.
function headTags (html) {
  return (html.match(/<(link|meta)\b[^>]*>/g) ?? [])
    .filter(tag => /icon|og:image|twitter:image|manifest/.test(tag))
}

const layout = `export default function RootLayout ({ children }: { children: React.ReactNode }) {
  return <html lang="en"><body>{children}</body></html>
}
`
const page = (text) => `export default function Page () { return <p>${text}</p> }\n`

let stop = () => {}
try {
  cpSync(join(fixture, 'app'), join(work, 'app'), { recursive: true })
  writeFileSync(join(work, 'app', 'layout.tsx'), layout)
  writeFileSync(join(work, 'app', 'page.tsx'), page('home'))
  writeFileSync(join(work, 'app', 'blog', 'page.tsx'), page('blog'))
  writeFileSync(join(work, 'app', 'products', '[id]', 'page.tsx'), page('product'))
  writeFileSync(join(work, 'package.json'), JSON.stringify({ name: 'metadata-images-fixture', private: true }))
  console.log(`installing next@${NEXT_VERSION} in ${work}`)
  execFileSync('npm', ['install', '--no-audit', '--no-fund', `next@${NEXT_VERSION}`, 'react', 'react-dom', 'typescript', '@types/react', '@types/node'], { cwd: work, stdio: 'inherit', env })
  execFileSync('npx', ['next', 'build'], { cwd: work, stdio: 'inherit', env })
  const next = await startNext(work, '/robots.txt', env)
  stop = next.stop
  const origin = next.origin
  const recorded = []
  for (const c of cases) {
    const res = await request(origin, c)
    recorded.push({ method: c.method ?? 'GET', path: c.path, ...res })
    console.log(`${res.status} ${c.method ?? 'GET'} ${c.path} ${res.contentType} | ${res.cacheControl}${res.png ? ` | ${res.png.width}x${res.png.height}` : ''}`)
  }
  const head = {}
  for (const path of pages) head[path] = headTags(await (await fetch(origin + path)).text())
  const out = { next: NEXT_VERSION, node: process.version, recordedAt: new Date().toISOString(), cases: recorded, head }
  mkdirSync(fixture, { recursive: true })
  writeFileSync(join(fixture, 'recorded.json'), JSON.stringify(out, null, 2) + '\n')
  console.log(`recorded ${recorded.length} cases`)
} finally {
  stop()
  rmSync(work, { recursive: true, force: true })
}
