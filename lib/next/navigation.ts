// next/navigation for route handlers: redirect(), permanentRedirect(), notFound(), forbidden(),
// unauthorized(). They throw errors carrying Next's `digest` strings; the bridge turns them into
// responses (lib/outcome.ts), so errors thrown by a real `next` install are understood too.

export enum RedirectType {
  push = 'push',
  replace = 'replace'
}

export const REDIRECT_DIGEST = 'NEXT_REDIRECT'
export const HTTP_FALLBACK_DIGEST = 'NEXT_HTTP_ERROR_FALLBACK'

class NavigationError extends Error {
  readonly digest: string
  constructor (message: string, digest: string) {
    super(message)
    this.digest = digest
  }
}

function redirectError (url: string, type: RedirectType, status: 307 | 308): NavigationError {
  return new NavigationError(REDIRECT_DIGEST, `${REDIRECT_DIGEST};${type};${url};${status};`)
}

export function redirect (url: string, type: RedirectType = RedirectType.replace): never {
  throw redirectError(url, type, 307)
}

export function permanentRedirect (url: string, type: RedirectType = RedirectType.replace): never {
  throw redirectError(url, type, 308)
}

function httpFallback (status: number): never {
  throw new NavigationError(`${HTTP_FALLBACK_DIGEST};${status}`, `${HTTP_FALLBACK_DIGEST};${status}`)
}

export function notFound (): never { return httpFallback(404) }
/** Next requires experimental.authInterrupts for this; the bridge always allows it. */
export function forbidden (): never { return httpFallback(403) }
/** Next requires experimental.authInterrupts for this; the bridge always allows it. */
export function unauthorized (): never { return httpFallback(401) }
