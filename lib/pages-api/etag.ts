// The ETag Next's res.send() puts on a string or JSON body (FNV-1a, 52 bits, base 36, then the
// length in base 36), and its conditional answer: a 304 when If-None-Match names it.
import type { IncomingMessage, ServerResponse } from 'node:http'

function fnv1a52 (text: string): number {
  // 52 bits in four 16-bit lanes, so every step stays exact in a double.
  let v0 = 0x2325; let v1 = 0x8422; let v2 = 0x9ce4; let v3 = 0xcbf2
  for (let i = 0; i < text.length; i++) {
    v0 ^= text.charCodeAt(i)
    const t0 = v0 * 435
    let t1 = v1 * 435
    let t2 = v2 * 435
    const t3 = v3 * 435
    t2 += v0 << 8
    const t3b = t3 + (v1 << 8)
    t1 += t0 >>> 16
    v0 = t0 & 65535
    t2 += t1 >>> 16
    v1 = t1 & 65535
    v3 = (t3b + (t2 >>> 16)) & 65535
    v2 = t2 & 65535
  }
  return (v3 & 15) * 281474976710656 + v2 * 4294967296 + v1 * 65536 + (v0 ^ (v3 >> 4))
}

export function etagOf (payload: string): string {
  return '"' + fnv1a52(payload).toString(36) + payload.length.toString(36) + '"'
}

/** Sets the ETag; true when the request's If-None-Match names it and a 304 was sent. */
export function sendEtagResponse (req: IncomingMessage, res: ServerResponse, etag: string): boolean {
  res.setHeader('ETag', etag)
  const inm = req.headers['if-none-match']
  if (inm === undefined || !fresh(inm, etag, req.headers['cache-control'])) return false
  res.statusCode = 304
  res.end()
  return true
}

// The `fresh` package's If-None-Match test: `no-cache` forces a full answer; `*` or any listed
// tag (weak or strong) matches.
function fresh (inm: string, etag: string, cacheControl: string | undefined): boolean {
  if (cacheControl !== undefined && /(?:^|,)\s*no-cache\s*(?:,|$)/.test(cacheControl)) return false
  if (inm.trim() === '*') return true
  return inm.split(',').some(tag => {
    const t = tag.trim()
    return t === etag || t === 'W/' + etag || 'W/' + t === etag
  })
}
