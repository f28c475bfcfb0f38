import { after } from 'next/server'

// Takes ?ms= to answer and schedules after() work: what graceful shutdown must wait for.
export async function GET (request: Request) {
  const ms = Number(new URL(request.url).searchParams.get('ms') ?? '200')
  await new Promise(resolve => setTimeout(resolve, ms))
  after(async () => { await new Promise(resolve => setTimeout(resolve, ms)) })
  return new Response('slow done')
}
