#!/usr/bin/env node
// `npm test`'s build: tsc only when a source is newer than the last build. tsc's own incremental
// check still costs about 3 s (it loads the compiler and hashes every file); a stat of each
// source is a few milliseconds. The last build is dist/.tsbuildinfo, which tsc writes at the end
// of every build, so an interrupted build (or none yet) leaves it older than the sources.
import { spawnSync } from 'node:child_process'
import { readdirSync, statSync, utimesSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))

function mtime (path) {
  try {
    return statSync(path).mtimeMs
  } catch {
    return -1
  }
}

// Newest change among the compiler's inputs: lib/ (files, and folders, whose mtime moves when a
// file is added, removed or renamed), tsconfig.json and the TypeScript version in use.
function newestInput () {
  let newest = Math.max(mtime(join(root, 'tsconfig.json')), mtime(join(root, 'node_modules', 'typescript', 'package.json')))
  const walk = dir => {
    newest = Math.max(newest, mtime(dir))
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name)
      if (entry.isDirectory()) walk(path)
      else newest = Math.max(newest, mtime(path))
    }
  }
  walk(join(root, 'lib'))
  return newest
}

const built = mtime(join(root, 'dist', '.tsbuildinfo'))
if (built >= 0 && built >= newestInput()) {
  console.log('dist/ is up to date with lib/ (tsc skipped)')
} else {
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc')
  const result = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.json')], { stdio: 'inherit' })
  process.exitCode = result.status ?? 1
  // tsc leaves .tsbuildinfo alone when no content changed (a touched file): mark the check done.
  // After type errors it still writes one (it emits anyway): mark it old, so the next run checks
  // again and shows them rather than skipping.
  const at = result.status === 0 ? new Date() : new Date(0)
  try {
    utimesSync(join(root, 'dist', '.tsbuildinfo'), at, at)
  } catch {}
}
