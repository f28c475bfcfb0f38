import { revalidatePath } from 'next/cache'
import type { NextRequest } from 'next/server'

// POST /api/revalidate?path=/api/products/1 regenerates that entry on its next request.
export function POST (request: NextRequest) {
  const path = request.nextUrl.searchParams.get('path')
  if (path === null) return Response.json({ error: 'path is required' }, { status: 400 })
  revalidatePath(path)
  return Response.json({ revalidated: path })
}
