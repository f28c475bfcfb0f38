// Metadata routes beyond the recorded cases: every sitemap field, robots rules, where the files
// are found, config they may export, and the errors Next gives for bad ones.
import t from 'tap'
import Fastify from 'fastify'
import nextRoutes from '../dist/index.js'
import { robotsTxt, sitemapXml } from '../dist/metadata.js'
import { serve, writeApp } from './helper.mjs'

t.test('sitemap: videos, images and alternates with their namespaces', async t => {
  const xml = sitemapXml([{
    url: 'https://e.com/v',
    lastModified: '2026-01-01',
    alternates: { languages: { en: 'https://e.com/en/v', fr: 'https://e.com/fr/v' } },
    images: ['https://e.com/i.png'],
    videos: [{ title: 'T', thumbnail_loc: 'https://e.com/t.png', description: 'D', duration: 60, restriction: { relationship: 'allow', content: 'IE' }, uploader: { info: 'https://e.com/u', content: 'U' } }]
  }])
  t.equal(xml, [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:image="http://www.google.com/schemas/sitemap-image/1.1" xmlns:video="http://www.google.com/schemas/sitemap-video/1.1" xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    '<url>',
    '<loc>https://e.com/v</loc>',
    '<xhtml:link rel="alternate" hreflang="en" href="https://e.com/en/v" />',
    '<xhtml:link rel="alternate" hreflang="fr" href="https://e.com/fr/v" />',
    '<image:image>',
    '<image:loc>https://e.com/i.png</image:loc>',
    '</image:image>',
    '<video:video>',
    '<video:title>T</video:title>',
    '<video:thumbnail_loc>https://e.com/t.png</video:thumbnail_loc>',
    '<video:description>D</video:description>',
    '<video:duration>60</video:duration>',
    '<video:restriction relationship="allow">IE</video:restriction>',
    '<video:uploader info="https://e.com/u">U</video:uploader>',
    '</video:video>',
    '<lastmod>2026-01-01</lastmod>',
    '</url>',
    '</urlset>',
    ''
  ].join('\n'))
  t.equal(sitemapXml([]), '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n</urlset>\n')
})

t.test('robots: default agent, other fields, several sitemaps', async t => {
  t.equal(robotsTxt({ rules: { allow: '/' } }), 'User-Agent: *\nAllow: /\n\n')
  t.equal(robotsTxt({ rules: [{ userAgent: 'A', other: { 'Clean-param': ['a', 'b'], Skip: null } }], sitemap: ['https://e.com/1.xml', 'https://e.com/2.xml'] }),
    'User-Agent: A\nClean-param: a\nClean-param: b\n\nSitemap: https://e.com/1.xml\nSitemap: https://e.com/2.xml\n')
})

t.test('nested sitemap, config exports, and robots/manifest only at the root', async t => {
  const s = await serve(t, {
    dir: writeApp({
      'app/blog/sitemap.ts': `
        export const dynamic = 'force-dynamic'
        export default function () { return [{ url: 'https://e.com/blog/' + crypto.randomUUID() }] }`,
      'app/blog/robots.ts': 'export default function () { return { rules: { allow: "/" } } }',
      'app/manifest.js': 'export default function () { return { name: "js manifest" } }'
    })
  })
  const a = await s.fetch('/blog/sitemap.xml')
  const b = await s.fetch('/blog/sitemap.xml')
  t.equal(a.status, 200)
  t.equal(a.headers['content-type'], 'application/xml')
  t.equal(a.headers['x-nextjs-cache'], undefined, 'force-dynamic: generated per request')
  t.not(a.body, b.body)
  t.equal((await s.fetch('/blog/robots.txt')).status, 404, 'robots.ts below the root is not a metadata route')
  const manifest = await s.fetch('/manifest.webmanifest')
  t.equal(manifest.body, '{"name":"js manifest"}')
  t.equal(manifest.headers['content-type'], 'application/manifest+json')
})

t.test('bad metadata files fail clearly', async t => {
  const start = async files => {
    const app = Fastify()
    try {
      await app.register(nextRoutes, { dir: writeApp(files) }).ready()
    } finally {
      await app.close()
    }
  }
  await t.rejects(start({ 'app/sitemap.ts': 'export const x = 1' }), { code: 'FST_ERR_NEXT_METADATA', message: /Default export is missing in ".*sitemap\.ts"/ })
  await t.rejects(start({
    'app/sitemap.ts': 'export function generateSitemaps () { return [{ id: 1 }, {}] }\nexport default function () { return [] }'
  }), { code: 'FST_ERR_NEXT_PRERENDER', message: /id property is required for every item returned from generateSitemaps/ })
  await t.rejects(start({
    'app/robots.ts': 'export default function () { return { rules: {} } }',
    'app/robots.txt/route.ts': 'export function GET () { return new Response("x") }'
  }), { code: 'FST_ERR_NEXT_ROUTE_CONFLICT', message: /\/robots\.txt/ }, 'robots.ts beside a robots.txt route')
})

t.test('a robots.txt route file alone is served as written (spec 118)', async t => {
  const s = await serve(t, { dir: writeApp({ 'app/robots.txt/route.ts': 'export function GET () { return new Response("User-Agent: *\\nDisallow: /\\n") }' }) })
  t.equal((await s.fetch('/robots.txt')).body, 'User-Agent: *\nDisallow: /\n')
})
