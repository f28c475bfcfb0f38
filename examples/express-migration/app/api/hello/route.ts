// Unchanged from the Next.js app: the Express middleware's headers are added around its answer.
export function GET () {
  return Response.json({ hello: 'world' }, { headers: { 'x-handler': '1' } })
}
