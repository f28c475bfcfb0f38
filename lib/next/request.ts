// NextRequest: a Request with nextUrl and cookies, as next/server exports it.
import { RequestCookies } from '@edge-runtime/cookies'
import { NextURL } from './url.js'

const kInternals = Symbol('fastify-next-routes.NextRequest')
/** Lets a light request (lib/request.ts) turn itself into a real one when passed to a constructor. */
export const kToRequest = Symbol.for('fastify-next-routes.toRequest')

interface Internals { nextUrl: NextURL | null, cookies: RequestCookies | null }

function removed (name: string, hint: string): Error {
  return new Error(`The \`request.${name}\` has been removed in favour of \`${hint}\`.\nRead more: https://nextjs.org/docs/messages/middleware-parse-user-agent`)
}

export class NextRequest extends Request {
  declare [kInternals]: Internals

  constructor (input: URL | RequestInfo, init: RequestInit = {}) {
    // As Next's: a relative URL fails with Next's message, wherever it is made (middleware-general).
    if ((typeof input === 'string' || input instanceof URL) && !URL.canParse(String(input))) {
      throw new Error(`URL is malformed "${String(input)}". Please use only absolute URLs - https://nextjs.org/docs/messages/middleware-relative-urls`)
    }
    // `new NextRequest(request)` must work for the bridge's light requests too (they fail undici's brand check).
    const source = (input as { [kToRequest]?: () => Request } | null)?.[kToRequest]
    super(typeof source === 'function' ? source.call(input) : input, init)
    this[kInternals] = { nextUrl: null, cookies: null }
  }

  get nextUrl (): NextURL {
    const internals = this[kInternals]
    return (internals.nextUrl ??= new NextURL(this.url))
  }

  get cookies (): RequestCookies {
    const internals = this[kInternals]
    return (internals.cookies ??= new RequestCookies(this.headers))
  }

  // Removed in Next 15; kept so code that reads them gets the same answer as under next start.
  get ip (): string | undefined { return undefined }
  get geo (): Record<string, string> | undefined { return undefined }
  get page (): never { throw removed('page', 'URLPattern') }
  get ua (): never { throw removed('ua', 'userAgent()') }
}
