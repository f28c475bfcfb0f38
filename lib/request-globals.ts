// `new Request(request)` and `fetch(request)` on the handler's light request (lib/request.ts).
// undici reads the internal state of a Request it is given, which a light request does not have,
// so the global constructor and fetch take the real request behind it first. Proxies keep
// `Request.prototype`, `instanceof` and the functions' names as they are; other inputs pass as given.
import { kToRequest } from './next/request.js'

type Convertible = { [kToRequest]?: () => Request } | null | undefined

function real (input: unknown): unknown {
  const source = (input as Convertible)?.[kToRequest]
  return typeof source === 'function' ? source.call(input) : input
}

let installed = false

export function acceptLightRequests (): void {
  if (installed) return
  installed = true
  const g = globalThis as { Request: typeof Request, fetch: typeof fetch }
  g.Request = new Proxy(g.Request, {
    construct (target, args: unknown[], newTarget) {
      // The request may also be the init: `new Request(url, request)`.
      for (let i = 0; i < args.length && i < 2; i++) args[i] = real(args[i])
      return Reflect.construct(target, args, newTarget) as object
    }
  })
  g.fetch = new Proxy(g.fetch, {
    apply (target, self, args: unknown[]) {
      if (args.length > 0) args[0] = real(args[0])
      return Reflect.apply(target, self, args) as unknown
    }
  })
}
