import { Readable } from 'node:stream'
import type { NextApiRequest, NextApiResponse } from 'next'

// res.send() with each kind of value Next's sendData tells apart.
export default function handler (req: NextApiRequest, res: NextApiResponse) {
  switch (req.query.kind) {
    case 'string': return res.send('hello')
    case 'html': res.setHeader('content-type', 'text/html'); return res.send('<p>hi</p>')
    case 'buffer': return res.send(Buffer.from('bytes here'))
    case 'object': return res.send({ a: 1 })
    case 'number': return res.send(42)
    case 'boolean': return res.send(false)
    case 'null': return res.send(null)
    case 'stream': return res.send(Readable.from(['a', 'b', 'c']))
    case 'no-content': return res.status(204).send('ignored')
    case 'status': return res.status(201).json({ created: true })
    case 'end': res.statusCode = 202; res.setHeader('x-end', '1'); return res.end('ended')
  }
  res.status(400).json({ error: 'unknown kind' })
}
