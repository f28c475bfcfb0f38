import type { NextApiRequest, NextApiResponse } from 'next'

// Answers after the handler returned, from a callback: served, Next only warns in dev.
export const config = { api: { externalResolver: true } }

export default function handler (_req: NextApiRequest, res: NextApiResponse) {
  setTimeout(() => res.json({ later: true }), 30)
}
