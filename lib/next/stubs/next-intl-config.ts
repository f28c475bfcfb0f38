// `next-intl/config`: next-intl's Next.js plugin aliases it to the app's request config
// (i18n/request.ts or src/i18n/request.ts, exporting getRequestConfig(...) as default). Served here
// in its place for every importer, it calls the config of the app the loader found one in, loaded
// through the loader (TypeScript, tsconfig paths) on first use. next-intl awaits what it returns.
import { FST_ERR_NEXT_INTL_CONFIG } from '../../errors.js'

type RequestConfig = (params: unknown) => unknown
interface Registered { dir: string, file: string | undefined, load: (file: string) => Promise<Record<string, unknown>> }

const KEY = Symbol.for('fastify-next-routes.nextIntlConfig')
const registry = ((globalThis as Record<symbol, unknown>)[KEY] ??= []) as Registered[]

/**
 * Called by each loader: its app's request config (or undefined). The latest app wins, as
 * next-intl's modules (and so this one) are loaded once per process.
 */
export function registerNextIntlConfig (entry: Registered): void {
  const at = registry.findIndex(r => r.dir === entry.dir)
  if (at !== -1) registry.splice(at, 1)
  registry.push(entry)
}

// Loaded on each call: the loader's module cache makes that one lookup under `start`, and `dev`
// (no cache) sees an edited config on the next request.
export default async function requestConfig (params: unknown): Promise<unknown> {
  const app = registry.at(-1)
  if (app?.file === undefined) throw new FST_ERR_NEXT_INTL_CONFIG(app?.dir ?? process.cwd())
  const fn = (await app.load(app.file)).default
  if (typeof fn !== 'function') throw new FST_ERR_NEXT_INTL_CONFIG(app.dir)
  return await (fn as RequestConfig)(params)
}
