import type { NextApiRequest, NextApiResponse } from 'next'

// The path param is merged into req.query and wins over a query key of the same name.
export default function handler (req: NextApiRequest, res: NextApiResponse) {
  res.json({ route: '/api/users/[id]', query: req.query })
}
