export const GET = async (request: Request, { params }: { params: Promise<{ id: string }> }) => Response.json({ id: (await params).id, url: request.url })
