import { NextResponse, type NextRequest } from 'next/server'

// The guard: /admin needs the auth cookie, whatever spelling or config rule a request comes with.
export function proxy (request: NextRequest) {
  if (request.nextUrl.pathname.toLowerCase().startsWith('/admin') && request.cookies.get('auth')?.value !== 'yes') {
    return new Response('denied', { status: 401 })
  }
  const res = NextResponse.next()
  res.headers.set('x-mw-path', request.nextUrl.pathname)
  res.headers.set('x-mw-basepath', request.nextUrl.basePath)
  return res
}

export const config = { matcher: ['/((?!_next/static|robots.txt).*)'] }
