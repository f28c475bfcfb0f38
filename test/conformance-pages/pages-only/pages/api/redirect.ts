import type { NextApiRequest, NextApiResponse } from 'next'

export default function handler (req: NextApiRequest, res: NextApiResponse) {
  if (req.query.status === '301') return res.redirect(301, '/api/echo?from=redirect')
  if (req.query.bad === '1') return (res.redirect as (a: unknown) => void)(301)
  return res.redirect('/api/echo?from=redirect')
}
