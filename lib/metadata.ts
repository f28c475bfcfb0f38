// Metadata files turned into route modules, as Next's metadata loader does (next-route-handlers.md
// 112-117, test/fixtures/metadata-images/recorded.json): sitemap.ts, robots.ts and manifest.ts get a
// GET that calls the default export and serialises what it returns in Next's format; an image module
// (icon.tsx, opengraph-image.tsx, …) gets a GET that returns what its default export returns (an
// ImageResponse); a static file (favicon.ico, icon.png, robots.txt, …) gets a GET that sends its
// bytes, read once at startup. Content types and Cache-Control are Next's.
import { readFileSync } from 'node:fs'
import { basename } from 'node:path'
import type { MetadataKind, RouteEntry } from './discover.js'
import { FST_ERR_NEXT_METADATA } from './errors.js'
import { toPattern, type UrlSegment } from './segments.js'

type TextKind = 'sitemap' | 'robots' | 'manifest'
const CONTENT_TYPE: Record<TextKind, string> = {
  sitemap: 'application/xml',
  robots: 'text/plain',
  manifest: 'application/manifest+json'
}
const CACHE_CONTROL = 'public, max-age=0, must-revalidate'
const ID_PARAM = '__metadata_id__'

// Config exports a metadata file may carry, passed on to the generated route module.
const CONFIG_EXPORTS = ['dynamic', 'revalidate', 'dynamicParams', 'fetchCache', 'runtime', 'preferredRegion', 'maxDuration']

type Fn = (...args: unknown[]) => unknown
const list = <T>(value: T | T[] | undefined): T[] => value === undefined ? [] : Array.isArray(value) ? value : [value]

/** The route module and URL of one metadata file (`mod` is ignored for a static file). */
export function metadataRoute (entry: RouteEntry & { metadata: MetadataKind }, mod: Record<string, unknown>): { entry: RouteEntry, module: Record<string, unknown> } {
  if (entry.staticFile === true) return { entry, module: staticFileRoute(entry) }
  const produce = mod.default
  if (typeof produce !== 'function') {
    throw new FST_ERR_NEXT_METADATA(`Default export is missing in "${entry.file}". Export the function that returns your ${entry.metadata} data as default.`)
  }
  if (entry.metadata !== 'sitemap' && entry.metadata !== 'robots' && entry.metadata !== 'manifest') {
    return imageRoute(entry, mod, produce as Fn)
  }
  const kind: TextKind = entry.metadata
  const headers = { 'content-type': CONTENT_TYPE[kind], 'cache-control': CACHE_CONTROL }
  const out: Record<string, unknown> = { dynamic: 'force-static' }
  for (const name of CONFIG_EXPORTS) if (mod[name] !== undefined) out[name] = mod[name]

  const generateSitemaps = mod.generateSitemaps
  if (kind !== 'sitemap' || typeof generateSitemaps !== 'function') {
    out.GET = async () => new Response(serialise(kind, await (produce as Fn)()), { headers })
    return { entry, module: out }
  }

  // generateSitemaps(): /<dir>/sitemap/<id>.xml, one per id; the default export gets { id } (a promise in 16).
  const segments: UrlSegment[] = [...entry.segments.slice(0, -1), { kind: 'static', value: 'sitemap' }, { kind: 'dynamic', value: ID_PARAM }]
  const ids = async (): Promise<string[]> => {
    const items = await (generateSitemaps as Fn)()
    return list(items as Array<{ id?: unknown }>).map(item => {
      if (item?.id == null) throw new Error('id property is required for every item returned from generateSitemaps')
      return String(item.id)
    })
  }
  out.generateStaticParams = async () => (await ids()).map(id => ({ [ID_PARAM]: id + '.xml' }))
  out.GET = async (_request: Request, ctx: { params: Promise<Record<string, string>> }) => {
    const file = (await ctx.params)[ID_PARAM] ?? ''
    const id = file.endsWith('.xml') ? file.slice(0, -4) : undefined
    if (id === undefined || !(await ids()).includes(id)) return new Response('Not Found', { status: 404 })
    return new Response(serialise(kind, await (produce as Fn)({ id: Promise.resolve(id) })), { headers })
  }
  return { entry: { ...entry, segments, pattern: toPattern(segments) }, module: out }
}

