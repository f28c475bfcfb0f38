export const GET = (request: Request) => Response.json({ root: true, url: request.url })
