// `fastify-next-routes dev [dir]`: serve dir's app/ and reload it when a file changes. One HTTP
// server stays up; each reload builds a fresh Fastify instance with freshly loaded modules and
// swaps it in only once it is ready, so a file that fails to load leaves the last good version
// serving while the error is printed. As under `next dev`, nothing is cached.
import { readdirSync, watch, type FSWatcher } from 'node:fs'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { join, relative } from 'node:path'
import Fastify, { type FastifyInstance } from 'fastify'
import { plugin } from './plugin.js'

export interface DevOptions {
  dir: string
  port: number
  host: string
  prefix?: string
  /** where status lines go (the terminal by default) */
  print?: (line: string) => void
  /** wait this long after the last change before reloading (ms) */
  debounce?: number
}

export interface DevServer {
  readonly server: Server
  /** resolves once the reload the latest change triggered is done (for tests and scripts) */
  reload (): Promise<void>
  close (): Promise<void>
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void

// Folders whose changes never affect the app (and which are large to watch).
const IGNORED = new Set(['node_modules', '.git', '.next', 'dist', 'coverage'])

export async function startDev (options: DevOptions): Promise<DevServer> {
  const print = options.print ?? ((line: string) => console.log(line))
  // `partial`: some files failed to load and answer 500.
  let current: { app: FastifyInstance, handle: Handler, partial: boolean } | null = null
  let lastError: string | null = null

  const server = createServer((req, res) => {
    if (current !== null) return current.handle(req, res)
    res.statusCode = 503
    res.setHeader('content-type', 'text/plain; charset=utf-8')
    res.end(`fastify-next-routes dev: the app failed to load; fix it and save.\n\n${lastError ?? ''}\n`)
  })

  // A Fastify instance that never listens: the dev server hands it requests through its handler.
  async function build (): Promise<{ app: FastifyInstance, handle: Handler, failed: Error | null }> {
    let handle: Handler | null = null
    let failed: Error | null = null
    const app = Fastify({
      logger: { level: 'info', transport: undefined },
      serverFactory: (handler) => {
        handle = handler as Handler
        return createServer()
      }
    })
    try {
      await app.register(plugin, {
        dir: options.dir,
        prefix: options.prefix,
        cache: false,
        freshModules: true,
        env: true,
        // Files that fail to load answer 500 with their error; the rest is served.
        skipFailedFiles: (err) => { failed = err }
      })
      await app.ready()
    } catch (err) {
      await app.close().catch(() => {})
      throw err
    }
    return { app, handle: handle as unknown as Handler, failed }
  }

  let running: Promise<void> = Promise.resolve()
  const reloadNow = async (reason: string): Promise<void> => {
    const started = performance.now()
    try {
      const next = await build()
      // A file that stops loading keeps the last complete version serving, as a failed reload
      // does; with no complete version to keep, the files that load are served.
      if (next.failed !== null && current !== null && !current.partial) {
        await next.app.close()
        throw next.failed
      }
      const previous = current
      current = { app: next.app, handle: next.handle, partial: next.failed !== null }
      lastError = null
      if (next.failed !== null) print(`✗ ${reason}: serving the files that load; the others answer 500\n${describe(next.failed)}`)
      else print(`✓ ${reason}: reloaded in ${Math.round(performance.now() - started)} ms`)
      await previous?.app.close()
    } catch (err) {
      lastError = describe(err)
      print(`✗ ${reason}: reload failed, still serving the last version that loaded\n${lastError}`)
    }
  }
  // One reload at a time; a change during a reload queues one more.
  const reload = (reason: string): Promise<void> => (running = running.then(() => reloadNow(reason)))

  let timer: NodeJS.Timeout | undefined
  const changed = new Set<string>()
  const onChange = (base: string) => (_event: string, file: string | Buffer | null): void => {
    const name = file === null ? base : join(base, file.toString())
    if (relative(options.dir, name).split(/[\\/]/).some(part => IGNORED.has(part))) return
    changed.add(relative(options.dir, name) || '.')
    clearTimeout(timer)
    timer = setTimeout(() => {
      const files = [...changed]
      changed.clear()
      void reload(files.length === 1 ? files[0] : `${files.length} files changed`)
    }, options.debounce ?? 60)
  }
  // The folder itself (proxy.ts, tsconfig.json) and each folder in it, recursively, except the
  // ignored ones: a recursive watch of the whole folder would walk node_modules.
  const watched = new Map<string, FSWatcher>()
  const watchFolders = (): void => {
    for (const entry of readdirSync(options.dir, { withFileTypes: true })) {
      const sub = join(options.dir, entry.name)
      if (entry.isDirectory() && !IGNORED.has(entry.name) && !watched.has(sub)) watched.set(sub, watch(sub, { recursive: true }, onChange(sub)))
    }
  }
  const top = onChange(options.dir)
  watched.set(options.dir, watch(options.dir, (event, file) => {
    // A folder created later (say lib/) is watched from then on.
    if (event === 'rename') watchFolders()
    top(event, file)
  }))
  watchFolders()

  await reload('startup')
  await new Promise<void>(resolve => server.listen(options.port, options.host, resolve))
  const address = server.address()
  const port = typeof address === 'object' && address !== null ? address.port : options.port
  print(`fastify-next-routes dev: http://${options.host === '0.0.0.0' ? 'localhost' : options.host}:${port} (watching ${options.dir})`)

  return {
    server,
    reload: async () => await running,
    async close () {
      clearTimeout(timer)
      for (const w of watched.values()) w.close()
      await new Promise<void>(resolve => server.close(() => resolve()))
      await running
      await current?.app.close()
    }
  }
}

// A load error already names the file, line and cause (FST_ERR_NEXT_MODULE_LOAD); other startup
// errors (conflicts, segment config) name the file and the fix.
function describe (err: unknown): string {
  const e = err as Error & { code?: string }
  return `${e.code !== undefined ? `[${e.code}] ` : ''}${e.message ?? String(err)}`
}
