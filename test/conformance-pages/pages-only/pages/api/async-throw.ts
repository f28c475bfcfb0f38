import type { NextApiRequest, NextApiResponse } from 'next'

export default async function handler (_req: NextApiRequest, _res: NextApiResponse) {
  await new Promise(resolve => setTimeout(resolve, 5))
  throw new Error('async boom')
}
