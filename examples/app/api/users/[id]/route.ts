import { notFound } from 'next/navigation'
import { findUser } from '@/lib/users'

export async function GET (_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params
  const user = findUser(id)
  if (user === undefined) notFound()
  return Response.json(user)
}
