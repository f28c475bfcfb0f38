// What Node's HTTP server (and so `next start`) answers a request its parser rejects (an unknown
// method such as `HEADER`, a malformed request line): a bare status line, no body, no
// content-type, connection closed. Fastify's default `clientErrorHandler` sends a JSON body
// instead. The plugin cannot change that for the app's server (it is a server option: the app owns
// the server); the CLI and the dev server pass this handler, and an app can pass it to Fastify().
import type { Socket } from 'node:net'

const STATUS: Record<string, string> = {
  HPE_HEADER_OVERFLOW: '431 Request Header Fields Too Large',
  HPE_CHUNK_EXTENSIONS_OVERFLOW: '413 Payload Too Large',
  ERR_HTTP_REQUEST_TIMEOUT: '408 Request Timeout'
}

export function nextClientErrorHandler (error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy(error)
    return
  }
  const status = STATUS[error.code ?? ''] ?? '400 Bad Request'
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\n\r\n`)
}
