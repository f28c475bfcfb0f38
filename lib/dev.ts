// `fastify-next-routes dev [dir]`: serve dir's app/ and reload it when a file changes. One HTTP
// server stays up; each reload builds a fresh Fastify instance with freshly loaded modules and
// swaps it in only once it is ready, so a file that fails to load leaves the last good version
// serving while the error is printed. As under `next dev`, nothing is cached.
import { existsSync, readdirSync, readFileSync, statSync, watch, writeFileSync, type FSWatcher } from 'node:fs'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { join, relative } from 'node:path'
import Fastify, { type FastifyInstance } from 'fastify'
import { plugin } from './plugin.js'
import { renderTypes } from './typegen.js'
import { requestLogging } from './request-logging.js'

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
      // Warnings and errors through print (the terminal, or a test's list); a short line per
      // request as next dev prints it, instead of Fastify's two JSON lines.
      logger: { level: 'warn', stream: { write: (line: string) => print(line.trimEnd()) } },
      ...requestLogging(false),
      serverFactory: (handler) => {
        handle = handler as Handler
        return createServer()
      }
    })
    app.addHook('onResponse', (request, reply, done) => {
      print(` ${request.method} ${request.url} ${reply.statusCode} in ${Math.round(reply.elapsedTime)}ms`)
      done()
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
      refreshTypes()
      if (next.failed !== null) print(`✗ ${reason}: serving the files that load; the others answer 500\n${describe(next.failed)}`)
      else print(`✓ ${reason}: reloaded in ${Math.round(performance.now() - started)} ms`)
      await previous?.app.close()
    } catch (err) {
      lastError = describe(err)
      print(current === null
        ? `✗ ${reason}: the app failed to load; requests get a 503 with the error until a change makes it load\n${lastError}`
        : `✗ ${reason}: reload failed, still serving the last version that loaded\n${lastError}`)
    }
  }

  // An app that uses `fastify-next-routes typegen` keeps its next-routes.d.ts in step with its
  // route files (only when the file is there: dev never writes one uninvited).
  const typesFile = join(options.dir, 'next-routes.d.ts')
  function refreshTypes (): void {
    if (!existsSync(typesFile)) return
    try {
      const types = renderTypes(options.dir)
      if (readFileSync(typesFile, 'utf8') !== types) {
        writeFileSync(typesFile, types)
        print('✓ next-routes.d.ts updated')
      }
    } catch (err) {
      print(`✗ next-routes.d.ts not updated: ${describe(err)}`)
    }
  }
  // One reload at a time; a change during a reload queues one more.
  const reload = (reason: string): Promise<void> => (running = running.then(() => reloadNow(reason)))

  let timer: NodeJS.Timeout | undefined
  const changed = new Set<string>()
  const onChange = (name: string): void => {
    changed.add(relative(options.dir, name) || '.')
    clearTimeout(timer)
    timer = setTimeout(() => {
      const files = [...changed]
      changed.clear()
      void reload(files.length === 1 ? files[0] : `${files.length} files changed`)
    }, options.debounce ?? 60)
  }
  // One fs.watch per folder, never per file: an editor's atomic save (vim, JetBrains, `sed -i`
  // write a new file and rename it over the old) replaces the file's inode, which ends a watch on
  // the file itself (and Node 20's recursive watch, which watches files); a folder's watch sees
  // the rename. Folders created later get their own watch when they appear. (chokidar watches
  // files and drops a change whose mtime equals the last one it saw once the file was read since,
  // which on this machine's coarse timestamps lost saves in a row.)
  const ignored = (path: string): boolean => path === typesFile || relative(options.dir, path).split(/[\\/]/).some(part => IGNORED.has(part))
  const watchers = new Map<string, FSWatcher>()
  const watchTree = (folder: string): void => {
    if (watchers.has(folder) || ignored(folder)) return
    let watcher: FSWatcher
    try {
      watcher = watch(folder, (event, name) => {
        const path = name === null ? folder : join(folder, name.toString())
        if (ignored(path)) return
        if (event === 'rename' && isFolder(path)) watchTree(path)
        onChange(path)
      })
    } catch {
      return // gone already
    }
    // A removed folder ends its watch.
    watcher.on('error', () => { watcher.close(); watchers.delete(folder) })
    watchers.set(folder, watcher)
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      if (entry.isDirectory()) watchTree(join(folder, entry.name))
    }
  }
  watchTree(options.dir)

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
      for (const watcher of watchers.values()) watcher.close()
      await new Promise<void>(resolve => server.close(() => resolve()))
      await running
      await current?.app.close()
    }
  }
}

function isFolder (path: string): boolean {
  try {
    return statSync(path).isDirectory()
  } catch {
    return false
  }
}

// A load error already names the file, line and cause (FST_ERR_NEXT_MODULE_LOAD); other startup
// errors (conflicts, segment config) name the file and the fix.
function describe (err: unknown): string {
  const e = err as Error & { code?: string }
  return `${e.code !== undefined ? `[${e.code}] ` : ''}${e.message ?? String(err)}`
}
