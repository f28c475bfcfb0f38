import type { MetadataRoute } from 'next'

export default function sitemap (): MetadataRoute.Sitemap {
  return [
    { url: 'https://example.com/docs', changeFrequency: 'weekly', priority: 1 },
    { url: 'https://example.com/api/hello' }
  ]
}
