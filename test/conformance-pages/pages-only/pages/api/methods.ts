import type { NextApiRequest, NextApiResponse } from 'next'

// One handler for every method: Next does no method routing for API routes.
export default function handler (req: NextApiRequest, res: NextApiResponse) {
  res.setHeader('x-method', req.method ?? '')
  res.status(200).send(`method ${req.method}`)
}
