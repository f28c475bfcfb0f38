import type { NextApiRequest, NextApiResponse } from 'next'

export const config = { api: { bodyParser: { sizeLimit: '100b' } } }

export default function handler (req: NextApiRequest, res: NextApiResponse) {
  res.json({ body: req.body })
}
