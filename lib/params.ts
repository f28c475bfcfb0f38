// Pure: read a route's params from the raw request path, as Next does: each segment is
// decodeURIComponent'ed on its own, so an encoded slash stays inside its value (spec 1.5-1.7).
// find-my-way's own params are not used: it decodes differently and knows only positional names.
import type { UrlSegment } from './segments.js'

export type Params = Record<string, string | string[]>
/** Returns the params, or null when a segment has malformed percent-encoding (answered 400). */
export type ParamReader = (path: string) => Params | null

interface Slot { readonly name: string, readonly kind: 'dynamic' | 'catchall' | 'optional', readonly index: number }

function decode (segment: string): string | null {
  if (!segment.includes('%')) return segment
  try {
    return decodeURIComponent(segment)
  } catch {
    return null
  }
}

/**
 * `depth` is the number of path segments before the route's own (Fastify's prefix). Returns null for
 * static routes, whose handlers get `params: undefined` as in Next 16.
 */
export function buildParamReader (segments: UrlSegment[], depth: number): ParamReader | null {
  const slots: Slot[] = []
  segments.forEach((s, i) => {
    // +1: the path starts with '/', so split('/') yields an empty first element.
    if (s.kind !== 'static') slots.push({ name: s.value, kind: s.kind, index: depth + i + 1 })
  })
  if (slots.length === 0) return null
  return function readParams (path: string): Params | null {
    const parts = path.split('/')
    const params: Params = {}
    for (const slot of slots) {
      if (slot.kind === 'dynamic') {
        const value = decode(parts[slot.index])
        if (value === null) return null
        params[slot.name] = value
        continue
      }
      // Catch-alls are last. An optional one with no segments leaves its key out entirely.
      if (parts.length <= slot.index || (parts.length === slot.index + 1 && parts[slot.index] === '')) {
        if (slot.kind === 'optional') continue
      }
      const values: string[] = []
      for (let i = slot.index; i < parts.length; i++) {
        const value = decode(parts[i])
        if (value === null) return null
        values.push(value)
      }
      params[slot.name] = values
    }
    return params
  }
}
