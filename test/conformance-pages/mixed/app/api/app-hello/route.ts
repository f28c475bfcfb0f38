export function GET (request: Request) {
  return Response.json({ route: 'app/api/app-hello', fromMiddleware: request.headers.get('x-from-middleware') })
}
