import { cookies, headers } from 'next/headers'
import { redirect } from 'next/navigation'

// GET shows the session cookie; POST sets it and redirects back here.
export async function GET () {
  const jar = await cookies()
  const agent = (await headers()).get('user-agent')
  return Response.json({ session: jar.get('session')?.value ?? null, agent })
}

export async function POST () {
  const jar = await cookies()
  jar.set('session', crypto.randomUUID(), { httpOnly: true, path: '/' })
  redirect('/api/session')
}
