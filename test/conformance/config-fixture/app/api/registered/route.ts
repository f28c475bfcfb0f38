export const dynamic = 'force-dynamic'
export const GET = () => Response.json({ registered: (globalThis as any).__sentry?.registered ?? false, runtime: (globalThis as any).__sentry?.runtime, defaults: process.env.CONFIG_HAS_DEFAULTS })
