import { NextResponse, type NextRequest } from 'next/server'

export async function GET (request: NextRequest, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params
  return NextResponse.json({ id, q: request.nextUrl.searchParams.get('q'), rewrittenFrom: request.headers.get('x-rewritten-from') })
}
