// The same from an edge API route (port of Next's app-middleware fixture: `export const runtime`).
export const runtime = 'edge'

export default function handler (request) {
  return Response.json(Object.fromEntries(request.headers.entries()), { headers: { 'headers-from-edge-function': '1' } })
}
