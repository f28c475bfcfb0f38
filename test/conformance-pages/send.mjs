// One case of test/conformance-pages/cases.mjs, sent as test/conformance/send.mjs sends it, after
// filling in what depends on an earlier answer of the same server: `etagOf` sends the ETag that
// case got back as If-None-Match.
import { sendCase } from '../conformance/send.mjs'

export async function sendPagesCase (port, c, answers, options) {
  let sent = c
  if (c.etagOf !== undefined) sent = { ...c, send: { ...c.send, 'if-none-match': answers.get(c.etagOf)?.headers.etag ?? '' } }
  const res = await sendCase(port, sent, options)
  answers.set(c.name, res)
  return res
}
