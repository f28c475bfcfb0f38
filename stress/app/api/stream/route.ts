// ?kb=N streams N KiB in 16 KiB chunks, produced on demand (backpressure decides the pace).
const CHUNK = new Uint8Array(16 * 1024).fill(97)

export function GET (request: Request) {
  const kb = Number(new URL(request.url).searchParams.get('kb') ?? '256')
  let left = Math.ceil(kb / 16)
  return new Response(new ReadableStream<Uint8Array>({
    pull (controller) {
      if (left-- <= 0) controller.close()
      else controller.enqueue(CHUNK)
    }
  }), { headers: { 'content-type': 'application/octet-stream' } })
}
