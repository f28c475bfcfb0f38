// next/og: placeholder until the ImageResponse renderer lands (another change replaces this file).
export class ImageResponse extends Response {
  constructor (..._args: unknown[]) {
    super(null)
    throw new Error('fastify-next-routes: `ImageResponse` from next/og is not implemented yet.')
  }
}
