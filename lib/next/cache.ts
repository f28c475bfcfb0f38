// next/cache. Until the response cache lands, unstable_cache keeps values in memory per key and
// revalidatePath/revalidateTag clear them.

interface Entry { value: Promise<unknown>, tags: string[], expires: number }
const entries = new Map<string, Entry>()

export function unstable_cache<Args extends unknown[], R> (
  fn: (...args: Args) => Promise<R>,
  keyParts: string[] = [],
  options: { tags?: string[], revalidate?: number | false } = {}
): (...args: Args) => Promise<R> {
  const tags = options.tags ?? []
  const ttl = typeof options.revalidate === 'number' ? options.revalidate * 1000 : Infinity
  const base = JSON.stringify([fn.toString(), keyParts])
  return async (...args: Args): Promise<R> => {
    const key = base + JSON.stringify(args)
    const hit = entries.get(key)
    if (hit !== undefined && hit.expires > Date.now()) return await (hit.value as Promise<R>)
    const value = fn(...args)
    entries.set(key, { value, tags, expires: Date.now() + ttl })
    // A failed computation is not cached.
    value.catch(() => { if (entries.get(key)?.value === value) entries.delete(key) })
    return await value
  }
}

export function revalidateTag (tag: string, _profile?: string | { expire?: number }): void {
  for (const [key, entry] of entries) if (entry.tags.includes(tag)) entries.delete(key)
}

export function revalidatePath (_path: string, _type?: 'page' | 'layout'): void {
  // Without the response cache every path is dynamic; clearing data caches is the visible effect.
  entries.clear()
}

export function updateTag (_tag: string): never {
  throw new Error('updateTag can only be called from within a Server Action. To invalidate cache tags in Route Handlers or other contexts, use revalidateTag instead.')
}

export function unstable_noStore (): void {}
export function unstable_expireTag (tag: string): void { revalidateTag(tag) }
export function unstable_expirePath (path: string): void { revalidatePath(path) }
