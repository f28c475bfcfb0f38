// Listed products are generated at startup; others on first request, then cached.
export function generateStaticParams () {
  return [{ id: '1' }, { id: '2' }]
}

export async function GET (_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params
  return Response.json({ id, name: `Product ${id}`, generatedAt: new Date().toISOString() })
}
