#!/usr/bin/env node
// fastify-next-routes start [dir] | build [dir] | dev [dir] | routes [dir] | typegen [dir]
import { existsSync, readFileSync } from 'node:fs'
import { DEFAULT_BUILD_DIR } from './build/manifest.js'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import Fastify from 'fastify'
import { loadApp, plugin } from './plugin.js'
import { resolveOptions } from './options.js'
import { cachePolicy, type CachePolicy } from './cache/policy.js'
import { startDev } from './dev.js'
import { cliLogger } from './request-logging.js'
import { nextClientErrorHandler } from './client-error.js'
import { allowHeader } from './methods.js'
import { writeTypes } from './typegen.js'

const USAGE = `Usage:
  fastify-next-routes start [dir] [--port N] [--host H] [--prefix /p] [--log-level L] [--access-log]
                                                                        serve dir's app/ and pages/api (default dir: .)
  fastify-next-routes dev [dir] [--port N] [--host H] [--prefix /p]     serve and reload on every change (no cache)
  fastify-next-routes build [dir] [--out folder] [--no-prerender]       compile the app for start (default folder: dir/.fastify-next-routes)
  fastify-next-routes routes [dir]                                      print the route table
  fastify-next-routes typegen [dir] [--out file.d.ts]                   write RouteContext/ParamMap and next/* types

  fastify-next-routes --version                                         print the version

start logs startup, warnings and errors, as next start does; --access-log adds a line per request,
--log-level (fatal, error, warn, info, debug, trace; default info) sets the level.
start serves dir/.fastify-next-routes when it is there (it must be up to date); --no-build ignores it.
build generates the cached routes' responses, which start serves first; --no-prerender leaves that to start.
Environment: PORT and HOST are used when --port/--host are not given (defaults 3000 and 0.0.0.0).
The folder's .env files are loaded as Next does; NODE_ENV is production for start, development for dev, unless set.`

const OPTIONS = {
  port: { type: 'string', short: 'p' },
  host: { type: 'string', short: 'H' },
  prefix: { type: 'string' },
  out: { type: 'string', short: 'o' },
  'log-level': { type: 'string' },
  'access-log': { type: 'boolean' },
  'no-build': { type: 'boolean' },
  'no-prerender': { type: 'boolean' },
  version: { type: 'boolean', short: 'v' },
  help: { type: 'boolean', short: 'h' }
} as const
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']

function version (): string {
  return (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version
}

async function main (argv: string[]): Promise<number> {
  let parsed
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: OPTIONS })
  } catch (err) {
    // parseArgs' own words ("Unknown option '--x'"), then what the options are.
    console.error(`${(err as Error).message}\n\n${USAGE}`)
    return 1
  }
  const { values, positionals } = parsed
  if (values.version === true) {
    console.log(version())
    return 0
  }
  const logLevel = values['log-level'] ?? 'info'
  if (!LOG_LEVELS.includes(logLevel)) {
    console.error(`Invalid --log-level '${logLevel}': one of ${LOG_LEVELS.join(', ')}.`)
    return 1
  }
  const [command, dir = '.'] = positionals
  // As `next start` and `next dev`: libraries read NODE_ENV at load (Auth.js, prisma, React).
  // An empty NODE_ENV counts as unset, as in Next.
  if ((command === 'start' || command === 'routes' || command === 'build') && (process.env.NODE_ENV ?? '') === '') process.env.NODE_ENV = 'production'
  if (command === 'dev' && (process.env.NODE_ENV ?? '') === '') process.env.NODE_ENV = 'development'
  if (values.help === true || command === undefined) {
    console.log(USAGE)
    return command === undefined && values.help !== true ? 1 : 0
  }
  if (command === 'start') return await start(dir, { ...values, logLevel, accessLog: values['access-log'] === true, build: values['no-build'] === true ? undefined : startBuild(dir) })
  if (command === 'build') return await build(dir, values.out, values['no-prerender'] !== true)
  if (command === 'routes') return await routes(dir)
  if (command === 'dev') return await dev(dir, values)
  if (command === 'typegen') {
    const file = writeTypes(dir, values.out)
    console.log(`wrote ${file}`)
    return 0
  }
  console.error(`Unknown command '${command}'.\n\n${USAGE}`)
  return 1
}

