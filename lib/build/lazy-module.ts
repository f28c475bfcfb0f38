// Route files of a build are imported on their first request, as `next start` loads a route's
// module when it is first asked for. What registering a route needs of its module (which methods
// it exports, its segment config) the build wrote down: the route is registered from that, with a
// stand-in module whose functions import the real one when first called. A module whose exports
// cannot be written down (a `schema` object, a default export) is imported at startup as before.
import { AsyncLocalStorage } from 'node:async_hooks'

/** The exports of a route module, as the build read them. */
export interface ModuleShape {
  /** exported functions (GET, POST, generateStaticParams …) */
  readonly functions: string[]
  /** exported plain values (dynamic, revalidate, runtime …): strings, numbers, booleans, string arrays */
  readonly values: Record<string, string | number | boolean | null | string[]>
}

const isPlain = (value: unknown): value is string | number | boolean | null | string[] =>
  value === null || typeof value === 'string' || typeof value === 'boolean' ||
  (typeof value === 'number' && Number.isFinite(value)) ||
  (Array.isArray(value) && value.every(v => typeof v === 'string'))

/**
 * The shape of a loaded module, or null when some export is neither a function nor a plain value,
 * or when its own enumerable keys are not all it exports: a CommonJS module.exports that is a class
 * instance (methods on its prototype) or has non-enumerable exports (a flag like `__esModule` aside).
 */
export function moduleShape (mod: Record<string, unknown>): ModuleShape | null {
  const proto: unknown = Object.getPrototypeOf(mod)
  if (proto !== null && proto !== Object.prototype) return null
  for (const key of Object.getOwnPropertyNames(mod)) {
    if (key !== '__esModule' && Object.getOwnPropertyDescriptor(mod, key)?.enumerable !== true) return null
  }
  const functions: string[] = []
  const values: Record<string, string | number | boolean | null | string[]> = {}
  for (const key of Object.keys(mod)) {
    const value = mod[key]
    // An export that is undefined (`export let get`) is still a key registration sees (a
    // lowercase-method warning) but cannot go through JSON: such a module loads at startup.
    if (typeof value === 'function') functions.push(key)
    else if (isPlain(value)) values[key] = value
    else return null
  }
  return { functions, values }
}

/**
 * A module object with the shape's values and, for each function, one that calls the real
 * module's (imported by `load` on the first call; its failure is that call's error). Once the
 * module is in, a call goes straight to the real function, so a sync handler stays sync. The real
 * function gets the stand-in's `this` and arguments, as the plugin called it.
 */
export function standIn (shape: ModuleShape, load: () => Promise<Record<string, unknown>>): Record<string, unknown> {
  // The module is evaluated in the async context of now (registration), as an import at startup
  // is, not in the first request's: what its top level starts (a timer, a pool, a tracing span, a
  // top-level headers()) must not inherit that request's scope or the app's AsyncLocalStorage.
  const atStartup = AsyncLocalStorage.snapshot()
  let real: Record<string, unknown> | null = null
  let loading: Promise<Record<string, unknown>> | null = null
  const ensure = async (): Promise<Record<string, unknown>> => {
    loading ??= atStartup(load).then(mod => (real = mod))
    return await loading
  }
  const mod: Record<string, unknown> = { ...shape.values }
  for (const name of shape.functions) {
    mod[name] = function lazyExport (this: unknown, ...args: unknown[]): unknown {
      if (real !== null) return Reflect.apply(real[name] as (...a: unknown[]) => unknown, this, args)
      return ensure().then(m => Reflect.apply(m[name] as (...a: unknown[]) => unknown, this, args))
    }
  }
  return mod
}
