import { getFastifyRequest } from 'fastify-next-routes'

export function GET (request: Request) {
  const fastifyRequest = getFastifyRequest(request)
  const session = (fastifyRequest?.raw as { session?: { user?: { name: string } } } | undefined)?.session
  if (session?.user === undefined) return Response.json({ error: 'not logged in' }, { status: 401 })
  return Response.json({ user: session.user, tenant: (fastifyRequest as unknown as { tenant: string }).tenant, ip: fastifyRequest?.ip })
}
