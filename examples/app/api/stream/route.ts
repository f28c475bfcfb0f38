// Streams five lines, 100 ms apart.
export function GET () {
  let i = 0
  const encoder = new TextEncoder()
  const stream = new ReadableStream<Uint8Array>({
    async pull (controller) {
      if (i === 5) return controller.close()
      await new Promise(resolve => setTimeout(resolve, 100))
      controller.enqueue(encoder.encode(`line ${++i}\n`))
    }
  })
  return new Response(stream, { headers: { 'content-type': 'text/plain; charset=utf-8' } })
}
