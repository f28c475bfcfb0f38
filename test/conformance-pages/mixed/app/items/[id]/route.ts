export async function GET (_request: Request, ctx: { params: Promise<{ id: string }> }) {
  return Response.json({ route: 'app/items/[id]', params: await ctx.params })
}
