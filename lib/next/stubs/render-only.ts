// Shared by the modules that only make sense while React renders pages (next/link, next/image, ...):
// importing them must work (route files reach them through shared UI code), calling them cannot.
export function renderOnly (what: string): never {
  throw new Error(`fastify-next-routes: \`${what}\` only works while Next.js renders pages or client components; route handlers cannot call it.`)
}

/** A component function that throws a clear error if called outside rendering. */
export function component (what: string): (props?: unknown) => never {
  const fn = (): never => renderOnly(what)
  Object.defineProperty(fn, 'name', { value: what.replace(/^.*\//, '') })
  return fn
}
