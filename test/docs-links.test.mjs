// Every link between the docs (README.md, docs/*.md) that names a file or a heading finds it: a
// renamed heading or file shows here, not on a reader's 404.
import t from 'tap'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const files = [join(root, 'README.md'), ...readdirSync(join(root, 'docs')).filter(f => f.endsWith('.md')).map(f => join(root, 'docs', f))]

// GitHub's heading ids: lower case, punctuation dropped (hyphens and underscores kept), spaces to
// hyphens, a repeated id numbered.
function headingIds (markdown) {
  const ids = new Set()
  const seen = new Map()
  let fenced = false
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) fenced = !fenced
    const m = !fenced && /^#{1,6}\s+(.*)$/.exec(line)
    if (!m) continue
    const base = m[1].trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-')
    const n = seen.get(base) ?? 0
    seen.set(base, n + 1)
    ids.add(n === 0 ? base : `${base}-${n}`)
  }
  return ids
}

let checked = 0
for (const file of files) {
  const text = readFileSync(file, 'utf8').replace(/```[\s\S]*?```/g, '')
  for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
    if (/^[a-z]+:/.test(target)) continue // http:, mailto:
    const [path, anchor] = target.split('#')
    const linked = path === '' ? file : join(dirname(file), path)
    const name = `${relative(root, file)} -> ${target}`
    if (!existsSync(linked)) {
      t.fail(`${name}: no such file`)
      continue
    }
    checked++
    if (anchor !== undefined && linked.endsWith('.md')) {
      t.ok(headingIds(readFileSync(linked, 'utf8')).has(anchor), `${name}: the heading exists`)
    }
  }
}
t.ok(checked > 20, `links checked: ${checked}`)
