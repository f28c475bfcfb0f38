// An edge API route: a Web handler, run as route handlers are.
export const config = { runtime: 'edge' }

export default async function handler (request: Request) {
  const url = new URL(request.url)
  const body = request.method === 'POST' ? await request.text() : null
  return Response.json({ runtime: 'edge', method: request.method, pathname: url.pathname, search: url.search, body }, { headers: { 'x-edge': '1' } })
}
