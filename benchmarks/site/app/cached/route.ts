// Cached by the segment config: served from the response cache (x-nextjs-cache: HIT).
export const dynamic = 'force-static'

export function GET () {
  return Response.json({ hello: 'world' })
}
