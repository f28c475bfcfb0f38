import type { NextApiRequest, NextApiResponse } from 'next'

export default function handler (req: NextApiRequest, res: NextApiResponse) {
  res.setHeader('Set-Cookie', ['a=1; Path=/', 'b=2; Path=/; HttpOnly'])
  res.json({ cookies: req.cookies })
}
