export const GET = (request: Request) => Response.json({ fallback: true, url: request.url })
