// Sentry-style: register() sets the client up, onRequestError captures (kept in memory, no network).
export async function register () {
  await new Promise(resolve => setTimeout(resolve, 20))
  ;(globalThis as any).__sentry = { registered: true, runtime: process.env.NEXT_RUNTIME, captured: [] as unknown[] }
}

export function onRequestError (error: unknown, request: { path: string, method: string, headers: Record<string, unknown> }, context: Record<string, unknown>) {
  ;(globalThis as any).__sentry?.captured.push({
    message: (error as Error).message,
    path: request.path,
    method: request.method,
    hasHeaders: typeof request.headers === 'object',
    routerKind: context.routerKind,
    routePath: context.routePath,
    routeType: context.routeType,
    revalidateReason: context.revalidateReason ?? null
  })
}
