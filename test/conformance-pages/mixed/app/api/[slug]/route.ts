export async function GET (_request: Request, ctx: { params: Promise<{ slug: string }> }) {
  return Response.json({ route: 'app/api/[slug]', params: await ctx.params })
}
