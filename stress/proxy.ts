import { NextResponse, type NextRequest } from 'next/server'

// /old/<id> is rewritten onto the route file, /legacy onto a plain Fastify route of the app.
export function proxy (request: NextRequest) {
  const { pathname } = request.nextUrl
  if (pathname === '/legacy') return NextResponse.rewrite(new URL('/legacy-fastify', request.url))
  const url = request.nextUrl.clone()
  url.pathname = '/api/items/' + pathname.slice('/old/'.length)
  const headers = new Headers(request.headers)
  headers.set('x-rewritten-from', pathname)
  return NextResponse.rewrite(url, { request: { headers } })
}

export const config = { matcher: ['/old/:id', '/legacy'] }
