// The request-header cases of Next's test/e2e/app-dir/app-middleware (its middleware.js: add
// x-from-middleware, ?remove-headers=, ?update-headers=, ?draft=true), rewritten here for the
// pages/api routes, plus a rewrite onto a pages/api route with a param.
import { NextResponse } from 'next/server'
import { draftMode, headers } from 'next/headers'

export async function middleware (request) {
  const url = request.nextUrl
  if (url.pathname.startsWith('/old-users/')) {
    return NextResponse.rewrite(new URL('/api/items/' + url.pathname.slice('/old-users/'.length) + url.search, request.url))
  }
  if (url.pathname === '/api/blocked') return new Response('blocked by middleware', { status: 401 })
  const forwarded = new Headers(request.headers)
  forwarded.set('x-from-middleware', 'hello-from-middleware')
  const seen = await headers()
  if (forwarded.get('x-from-client') !== null && seen.get('x-from-client') !== forwarded.get('x-from-client')) {
    throw new Error('next/headers disagrees with request.headers')
  }
  if (url.searchParams.get('draft') !== null) (await draftMode()).enable()
  for (const name of (url.searchParams.get('remove-headers') ?? '').split(',').filter(Boolean)) forwarded.delete(name)
  for (const pair of (url.searchParams.get('update-headers') ?? '').split(',').filter(Boolean)) {
    const [name, value] = pair.split('=')
    forwarded.set(name, value)
  }
  return NextResponse.next({ request: { headers: forwarded }, headers: { 'x-mw-saw': url.pathname } })
}

export const config = { matcher: ['/api/:path*', '/old-users/:path*', '/items/:path*'] }