// Next's content type for a static metadata file: by name for the text files, by extension for
// png, jpeg, ico and svg; anything else (a .gif) is labelled text/plain, as `next start` does.
const IMAGE_TYPE: Record<string, string> = { png: 'image/png', jpeg: 'image/jpeg', jpg: 'image/jpeg', ico: 'image/x-icon', svg: 'image/svg+xml' }
function staticContentType (file: string): string {
  const [name, ext = ''] = basename(file).split('.')
  if (name === 'sitemap') return 'application/xml'
  if (name === 'robots') return 'text/plain'
  if (name === 'manifest') return 'application/manifest+json'
  return IMAGE_TYPE[ext] ?? 'text/plain'
}

// Shared sites refuse larger images; Next fails the build over these sizes.
const SIZE_LIMIT_MB: Partial<Record<MetadataKind, number>> = { 'twitter-image': 5, 'opengraph-image': 8 }

function staticFileRoute (entry: RouteEntry & { metadata: MetadataKind }): Record<string, unknown> {
  const bytes = readFileSync(entry.file)
  const limit = SIZE_LIMIT_MB[entry.metadata]
  const mb = bytes.byteLength / 1024 / 1024
  if (limit !== undefined && mb > limit) {
    const name = entry.metadata === 'twitter-image' ? 'Twitter' : 'Open Graph'
    throw new FST_ERR_NEXT_METADATA(`File size for ${name} image "${entry.file}" exceeds ${limit}MB. (Current: ${mb.toFixed(2)}MB) Make the image smaller.`)
  }
  const headers = { 'content-type': staticContentType(entry.file), 'cache-control': CACHE_CONTROL }
  return { dynamic: 'force-static', GET: () => new Response(bytes, { headers }) }
}

/**
 * icon.tsx, opengraph-image.tsx, …: GET returns what the default export returns, called with
 * `{ params }` (a promise). With generateImageMetadata, one URL per id below the file's name
 * (`/opengraph-image/<id>`); the default export then also gets `id` (a promise), and an id it did
 * not list answers 404 `Not Found`.
 */
function imageRoute (entry: RouteEntry, mod: Record<string, unknown>, produce: Fn): { entry: RouteEntry, module: Record<string, unknown> } {
  const out: Record<string, unknown> = { dynamic: 'force-static' }
  for (const name of CONFIG_EXPORTS) if (mod[name] !== undefined) out[name] = mod[name]
  const generate = mod.generateImageMetadata
  if (typeof generate !== 'function') {
    out.GET = (_request: Request, ctx: { params?: Promise<Record<string, unknown>> }) => produce({ params: ctx.params ?? Promise.resolve({}) })
    return { entry, module: out }
  }
  const segments: UrlSegment[] = [...entry.segments, { kind: 'dynamic', value: ID_PARAM }]
  const ids = async (params: Record<string, unknown>): Promise<string[]> => {
    const items = await (generate as Fn)({ params })
    return list(items as Array<{ id?: unknown }>).map(item => {
      if (item?.id == null) throw new Error('id property is required for every item returned from generateImageMetadata')
      return String(item.id)
    })
  }
  // Only ids of a file with no dynamic folder above it can be listed before a request, as Next
  // prerenders them; below a dynamic folder each image is generated (and cached) on first request.
  if (!entry.segments.some(s => s.kind !== 'static')) {
    out.generateStaticParams = async () => (await ids({})).map(id => ({ [ID_PARAM]: id }))
  }
  out.GET = async (_request: Request, ctx: { params: Promise<Record<string, unknown>> }) => {
    const { [ID_PARAM]: id, ...params } = await ctx.params
    if (!(await ids(params)).includes(id as string)) return new Response('Not Found', { status: 404 })
    return produce({ params: Promise.resolve(params), id: Promise.resolve(id) })
  }
  return { entry: { ...entry, segments, pattern: toPattern(segments) }, module: out }
}

function serialise (kind: TextKind, data: unknown): string {
  if (kind === 'robots') return robotsTxt(data as Robots)
  if (kind === 'sitemap') return sitemapXml(list(data as SitemapItem | SitemapItem[]))
  return JSON.stringify(data)
}

interface RobotsRule { userAgent?: string | string[], allow?: string | string[], disallow?: string | string[], crawlDelay?: number, other?: Record<string, unknown> }
interface Robots { rules: RobotsRule | RobotsRule[], sitemap?: string | string[], host?: string }

