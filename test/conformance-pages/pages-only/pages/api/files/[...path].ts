import type { NextApiRequest, NextApiResponse } from 'next'

export default function handler (req: NextApiRequest, res: NextApiResponse) {
  res.json({ route: '/api/files/[...path]', query: req.query })
}
