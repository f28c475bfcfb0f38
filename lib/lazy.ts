// Light stand-ins for undici's Request and Response: the stand-in's prototype chains to the real
// class's prototype (so `instanceof` holds) and every member it does not implement is forwarded to
// a real object built on first use. undici's accessors brand-check `this`, so they cannot run on the
// stand-in itself; plain values (Symbol.toStringTag) are simply inherited.
export function forwardToReal<T extends object> (
  stand: { prototype: object },
  parent: object,
  real: { prototype: object },
  materialize: (self: T) => object
): void {
  Object.setPrototypeOf(stand.prototype, parent)
  for (const key of Reflect.ownKeys(real.prototype)) {
    if (key === 'constructor' || Object.prototype.hasOwnProperty.call(stand.prototype, key)) continue
    const desc = Object.getOwnPropertyDescriptor(real.prototype, key) as PropertyDescriptor
    if (typeof desc.get === 'function') {
      const get = desc.get
      Object.defineProperty(stand.prototype, key, { configurable: true, get (this: T) { return get.call(materialize(this)) } })
    } else if (typeof desc.value === 'function') {
      const fn = desc.value as (...args: unknown[]) => unknown
      Object.defineProperty(stand.prototype, key, {
        configurable: true,
        writable: true,
        value (this: T, ...args: unknown[]) { return fn.apply(materialize(this), args) }
      })
    }
  }
}