/** robots.txt: one block per rule, then Host and Sitemap lines (the order Next writes). */
export function robotsTxt (data: Robots): string {
  const lines: string[] = []
  for (const rule of list(data.rules)) {
    for (const agent of list(rule.userAgent ?? '*')) lines.push(`User-Agent: ${agent}`)
    for (const path of list(rule.allow)) lines.push(`Allow: ${path}`)
    for (const path of list(rule.disallow)) lines.push(`Disallow: ${path}`)
    if (rule.crawlDelay) lines.push(`Crawl-delay: ${rule.crawlDelay}`)
    for (const [key, value] of Object.entries(rule.other ?? {})) {
      if (value != null) for (const v of list(value)) lines.push(`${key}: ${String(v)}`)
    }
    lines.push('')
  }
  if (data.host) lines.push(`Host: ${data.host}`)
  for (const sitemap of list(data.sitemap)) lines.push(`Sitemap: ${sitemap}`)
  return lines.length === 0 ? '' : lines.join('\n') + '\n'
}

interface Video {
  title: string, thumbnail_loc: string, description: string, content_loc?: string, player_loc?: string, duration?: number,
  view_count?: number, tag?: string, rating?: number, expiration_date?: string, publication_date?: string, family_friendly?: string,
  requires_subscription?: string, live?: string, restriction?: { relationship: string, content: string },
  platform?: { relationship: string, content: string }, uploader?: { info?: string, content: string }
}
interface SitemapItem {
  url: string, lastModified?: string | Date, changeFrequency?: string, priority?: number,
  alternates?: { languages?: Record<string, string> }, images?: string[], videos?: Video[]
}

function videoXml (v: Video): string {
  // Optional fields in this order, each only when truthy (as Next writes them).
  const optional: Array<[string, unknown]> = [
    ['content_loc', v.content_loc], ['player_loc', v.player_loc], ['duration', v.duration], ['view_count', v.view_count],
    ['tag', v.tag], ['rating', v.rating], ['expiration_date', v.expiration_date], ['publication_date', v.publication_date],
    ['family_friendly', v.family_friendly], ['requires_subscription', v.requires_subscription], ['live', v.live]
  ]
  const parts = ['<video:video>', `<video:title>${v.title}</video:title>`, `<video:thumbnail_loc>${v.thumbnail_loc}</video:thumbnail_loc>`, `<video:description>${v.description}</video:description>`]
  for (const [name, value] of optional) if (value) parts.push(`<video:${name}>${String(value)}</video:${name}>`)
  if (v.restriction) parts.push(`<video:restriction relationship="${v.restriction.relationship}">${v.restriction.content}</video:restriction>`)
  if (v.platform) parts.push(`<video:platform relationship="${v.platform.relationship}">${v.platform.content}</video:platform>`)
  if (v.uploader) parts.push(`<video:uploader${v.uploader.info ? ` info="${v.uploader.info}"` : ''}>${v.uploader.content}</video:uploader>`)
  parts.push('</video:video>\n')
  return parts.join('\n')
}

/** sitemap.xml with the image, video and xhtml namespaces declared only when some entry uses them. */
export function sitemapXml (items: SitemapItem[]): string {
  const uses = (pick: (item: SitemapItem) => number): boolean => items.some(item => pick(item) > 0)
  let xml = '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
  if (uses(item => item.images?.length ?? 0)) xml += ' xmlns:image="http://www.google.com/schemas/sitemap-image/1.1"'
  if (uses(item => item.videos?.length ?? 0)) xml += ' xmlns:video="http://www.google.com/schemas/sitemap-video/1.1"'
  xml += uses(item => Object.keys(item.alternates ?? {}).length) ? ' xmlns:xhtml="http://www.w3.org/1999/xhtml">\n' : '>\n'
  for (const item of items) {
    xml += `<url>\n<loc>${item.url}</loc>\n`
    for (const [lang, href] of Object.entries(item.alternates?.languages ?? {})) {
      xml += `<xhtml:link rel="alternate" hreflang="${lang}" href="${href}" />\n`
    }
    for (const image of item.images ?? []) xml += `<image:image>\n<image:loc>${image}</image:loc>\n</image:image>\n`
    for (const video of item.videos ?? []) xml += videoXml(video)
    if (item.lastModified) {
      xml += `<lastmod>${item.lastModified instanceof Date ? item.lastModified.toISOString() : item.lastModified}</lastmod>\n`
    }
    if (item.changeFrequency) xml += `<changefreq>${item.changeFrequency}</changefreq>\n`
    if (typeof item.priority === 'number') xml += `<priority>${item.priority}</priority>\n`
    xml += '</url>\n'
  }
  return xml + '</urlset>\n'
}
