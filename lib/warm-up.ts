// Calls process.nextTick() before the first request, once per process (the warmUp option).
//
// Why: Node's nextTick() builds each tick object as a literal with computed keys
// (`{ [async_id_symbol]: id, [trigger_async_id_symbol]: id, callback, args }`). V8's inline caches
// for defining such keys go from monomorphic straight to megamorphic, with no polymorphic state in
// between, and once megamorphic every tick object is built in V8's runtime
// (`Runtime_DefineKeyedOwnPropertyInLiteral`) for the life of the process. Node's streams and HTTP
// server call nextTick() about ten times per request, so a process caught that way answers
// 15-20% fewer requests per second on every route, the host app's own included. Measured with
// `perf` on the benchmark app under load (docs/benchmarks.md): about one process of the plugin in
// three got there; plain Fastify none, and every one with V8's `--no-lazy-feedback-allocation`.
// Its feedback is still monomorphic when the server starts listening; calling nextTick() enough
// times before traffic gets it optimized in that state, and no process measured got there after.
// The event loop turns between batches so that V8's concurrent compiler can install its code.
const CALLS = 10_000
const BATCH = 500

// One warm-up per process; an app whose ready() comes while it runs waits for the same one.
let warming: Promise<void> | undefined

export function warmNextTick (): Promise<void> {
  warming ??= run()
  return warming
}

async function run (): Promise<void> {
  for (let done = 0; done < CALLS; done += BATCH) {
    await new Promise<void>(resolve => {
      let left = BATCH
      const one = (): void => { if (--left === 0) setImmediate(resolve) }
      for (let i = 0; i < BATCH; i++) process.nextTick(one)
    })
  }
}
