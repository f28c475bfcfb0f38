export const GET = () => Response.json({ file: 'shadow' })
