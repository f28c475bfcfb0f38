// Draft/preview cookies a route request cannot honour. Before any app route runs, next start drops
// a preview session it cannot use (an old build's id, one of the two cookies without the other, or
// preview data it cannot verify) by expiring both cookies, so browsers stop sending them. We have
// no Pages Router preview data at all, so any `__next_preview_data` cookie is unverifiable here.
import { parseCookie } from '@edge-runtime/cookies'

export const BYPASS_COOKIE = '__prerender_bypass'
const DATA_COOKIE = '__next_preview_data'

// Written exactly as next start writes them (its serializer's attribute order and case).
const EXPIRE_BOTH: readonly string[] = [
  `${BYPASS_COOKIE}=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; Secure; SameSite=None`,
  `${DATA_COOKIE}=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; Secure; SameSite=None`
]

/** The Set-Cookie lines that end a stale preview session, or null (the common case, decided cheaply). */
export function stalePreviewCookies (cookieHeader: string | undefined, previewModeId: string): readonly string[] | null {
  if (cookieHeader === undefined || (!cookieHeader.includes(BYPASS_COOKIE) && !cookieHeader.includes(DATA_COOKIE))) return null
  const jar = parseCookie(cookieHeader)
  // Empty values count as absent, as in Next.
  const bypass = jar.get(BYPASS_COOKIE) ?? ''
  const data = jar.get(DATA_COOKIE) ?? ''
  if (bypass === '' && data === '') return null
  // Draft mode proper: the right id and no preview data.
  if (data === '' && bypass === previewModeId) return null
  return EXPIRE_BOTH
}

/** Draft mode is on: cached routes then run on every request, as Next bypasses its cache. */
export function inDraftMode (cookieHeader: string | undefined, previewModeId: string): boolean {
  if (cookieHeader === undefined || !cookieHeader.includes(BYPASS_COOKIE)) return false
  return parseCookie(cookieHeader).get(BYPASS_COOKIE) === previewModeId
}
