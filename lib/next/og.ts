// next/og: ImageResponse, a PNG rendered from JSX by @vercel/og (satori for the layout, resvg as
// WebAssembly for the raster, a bundled Noto Sans font), the renderer Next bundles. It is loaded on
// the first `new ImageResponse`, so importing next/server or next/og costs nothing until an image is
// drawn. Headers are Next's (16.4.6, `next start`): `image/png` and `public, max-age=0,
// must-revalidate`, the options' headers set over them.
import { FST_ERR_NEXT_OG } from '../errors.js'

type FontWeight = 100 | 200 | 300 | 400 | 500 | 600 | 700 | 800 | 900

export interface ImageResponseFont {
  name: string
  data: ArrayBuffer | Buffer
  weight?: FontWeight
  style?: 'normal' | 'italic'
  lang?: string
}

export interface ImageResponseOptions {
  /** @default 1200 */
  width?: number
  /** @default 630 */
  height?: number
  /** fonts for the text; without them the bundled Noto Sans (Latin, regular) */
  fonts?: ImageResponseFont[]
  /** emoji images, fetched from their CDN when the text has emoji (as in Next) */
  emoji?: 'twemoji' | 'blobmoji' | 'noto' | 'openmoji' | 'fluent' | 'fluentFlat'
  /** draw layout boxes over the image */
  debug?: boolean
  status?: number
  statusText?: string
  headers?: HeadersInit
}

interface Renderer {
  ImageResponse: new (element: unknown, options?: Record<string, unknown>) => Response
}

const CACHE_CONTROL = process.env.NODE_ENV === 'development' ? 'no-cache, no-store' : 'public, max-age=0, must-revalidate'

let renderer: Promise<Renderer> | undefined
const loadRenderer = (): Promise<Renderer> => (renderer ??= import('@vercel/og') as Promise<Renderer>)

/** The file that called `new ImageResponse`, for error messages: the first frame below ours. */
function callerFile (holder: { stack?: string }): string {
  const frame = holder.stack?.split('\n').slice(1).find(line => /\(?(?:file:\/\/)?\/.+:\d+:\d+\)?$/.test(line))
  const match = frame?.match(/\(?((?:file:\/\/)?\/[^()]+?):\d+:\d+\)?$/)
  return match?.[1]?.replace(/^file:\/\//, '') ?? 'unknown file'
}

export class ImageResponse extends Response {
  static displayName = 'ImageResponse'

  constructor (element: unknown, options: ImageResponseOptions = {}) {
    // Only a stack is taken here (cheap); its file is read when rendering fails.
    const site: { stack?: string } = {}
    Error.captureStackTrace(site, ImageResponse)
    const { status, statusText, headers: extra, ...drawing } = options
    const body = new ReadableStream<Uint8Array>({
      async start (controller) {
        let png: ArrayBuffer
        try {
          const { ImageResponse: Render } = await loadRenderer()
          // The renderer's own headers and status are not used: ours are set below, as Next does.
          png = await new Render(element, drawing as Record<string, unknown>).arrayBuffer()
        } catch (err) {
          controller.error(new FST_ERR_NEXT_OG(callerFile(site), (err as Error)?.message ?? String(err), { cause: err }))
          return
        }
        controller.enqueue(new Uint8Array(png))
        controller.close()
      }
    })
    const headers = new Headers({ 'content-type': 'image/png', 'cache-control': CACHE_CONTROL })
    if (extra !== undefined) new Headers(extra).forEach((value, name) => headers.set(name, value))
    super(body, { headers, status, statusText })
  }
}
