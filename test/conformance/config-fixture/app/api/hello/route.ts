export const GET = (request: Request) => Response.json({ hello: true, url: request.url })
