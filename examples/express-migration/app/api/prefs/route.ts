import { getFastifyRequest } from 'fastify-next-routes'

// Writes the session and sets a cookie of its own: both cookies reach the client.
export async function POST (request: Request) {
  const { theme } = await request.json()
  const session = (getFastifyRequest(request)?.raw as { session?: Record<string, unknown> } | undefined)?.session
  if (session !== undefined) session.theme = theme
  return Response.json({ theme }, { headers: { 'set-cookie': `theme=${encodeURIComponent(theme)}; Path=/; SameSite=Lax` } })
}
