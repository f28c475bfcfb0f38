import type { NextApiRequest, NextApiResponse } from 'next'

export default function handler (req: NextApiRequest, res: NextApiResponse) {
  if (req.query.off === '1') res.setDraftMode({ enable: false })
  else res.setDraftMode({ enable: true })
  res.end('draft')
}
