import { NextResponse, userAgent, type NextRequest } from 'next/server'

export async function GET (request: NextRequest) {
  const name = request.nextUrl.searchParams.get('name') ?? 'world'
  return NextResponse.json({ hello: name, browser: userAgent(request).browser.name ?? null })
}
