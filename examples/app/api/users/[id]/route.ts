import { notFound } from 'next/navigation'
import { findUser } from '@/lib/users'

// RouteContext comes from next-routes.d.ts (`npx fastify-next-routes typegen examples`), as from
// `next typegen` in a Next.js app.
export async function GET (_request: Request, { params }: RouteContext<'/api/users/[id]'>) {
  const { id } = await params
  const user = findUser(id)
  if (user === undefined) notFound()
  return Response.json(user)
}
