import { getFastifyRequest } from 'fastify-next-routes'

// express-session's req.session lives on the Node request: reach it through the Fastify request.
export async function POST (request: Request) {
  const { name } = await request.json()
  const session = (getFastifyRequest(request)?.raw as { session?: Record<string, unknown> } | undefined)?.session
  if (session === undefined) return Response.json({ error: 'no session middleware' }, { status: 500 })
  session.user = { name }
  return Response.json({ loggedIn: name })
}
