import type { NextRequest } from 'next/server'
export function GET (request: NextRequest) {
  return Response.json({ url: request.url, pathname: request.nextUrl.pathname, query: Object.fromEntries(request.nextUrl.searchParams) })
}
