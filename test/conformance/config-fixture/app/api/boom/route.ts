export const dynamic = 'force-dynamic'
export function GET () { throw new Error('boom in a route handler') }
