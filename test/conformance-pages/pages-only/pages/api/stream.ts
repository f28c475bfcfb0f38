import type { NextApiRequest, NextApiResponse } from 'next'

// A body written in parts, waiting between them, as streaming APIs (SSE, AI) do.
export default async function handler (_req: NextApiRequest, res: NextApiResponse) {
  res.setHeader('content-type', 'text/plain; charset=utf-8')
  for (const part of ['one\n', 'two\n', 'three\n']) {
    res.write(part)
    ;(res as unknown as { flush?: () => void }).flush?.()
    await new Promise(resolve => setTimeout(resolve, 20))
  }
  res.end()
}
