// What has/missing conditions read of a request (the middleware matcher's and next.config rules'),
// parsed only if a condition asks. A class, so an unmatched request pays one small allocation
// rather than a closure per method.
import type { IncomingMessage } from 'node:http'
import type { ParsedUrlQuery } from 'node:querystring'
import { parseCookie } from '@edge-runtime/cookies'
import type { MatcherRequestView } from './matcher.js'

export class RequestView implements MatcherRequestView {
  private cookies: Map<string, string> | null = null
  private params: URLSearchParams | null = null
  /**
   * `query`: the request's `?…` as sent, or an already parsed query (next.config rules set a
   * rewrite's merged query here for the rules after it).
   */
  constructor (private readonly raw: IncomingMessage, public query_: string | ParsedUrlQuery) {}

  header (name: string): string | undefined {
    const v = this.raw.headers[name]
    return Array.isArray(v) ? v.join(', ') : v
  }

  cookie (name: string): string | undefined {
    return (this.cookies ??= parseCookie(this.raw.headers.cookie ?? '')).get(name)
  }

  query (name: string): string | undefined {
    // Next reads the last value of a repeated key.
    const q = this.query_
    if (typeof q === 'string') return (this.params ??= new URLSearchParams(q)).getAll(name).at(-1)
    const v = q[name]
    return Array.isArray(v) ? v.at(-1) : v
  }

  host (): string | undefined {
    return this.raw.headers.host?.replace(/:\d+$/, '')
  }
}
