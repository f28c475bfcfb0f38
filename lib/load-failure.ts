// What startup says about a file that failed to load: the cause in one line and, when the cause
// is a known one, the fix. All failures of a startup go into one FST_ERR_NEXT_MODULE_LOAD.
import { readFileSync } from 'node:fs'
import { FST_ERR_NEXT_MODULE_LOAD } from './errors.js'

export interface LoadFailure {
  readonly file: string
  readonly cause: string
  /** the lines around a syntax error, with a caret under it, when the cause gives the place */
  readonly frame?: string
  readonly fix: string | undefined
  readonly error: unknown
}

const MISSING = /Cannot find (?:module|package) '([^']+)'/

function packageName (specifier: string): string | null {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.includes(':')) return null
  const parts = specifier.split('/')
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]
}

function fixFor (message: string): string | undefined {
  if (/Pages Router/.test(message)) return 'this needs the Pages Router (pages/), which is not served here; move the code into an app/ route handler'
  const missing = MISSING.exec(message)?.[1]
  if (missing !== undefined) {
    // `@/…`, `~/…` and `#…` are no package names: a tsconfig `paths` alias (or an imports map) whose
    // target is missing, most often generated code (umami's `@/generated/prisma/client`).
    if (/^(?:@\/|~\/|#)/.test(missing)) return `'${missing}' is a path alias (tsconfig \`paths\` or package.json \`imports\`) whose target file does not exist; if it is generated code, run its generator first (for example \`npx prisma generate\`)`
    const name = packageName(missing)
    if (name !== null) return `install it: npm install ${name}`
  }
  const unsupported = /`(next\/[^`]+)`[^.]* only works while Next\.js renders/.exec(message)?.[1]
  if (unsupported !== undefined) return `\`${unsupported}\` is not supported in route handlers; move that call out of the route's import graph`
  return undefined
}

export function describeFailure (file: string, error: unknown): LoadFailure {
  const e = error as { message?: unknown, code?: unknown }
  const message = typeof e?.message === 'string' ? e.message : String(error)
  // Coded errors of ours already say the fix.
  const fix = typeof e?.code === 'string' && e.code.startsWith('FST_ERR_NEXT_') ? undefined : fixFor(message)
  return { file, cause: message.split('\n')[0].trim(), fix, error, frame: codeFrame(message) }
}

// The parser's message (jiti's, from Babel) ends with `<file>:<line>:<column>`: show that line and
// the one before it. Babel counts columns from 0; the frame says them from 1, as editors do.
function codeFrame (message: string): string | undefined {
  const at = /(\S+):(\d+):(\d+)\s*$/.exec(message)
  if (at === null) return undefined
  let lines: string[]
  try {
    lines = readFileSync(at[1], 'utf8').split('\n')
  } catch {
    return undefined
  }
  const line = Number(at[2])
  const column = Number(at[3])
  if (line < 1 || line > lines.length) return undefined
  const width = String(line).length
  const out: string[] = []
  for (let n = Math.max(1, line - 1); n <= line; n++) out.push(`${n === line ? '>' : ' '} ${String(n).padStart(width)} | ${lines[n - 1]}`)
  out.push(`  ${' '.repeat(width)} | ${' '.repeat(Math.max(0, column))}^`)
  return `line ${line}, column ${column + 1}:\n${out.join('\n')}`
}

/** One error listing every failure, with `errors` (the failures) and `cause` (the first error). */
export function loadError (failures: LoadFailure[]): Error {
  const line = (f: LoadFailure): string => `'${f.file}': ${f.cause}${f.fix !== undefined ? ` (fix: ${f.fix})` : ''}${f.frame !== undefined ? `\n${f.frame}` : ''}`
  const text = failures.length === 1
    ? line(failures[0])
    : `${failures.length} files:\n${failures.map(f => '  ' + line(f)).join('\n')}`
  const err = new FST_ERR_NEXT_MODULE_LOAD(text, { cause: failures[0].error }) as unknown as Error & { errors: LoadFailure[] }
  err.errors = failures
  return err
}
