// Pure: which function answers each HTTP method of a route module, decided once at registration
// (Next's auto-implement-methods: automatic HEAD from GET, automatic OPTIONS, 405 for the rest).

/** The methods Next.js recognises (same list in 15.5 and 16.4). */
export const HTTP_METHODS = ['GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'DELETE', 'PATCH'] as const
export type HttpMethod = typeof HTTP_METHODS[number]

export type RouteFunction = (request: Request, context: { params: Promise<Record<string, string | string[]>> | undefined }) => unknown

export type MethodAction =
  | { readonly kind: 'call', readonly fn: RouteFunction }
  | { readonly kind: 'status', readonly status: 400 | 405 }
  | { readonly kind: 'options', readonly allow: string }

export interface ModuleMethods {
  readonly handlers: Partial<Record<HttpMethod, RouteFunction>>
  /** warnings worded as Next's dev server words them */
  readonly warnings: string[]
}

const LOWERCASE = new Set(HTTP_METHODS.map(m => m.toLowerCase()))

export function readModuleMethods (mod: Record<string, unknown>, file: string): ModuleMethods {
  const handlers: Partial<Record<HttpMethod, RouteFunction>> = {}
  const warnings: string[] = []
  for (const method of HTTP_METHODS) {
    const fn = mod[method]
    if (typeof fn === 'function') handlers[method] = fn as RouteFunction
  }
  if (typeof mod.default === 'function' || (mod.default !== undefined && mod.default !== null && typeof mod.default === 'object')) {
    warnings.push(`Detected default export in '${file}'. Export a named export for each HTTP method instead.`)
  }
  for (const key of Object.keys(mod)) {
    if (LOWERCASE.has(key)) {
      warnings.push(`Detected lowercase method '${key}' in '${file}'. Export the uppercase '${key.toUpperCase()}' method name to fix this error.`)
    }
  }
  if (Object.keys(handlers).length === 0) {
    warnings.push(`No HTTP methods exported in '${file}'. Export a named export for each HTTP method.`)
  }
  return { handlers, warnings }
}

/**
 * One action per method Fastify routes to us. `extraMethods` are methods Fastify accepts that Next
 * does not recognise (TRACE, QUERY): Next answers those 400 without calling user code.
 */
export function buildMethodTable (handlers: Partial<Record<HttpMethod, RouteFunction>>, extraMethods: readonly string[]): Record<string, MethodAction> {
  const table: Record<string, MethodAction> = Object.create(null)
  const notAllowed: MethodAction = { kind: 'status', status: 405 }
  for (const method of HTTP_METHODS) {
    const fn = handlers[method]
    table[method] = fn !== undefined ? { kind: 'call', fn } : notAllowed
  }
  // HEAD runs GET (the request keeps method HEAD) and the body is dropped on the way out.
  if (handlers.HEAD === undefined && handlers.GET !== undefined) table.HEAD = { kind: 'call', fn: handlers.GET }
  if (handlers.OPTIONS === undefined) table.OPTIONS = { kind: 'options', allow: allowHeader(handlers) }
  const bad: MethodAction = { kind: 'status', status: 400 }
  for (const method of extraMethods) if (table[method] === undefined) table[method] = bad
  return table
}

/** Next's automatic Allow: OPTIONS plus what is implemented, HEAD when GET is, sorted. */
export function allowHeader (handlers: Partial<Record<HttpMethod, RouteFunction>>): string {
  const allow = new Set<string>(['OPTIONS'])
  for (const method of HTTP_METHODS) if (handlers[method] !== undefined) allow.add(method)
  if (handlers.GET !== undefined) allow.add('HEAD')
  return [...allow].sort().join(', ')
}
