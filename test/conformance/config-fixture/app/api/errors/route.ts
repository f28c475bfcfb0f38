export const dynamic = 'force-dynamic'
export const GET = () => Response.json((globalThis as any).__sentry?.captured ?? null)
