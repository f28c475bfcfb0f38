import type { NextApiRequest, NextApiResponse } from 'next'

// Everything Next hands an API route about the request, as JSON.
export default function handler (req: NextApiRequest, res: NextApiResponse) {
  res.status(200).json({
    method: req.method,
    url: req.url,
    query: req.query,
    cookies: req.cookies,
    body: req.body,
    bodyType: typeof req.body,
    custom: req.headers['x-custom'] ?? null,
    preview: req.preview ?? null,
    draftMode: req.draftMode ?? null
  })
}
