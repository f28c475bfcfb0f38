// Cached for 10 s: `x-nextjs-cache: HIT`, then STALE while it regenerates in the background.
export const revalidate = 10

export function GET () {
  return Response.json({ generatedAt: new Date().toISOString() })
}