function listenOn (values: { port?: string, host?: string }): { port: number, host: string } | null {
  const port = Number(values.port ?? process.env.PORT ?? 3000)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`Invalid port '${values.port ?? process.env.PORT}'.`)
    return null
  }
  return { port, host: values.host ?? process.env.HOST ?? '0.0.0.0' }
}

async function dev (dir: string, values: { port?: string, host?: string, prefix?: string }): Promise<number> {
  const at = listenOn(values)
  if (at === null) return 1
  const server = await startDev({ dir: resolve(dir), ...at, prefix: values.prefix })
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => { server.close().then(() => process.exit(0), () => process.exit(1)) })
  }
  return -1 // keep running
}

// start serves the default build folder when there is one (the plugin refuses it when stale).
function startBuild (dir: string): string | undefined {
  const folder = resolve(dir, DEFAULT_BUILD_DIR)
  return existsSync(folder) ? folder : undefined
}

async function build (dir: string, out: string | undefined, prerender: boolean): Promise<number> {
  const started = performance.now()
  const { buildApp } = await import('./build/compile.js')
  const { describeBuild } = await import('./build/describe.js')
  const result = await buildApp(dir, { out })
  await describeBuild(result, { prerender })
  const summary = result.manifest.prerendered
  const generated = summary === undefined ? '' : `, ${summary.entries} prerendered cache entr${summary.entries === 1 ? 'y' : 'ies'} of ${summary.routes} cached route(s)`
  console.log(`built ${result.files} module(s) of ${result.dir} into ${result.out}${generated} in ${Math.round(performance.now() - started)} ms`)
  return 0
}

async function start (dir: string, values: { port?: string, host?: string, prefix?: string, logLevel: string, accessLog: boolean, build: string | undefined }): Promise<number> {
  const at = listenOn(values)
  if (at === null) return 1
  const { port, host } = at
  // As next start: no line per request unless asked for (two JSON lines per request cost about
  // 40% of throughput); startup, warnings and errors are logged.
  const logging = cliLogger(values.logLevel, values.accessLog)
  const app = Fastify({ ...logging.options, clientErrorHandler: nextClientErrorHandler })
  logging.attach(app)
  await app.register(plugin, { dir, prefix: values.prefix, env: true, ...(values.build === undefined ? {} : { build: values.build }) })
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      app.log.info(`${signal} received, closing`)
      app.close().then(() => process.exit(0), () => process.exit(1))
    })
  }
  await app.listen({ port, host })
  return -1 // keep running
}

async function routes (dir: string): Promise<number> {
  const app = await loadApp(resolveOptions({ dir, env: true }), Fastify().log)
  // SOURCE: which tree a route comes from. A pages/api route answers every method (Next does no
  // method routing for them); FILE is relative to its tree's folder for app/, to `dir` for pages/.
  const rows = app.routes.map(({ entry, methods, config, pagesApi, edge }) => pagesApi !== undefined || edge === true
    ? [entry.pattern, 'any', 'dynamic', edge === true ? 'pages/api (edge)' : 'pages/api', entry.relativeFile]
    : [entry.pattern, allowHeader(methods.handlers), cacheColumn(cachePolicy(config, methods.handlers)), 'app', entry.relativeFile])
  const header = ['PATTERN', 'METHODS', 'CACHE', 'SOURCE', 'FILE']
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map(r => r[i].length)))
  for (const row of [header, ...rows]) console.log(row.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd())
  return 0
}

// What `next build` prints as ƒ / ○ and the revalidate column.
function cacheColumn (policy: CachePolicy | null): string {
  if (policy === null) return 'dynamic'
  return policy.revalidate === false ? 'static' : `revalidate ${policy.revalidate}s`
}

main(process.argv.slice(2)).then(code => {
  if (code >= 0) process.exitCode = code
}, (err: Error) => {
  console.error(err.message)
  if ((err as { cause?: unknown }).cause !== undefined) console.error('Caused by:', (err as { cause?: unknown }).cause)
  process.exitCode = 1
})
