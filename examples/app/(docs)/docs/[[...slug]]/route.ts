export async function GET (_request: Request, { params }: { params: Promise<{ slug?: string[] }> }) {
  const { slug = [] } = await params
  return Response.json({ page: slug.join('/') || 'index' })
}
