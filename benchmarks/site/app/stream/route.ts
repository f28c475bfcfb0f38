// 1 MB in 16 KB chunks, produced on demand.
const CHUNK = new Uint8Array(16 * 1024).fill(120)
const COUNT = 64

export function GET () {
  let sent = 0
  return new Response(new ReadableStream<Uint8Array>({
    pull (controller) {
      if (sent++ === COUNT) controller.close()
      else controller.enqueue(CHUNK)
    }
  }), { headers: { 'content-type': 'application/octet-stream' } })
}
