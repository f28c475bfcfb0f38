// The upstream of the config fixture's external rewrite, on the fixed port its next.config names
// (rewrites are built into Next's routes manifest, so the port cannot change between runs).
import { createServer } from 'node:http'

export const UPSTREAM_PORT = 47816

export function startUpstream () {
  return new Promise((resolve, reject) => {
    const server = createServer((req, res) => {
      res.setHeader('content-type', 'application/json')
      res.setHeader('x-upstream', 'yes')
      res.end(JSON.stringify({ upstream: true, method: req.method, url: req.url, forwardedFor: req.headers['x-forwarded-for'] ?? null, forwardedProto: req.headers['x-forwarded-proto'] ?? null }))
    })
    server.once('error', reject)
    server.listen(UPSTREAM_PORT, '127.0.0.1', () => resolve(server))
  })
}
