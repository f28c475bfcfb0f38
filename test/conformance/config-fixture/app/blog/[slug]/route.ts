export const GET = async (_: Request, { params }: { params: Promise<{ slug: string }> }) => Response.json({ slug: (await params).slug })
