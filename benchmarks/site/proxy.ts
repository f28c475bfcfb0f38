import { NextResponse } from 'next/server'

// The middleware scenario: continue with one response header.
export function proxy () {
  return NextResponse.next({ headers: { 'x-mw': '1' } })
}

export const config = { matcher: '/mw/:path*' }
