// Fastify options for the CLI's logger (start, dev): the two log lines per request off unless asked
// for, and request loggers made only when a request logs. Fastify 5.x releases since the
// LogController take the switch there (the top-level `disableRequestLogging` warns FSTDEP023);
// older 5.x releases only know the top-level option.
import * as fastify from 'fastify'
import type { FastifyBaseLogger, FastifyInstance, FastifyServerOptions } from 'fastify'
import { pino } from 'pino'

type LogControllerClass = new (options: { disableRequestLogging: boolean }) => object

export function requestLogging (enabled: boolean): Record<string, unknown> {
  const LogController = (fastify as unknown as { LogController?: LogControllerClass }).LogController
  const logging = LogController !== undefined ? { logController: new LogController({ disableRequestLogging: !enabled }) } : { disableRequestLogging: !enabled }
  return { ...logging, childLoggerFactory: lazyChildLogger }
}

/**
 * The CLI's logger (`start`). With the access log on, Fastify's own. With it off (the default),
 * Fastify gets no logger of its own (`logger: false`): a Fastify that has one attaches response
 * listeners and a timer to every request even when nothing is logged (7% of a GET JSON's cost
 * measured, docs/benchmarks.md). `app.log` and every `request.log` are still one pino logger at
 * `level`, with Fastify's `err` serializer, so startup lines, warnings and route errors (with
 * `reqId`) come out as before; `attach` sets `app.log` once the instance exists.
 */
export function cliLogger (level: string, accessLog: boolean): { options: FastifyServerOptions, attach: (app: FastifyInstance) => void } {
  if (accessLog) return { options: { logger: { level }, ...requestLogging(true) }, attach: () => {} }
  const log = pino({ level, serializers: { err: pino.stdSerializers.err } }) as unknown as FastifyBaseLogger
  return {
    options: { ...requestLogging(false), logger: false, childLoggerFactory: (_none, bindings, options) => lazyChildLogger(log, bindings, options as ChildOptions) },
    attach: app => { (app as { log: FastifyBaseLogger }).log = log }
  }
}

type Bindings = Record<string, unknown>
type ChildOptions = Record<string, unknown>

const kParent = Symbol('fastify-next-routes.logParent')
const kBindings = Symbol('fastify-next-routes.logBindings')
const kOptions = Symbol('fastify-next-routes.logOptions')
const kChild = Symbol('fastify-next-routes.logChild')

/**
 * A request's logger (`request.log`, `{ reqId }` bound) that makes the pino child on first use.
 * Fastify makes one per request; pino's child() serialises the bindings each time (2.3% of the
 * CLI's CPU on a GET with request logging off, where nearly every request logs nothing). Lines come
 * out exactly as from the child itself, which is made with the same bindings and options.
 */
class LazyLogger {
  declare [kParent]: FastifyBaseLogger
  declare [kBindings]: Bindings
  declare [kOptions]: ChildOptions
  declare [kChild]: FastifyBaseLogger | null

  constructor (parent: FastifyBaseLogger, bindings: Bindings, options: ChildOptions) {
    this[kParent] = parent
    this[kBindings] = bindings
    this[kOptions] = options
    this[kChild] = null
  }

  get level (): string { return real(this).level }
  set level (level: string) { real(this).level = level }

  fatal (...args: unknown[]): void { call(this, 'fatal', args) }
  error (...args: unknown[]): void { call(this, 'error', args) }
  warn (...args: unknown[]): void { call(this, 'warn', args) }
  info (...args: unknown[]): void { call(this, 'info', args) }
  debug (...args: unknown[]): void { call(this, 'debug', args) }
  trace (...args: unknown[]): void { call(this, 'trace', args) }
  silent (...args: unknown[]): void { call(this, 'silent', args) }

  child (bindings: Bindings, options?: ChildOptions): FastifyBaseLogger {
    return real(this).child(bindings, options)
  }
}

// Anything else the logger has (pino's bindings(), isLevelEnabled(), levels, a custom level's
// method, ...) is read from the real child: a subclass per parent logger forwards every other
// member the parent has, so a request's logger needs no proxy and costs four slots.
type LazyClass = new (parent: FastifyBaseLogger, bindings: Bindings, options: ChildOptions) => LazyLogger
const classes = new WeakMap<object, LazyClass>()

function lazyClassFor (parent: FastifyBaseLogger): LazyClass {
  let Lazy = classes.get(parent)
  if (Lazy !== undefined) return Lazy
  Lazy = class extends LazyLogger {}
  const proto = Lazy.prototype
  for (let o: object | null = parent; o !== null && o !== Object.prototype; o = Object.getPrototypeOf(o) as object | null) {
    for (const key of Reflect.ownKeys(o)) {
      if (key === 'constructor' || key in proto) continue
      Object.defineProperty(proto, key, {
        configurable: true,
        get (this: LazyLogger) {
          const child = real(this) as unknown as Record<PropertyKey, unknown>
          const value = child[key]
          return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(child) : value
        },
        set (this: LazyLogger, value: unknown) {
          (real(this) as unknown as Record<PropertyKey, unknown>)[key] = value
        }
      })
    }
  }
  classes.set(parent, Lazy)
  return Lazy
}

function real (log: LazyLogger): FastifyBaseLogger {
  return (log[kChild] ??= log[kParent].child(log[kBindings], log[kOptions]))
}

function call (log: LazyLogger, method: keyof FastifyBaseLogger & ('fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent'), args: unknown[]): void {
  const child = real(log)
  ;(child[method] as (...a: unknown[]) => void).apply(child, args)
}

function lazyChildLogger (logger: FastifyBaseLogger, bindings: Bindings, options: ChildOptions): FastifyBaseLogger {
  const Lazy = lazyClassFor(logger)
  return new Lazy(logger, bindings, options) as unknown as FastifyBaseLogger
}
