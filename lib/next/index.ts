// The `next` module's types that route files import (`import type { MetadataRoute } from 'next'`),
// so sitemap.ts, robots.ts and manifest.ts type-check without Next installed. Types only.

type Frequency = 'always' | 'hourly' | 'daily' | 'weekly' | 'monthly' | 'yearly' | 'never'

interface Video {
  title: string
  thumbnail_loc: string
  description: string
  content_loc?: string
  player_loc?: string
  duration?: number
  expiration_date?: Date | string
  rating?: number
  view_count?: number
  publication_date?: Date | string
  family_friendly?: 'yes' | 'no'
  restriction?: { relationship: 'allow' | 'deny', content: string }
  platform?: { relationship: 'allow' | 'deny', content: string }
  requires_subscription?: 'yes' | 'no'
  uploader?: { info?: string, content?: string }
  live?: 'yes' | 'no'
  tag?: string
}

interface RobotsRule {
  userAgent?: string | string[]
  allow?: string | string[]
  disallow?: string | string[]
  crawlDelay?: number
}

interface ManifestIcon {
  src: string
  type?: string
  sizes?: string
  purpose?: 'any' | 'maskable' | 'monochrome'
}

// Named as Next names them: a namespace of types.
// eslint-disable-next-line @typescript-eslint/no-namespace
export namespace MetadataRoute {
  export type Robots = {
    rules: RobotsRule | Array<RobotsRule & { userAgent: string | string[] }>
    sitemap?: string | string[]
    host?: string
  }
  export type Sitemap = Array<{
    url: string
    lastModified?: string | Date
    changeFrequency?: Frequency
    priority?: number
    alternates?: { languages?: Record<string, string> }
    images?: string[]
    videos?: Video[]
  }>
  export type Manifest = {
    name?: string
    short_name?: string
    description?: string
    start_url?: string
    scope?: string
    id?: string
    display?: 'fullscreen' | 'standalone' | 'minimal-ui' | 'browser'
    orientation?: string
    background_color?: string
    theme_color?: string
    lang?: string
    dir?: 'ltr' | 'rtl' | 'auto'
    categories?: string[]
    icons?: ManifestIcon[]
    screenshots?: Array<ManifestIcon & { form_factor?: 'narrow' | 'wide', label?: string }>
    shortcuts?: Array<{ name: string, short_name?: string, description?: string, url: string, icons?: ManifestIcon[] }>
    [key: string]: unknown
  }
}

/**
 * The shape of `next.config.{ts,mjs,js}` (`import type { NextConfig } from 'next'`), so a config
 * file type-checks without Next installed. Keys this package reads are typed; the rest are allowed.
 */
export interface NextConfig {
  basePath?: string
  trailingSlash?: boolean
  skipTrailingSlashRedirect?: boolean
  skipMiddlewareUrlNormalize?: boolean
  env?: Record<string, string | undefined>
  headers?: () => Promise<Array<{ source: string, headers: Array<{ key: string, value: string }>, basePath?: false, has?: RouteHas[], missing?: RouteHas[] }>>
  redirects?: () => Promise<Array<{ source: string, destination: string, basePath?: false, has?: RouteHas[], missing?: RouteHas[] } & ({ permanent: boolean } | { statusCode: 301 | 302 | 303 | 307 | 308 })>>
  rewrites?: () => Promise<Rewrite[] | { beforeFiles?: Rewrite[], afterFiles?: Rewrite[], fallback?: Rewrite[] }>
  serverExternalPackages?: string[]
  transpilePackages?: string[]
  [key: string]: unknown
}

export type RouteHas = { type: 'header' | 'cookie' | 'query', key: string, value?: string } | { type: 'host', key?: undefined, value: string }

export interface Rewrite {
  source: string
  destination: string
  basePath?: false
  has?: RouteHas[]
  missing?: RouteHas[]
}
