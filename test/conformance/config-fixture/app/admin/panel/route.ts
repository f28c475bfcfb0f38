export const GET = () => Response.json({ admin: true })
