// What the recording scripts share around a real `next start`: a free port, and waiting until it
// answers. `probe(port)` sends one request and throws (or returns false) while Next is not ready.
import { createServer } from 'node:net'

export function freePort () {
  return new Promise(resolve => {
    const srv = createServer().listen(0, () => { const { port } = srv.address(); srv.close(() => resolve(port)) })
  })
}

export async function waitForNext (port, child, probe) {
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error('next start exited early')
    try {
      if (await probe(port) !== false) return
    } catch {}
    await new Promise(resolve => setTimeout(resolve, 200))
  }
  throw new Error('next start did not answer within 60 s')
}
