import type { NextApiRequest, NextApiResponse } from 'next'

// bodyParser: false leaves the request stream unread for the handler.
export const config = { api: { bodyParser: false } }

export default async function handler (req: NextApiRequest, res: NextApiResponse) {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  const raw = Buffer.concat(chunks)
  res.json({ bodyIsUndefined: req.body === undefined, length: raw.length, start: raw.subarray(0, 40).toString('utf8') })
}
