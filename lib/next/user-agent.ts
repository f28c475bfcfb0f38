// userAgent(): the same parser Next bundles (ua-parser-js 1.x), with Next's bot test.
import { createRequire } from 'node:module'
import type UAParserType from 'ua-parser-js'

// Required on first use: importing it up front added 30 ms to every startup, for a helper few
// routes call.
const require = createRequire(import.meta.url)
let UAParser: typeof UAParserType | null = null

export interface UserAgent {
  isBot: boolean
  ua: string
  browser: { name?: string, version?: string, major?: string }
  device: { model?: string, type?: string, vendor?: string }
  engine: { name?: string, version?: string }
  os: { name?: string, version?: string }
  cpu: { architecture?: string }
}

// The crawler names Next's isBot() looks for.
const BOTS = /Googlebot|Mediapartners-Google|AdsBot-Google|googleweblight|Storebot-Google|Google-PageRenderer|Google-InspectionTool|Bingbot|BingPreview|Slurp|DuckDuckBot|baiduspider|yandex|sogou|LinkedInBot|bitlybot|tumblr|vkShare|quora link preview|facebookexternalhit|facebookcatalog|Twitterbot|applebot|redditbot|Slackbot|Discordbot|WhatsApp|SkypeUriPreview|ia_archiver/i

export function isBot (input: string): boolean {
  return BOTS.test(input)
}

export function userAgentFromString (input: string | undefined): UserAgent {
  UAParser ??= require('ua-parser-js') as typeof UAParserType
  const result = new UAParser(input).getResult()
  return { ...result, isBot: input === undefined ? false : isBot(input) }
}

export function userAgent ({ headers }: { headers: Headers }): UserAgent {
  return userAgentFromString(headers.get('user-agent') ?? undefined)
}
