import { NextResponse } from 'next/server'

export function GET () {
  return NextResponse.json({
    name: 'fastify-next-routes example',
    routes: ['/api/hello', '/api/users/1', 'POST /api/echo', '/api/session', '/api/stream', '/docs/a/b', '/legacy']
  })
}
