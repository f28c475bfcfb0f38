// Request bodies read straight from the Node stream: into one Buffer for text()/json()/arrayBuffer(),
// or as a pull-based Web stream for request.body. Both enforce the route's bodyLimit.
import { pipeline, Transform, type Readable } from 'node:stream'
import { errorCodes, type FastifyRequest } from 'fastify'

// Fastify's own 413 error, so error handlers see the code they know from Fastify's parsers.
const { FST_ERR_CTP_BODY_TOO_LARGE } = errorCodes

/** The client went away before the body was complete. Named as undici names it. */
function abortedError (cause?: Error): Error {
  const err = new Error('The request body was aborted by the client', { cause })
  err.name = 'AbortError'
  return err
}

// Node reports a client that hung up mid body as an 'error' (ECONNRESET, "aborted") before 'close'.
function bodyError (err: Error): Error {
  return (err as NodeJS.ErrnoException).code === 'ECONNRESET' ? abortedError(err) : err
}

const EMPTY = Buffer.alloc(0)
const noop = (): void => {}

/**
 * The whole body as one Buffer; `map` (if given) turns it into the result as the stream ends,
 * saving the caller a promise and a tick (a throw in it rejects).
 */
export function readBody (src: Readable, limit: number): Promise<Buffer>
export function readBody<T> (src: Readable, limit: number, map: (buf: Buffer) => T): Promise<T>
export function readBody<T> (src: Readable, limit: number, map?: (buf: Buffer) => T): Promise<Buffer | T> {
  // Someone else (a Fastify hook or plugin) already consumed the stream: the body is gone.
  if (src.readableEnded) return map === undefined ? Promise.resolve(EMPTY) : Promise.resolve(EMPTY).then(map)
  if (src.destroyed) return Promise.reject(abortedError())
  return new Promise<Buffer | T>((resolve, reject) => {
    const chunks: Buffer[] = []
    let received = 0
    const cleanup = (): void => {
      src.off('data', onData)
      src.off('end', onEnd)
      src.off('error', onError)
      src.off('close', onClose)
    }
    const onData = (chunk: Buffer): void => {
      received += chunk.length
      if (received > limit) {
        cleanup()
        // Stop reading; Node discards the rest of the body once the 413 is sent.
        src.pause()
        reject(new FST_ERR_CTP_BODY_TOO_LARGE())
        return
      }
      chunks.push(chunk)
    }
    const onEnd = (): void => {
      cleanup()
      const buf = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, received)
      if (map === undefined) {
        resolve(buf)
        return
      }
      try {
        resolve(map(buf))
      } catch (err) {
        reject(err)
      }
    }
    const onError = (err: Error): void => {
      cleanup()
      reject(bodyError(err))
    }
    const onClose = (): void => {
      cleanup()
      reject(abortedError())
    }
    // `on`, not `once`: every handler removes all four first (and once() wraps each in a closure).
    src.on('data', onData)
    src.on('end', onEnd)
    src.on('error', onError)
    src.on('close', onClose)
  })
}

/**
 * The most a middleware (or an external rewrite) reads of a request body. A pages/api route's own
 * bodyLimit is lifted for Next's sizeLimit (its parser answers Next's 413); the middleware and
 * the proxy in front of it keep the app's bodyLimit (`config.nextOuterBodyLimit`).
 */
export function outerBodyLimit (request: FastifyRequest): number {
  return (request.routeOptions.config as { nextOuterBodyLimit?: number }).nextOuterBodyLimit ?? request.routeOptions.bodyLimit
}

/** The body as a Node stream that fails with Fastify's 413 error past `limit` bytes (for the proxy). */
export function limitedBody (src: Readable, limit: number): Readable {
  let received = 0
  const limited = new Transform({
    transform (chunk: Buffer, _encoding, callback) {
      received += chunk.length
      callback(received > limit ? new FST_ERR_CTP_BODY_TOO_LARGE() : null, chunk)
    }
  })
  // pipeline, not pipe: a client that goes away mid body ends the upstream body too (pipe would
  // leave it waiting for bodyTimeout).
  pipeline(src, limited, noop)
  return limited
}

/**
 * A Web ReadableStream over the Node stream with backpressure: the Node side is paused whenever the
 * Web queue is full and resumed on pull, so a slow consumer never makes us buffer the whole body.
 */
export function toWebStream (src: Readable, limit: number): ReadableStream<Uint8Array> {
  let received = 0
  let done = false
  const cleanup = (): void => {
    done = true
    src.off('data', onData)
    src.off('end', onEnd)
    src.off('error', onError)
    src.off('close', onClose)
  }
  let controller!: ReadableStreamDefaultController<Uint8Array>
  if (src.readableEnded) return new ReadableStream({ start (c) { c.close() } })
  const onData = (chunk: Buffer): void => {
    received += chunk.length
    if (received > limit) {
      cleanup()
      src.pause()
      controller.error(new FST_ERR_CTP_BODY_TOO_LARGE())
      return
    }
    controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength))
    if ((controller.desiredSize ?? 1) <= 0) src.pause()
  }
  const onEnd = (): void => {
    cleanup()
    controller.close()
  }
  const onError = (err: Error): void => {
    cleanup()
    controller.error(bodyError(err))
  }
  const onClose = (): void => {
    cleanup()
    controller.error(abortedError())
  }
  return new ReadableStream<Uint8Array>({
    start (c) {
      controller = c
      src.on('data', onData)
      src.once('end', onEnd)
      src.once('error', onError)
      src.once('close', onClose)
    },
    pull () {
      if (!done) src.resume()
    },
    cancel () {
      cleanup()
      src.pause()
    }
  }, { highWaterMark: 65536, size: chunk => chunk.byteLength })
}
