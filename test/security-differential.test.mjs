// Differential path fuzz against real `next start` (Next.js 16.4.6). Every target of
// test/fixtures/path-fuzz/generate.mjs was sent to Next as a raw request line, without and with the
// guard's credentials (scripts/record-path-fuzz.mjs wrote <app>/recorded.json); here each is sent
// the same way to the plugin serving the same app, and the two answers are compared.
//
// SAFETY (must hold whatever Next did): without credentials no protected route answers 2xx; with
// them, a protected route answers only after the middleware let it through (x-mw-ran) on the very
// pathname the handler sees (x-mw-pathname = nextUrl.pathname in the handler).
//
// AGREEMENT: the same status (and Location, route, params and handler pathname), or an answer that is
// safer by design (canonical-path.md 4.2/4.5): where Next served a handler or failed with 500 we may
// answer 400, 404 or a same-origin 308; where Next answered an absolute 308 we may answer the same
// path relative; and a verdict 4.2 prescribes for the target's trick (400 for `*…`, raw `#`, `%00`,
// bad escapes; a same-origin 308 for dot segments and absolute-form) is accepted whatever else Next did.
// Two differences are ours on purpose and counted apart ('documented', docs/middleware.md):
// - Next strips `.rsc`, `.segments/…` and `/_next/data/<id>/….json` from the middleware's
//   nextUrl.pathname (App/Pages Router render artefacts) but not from the handler's; here the
//   middleware sees exactly the path the handler gets, so such paths may be refused (404) where
//   Next's guard refused them (401), and a served one shows the middleware the unstripped path.
// - Where Next's 308 leads to a second 308, ours goes to the end of the chain in one.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { fixtures, serve } from './helper.mjs'
import { SEED, classify, generate, withPort } from './fixtures/path-fuzz/generate.mjs'
import { AUTH, mapLimit, sendRawLine, summarize } from './fixtures/path-fuzz/raw.mjs'
import { canonicalize } from '../dist/canonical.js'

const APPS = ['matcher-guard', 'code-guard']
// PATH_FUZZ_REPORT=<folder>: also write every safety failure and mismatch to <folder>/<app>.json.
const REPORT = process.env.PATH_FUZZ_REPORT
const MAX_EXAMPLES = 30

const ok2xx = s => s >= 200 && s < 300
const sameOrigin = loc => typeof loc === 'string' && loc.startsWith('/') && !loc.startsWith('//') && !loc.startsWith('/\\')
const json = v => JSON.stringify(v)

function describe (a) {
  let s = String(a.status)
  if (a.location !== undefined) s += ` -> ${a.location}`
  if (a.route !== undefined) s += ` ${a.route} ${json(a.params)} pathname=${a.pathname}`
  if (a.mwRan !== undefined) s += ` mw=${a.mwPathname}`
  return s
}

/** The path and query of an absolute Location, or null. */
function relativeOf (location) {
  if (typeof location !== 'string' || !/^https?:\/\//i.test(location)) return null
  try {
    const u = new URL(location)
    return u.pathname + u.search
  } catch { return null }
}

/** Whether canonical-path.md 4.2 prescribes this answer for one of the target's tricks. */
function prescribedVerdict (tags, ours) {
  if (ours.status === 400) {
    return tags.some(tag => ['asterisk-form', 'raw #', '%00', 'bad escape / invalid UTF-8'].includes(tag) || tag.startsWith('absolute-form'))
  }
  if (ours.status === 308 && sameOrigin(ours.location)) {
    return tags.some(tag => tag === 'dot segment' || tag.startsWith('absolute-form'))
  }
  return false
}

const RENDER_ARTEFACT = /\.rsc(?:$|[?#])|\.segments\/|^\/_next\/data\//

/** Where a chain of 308s that starts at `location` ends (null when it does not end in a path). */
function endOfChain (location) {
  let at = location
  for (let hops = 0; hops < 5 && typeof at === 'string' && at.startsWith('/'); hops++) {
    const c = canonicalize(at)
    if (c.kind === 'path') return c.path + c.search
    if (c.kind !== 'redirect') return null
    at = c.location
  }
  return null
}

/**
 * 'agree' | 'safer' | 'relative' | 'verdict' | 'documented' | a mismatch kind (string starting with 'mismatch').
 */
function compare (next, ours, tags, target) {
  const outcome = compareAnswers(next, ours, tags)
  if (!outcome.startsWith('mismatch')) return outcome
  const artefact = RENDER_ARTEFACT.test(target)
  if (artefact && next.status === ours.status && next.route === ours.route && ours.mwPathname === ours.pathname && json(next.params) === json(ours.params)) return 'documented'
  if (artefact && next.status >= 400 && next.status < 500 && ours.status === 404) return 'documented'
  if (next.status === 308 && ours.status === 308 && sameOrigin(ours.location) && endOfChain(next.location) === ours.location) return 'documented'
  return outcome
}

function compareAnswers (next, ours, tags) {
  if (next.status === ours.status) {
    if (ours.status === 308 || next.location !== undefined || ours.location !== undefined) {
      if (next.location === ours.location) return 'agree'
      const rel = relativeOf(next.location)
      if (rel !== null && rel === ours.location) return 'relative'
      return prescribedVerdict(tags, ours) ? 'verdict' : 'mismatch: Location'
    }
    if (next.route !== undefined || ours.route !== undefined) {
      if (next.route !== ours.route) return 'mismatch: route'
      if (json(next.params) !== json(ours.params)) return 'mismatch: params'
      if (next.pathname !== ours.pathname) return 'mismatch: handler pathname'
      if ((next.mwRan === '1') !== (ours.mwRan === '1')) return 'mismatch: whether the middleware ran'
      if (next.mwPathname !== ours.mwPathname) return 'mismatch: middleware pathname'
    }
    return 'agree'
  }
  const refused = ours.status === 400 || ours.status === 404 || (ours.status === 308 && sameOrigin(ours.location))
  if ((ok2xx(next.status) || next.status === 500) && refused) return 'safer'
  if (next.status === 308 && ours.status === 308) {
    const rel = relativeOf(next.location)
    if (rel !== null && rel === ours.location) return 'relative'
  }
  if (prescribedVerdict(tags, ours)) return 'verdict'
  return 'mismatch: status'
}

for (const app of APPS) {
  t.test(app, async t => {
    const dir = join(fixtures, 'path-fuzz', app)
    const recorded = JSON.parse(readFileSync(join(dir, 'recorded.json'), 'utf8'))
    const protectedRoutes = new Set(JSON.parse(readFileSync(join(dir, 'protected.json'), 'utf8')).protected)
    t.comment(`${app}: ${recorded.count} targets recorded from next ${recorded.next} on ${recorded.recordedAt} (seed ${recorded.seed}), each sent without and with authorization`)

    // The recording is of today's generator (else re-run scripts/record-path-fuzz.mjs).
    const targets = recorded.requests.map(r => r.target)
    t.ok(recorded.seed === SEED && json(targets) === json(generate({ seed: recorded.seed, count: recorded.count })), 'the recording holds exactly the targets generate.mjs makes')
    // The recording itself: Next never served a protected route without authorization (else the
    // fixture's guard is wrong and the safety property below would mean nothing).
    const nextLeaks = recorded.requests.filter(r => protectedRoutes.has(r.anon.xRoute) && ok2xx(r.anon.status))
    t.same(nextLeaks.map(r => r.target), [], 'Next 16.4.6 served no protected route without authorization')
    const nextDivergent = recorded.requests.filter(r => protectedRoutes.has(r.auth.xRoute) && ok2xx(r.auth.status) && r.auth.mwPathname !== r.auth.pathname)
    if (nextDivergent.length > 0) {
      t.comment(`Next itself: ${nextDivergent.length} protected answers where the middleware saw another pathname than the handler (.rsc stripped for the middleware only), e.g. ${nextDivergent.slice(0, 5).map(r => `${r.target} mw=${r.auth.mwPathname} handler=${r.auth.pathname}`).join('; ')}`)
    }

    const s = await serve(t, { dir })
    const results = await mapLimit(recorded.requests, 8, async r => {
      const target = withPort(r.target, s.port)
      const anon = summarize(await sendRawLine(s.port, target), s.port)
      const auth = summarize(await sendRawLine(s.port, target, AUTH), s.port)
      return { r, anon, auth }
    })

    const unsafe = []
    const outcomes = {} // outcome -> count
    const mismatches = []
    const byClass = {} // primary class -> { total, unsafe: [], mismatches: [] }
    for (const { r, anon, auth } of results) {
      const tags = classify(r.target)
      const cls = tags[0]
      const c = (byClass[cls] ??= { total: 0, unsafe: [], mismatches: [], outcomes: {} })
      c.total++
      // SAFETY
      if (protectedRoutes.has(anon.xRoute) && ok2xx(anon.status)) {
        const line = `${r.target} [no auth]: protected ${anon.xRoute} answered ${anon.status} (params ${json(anon.params)}, pathname ${anon.pathname}); Next: ${describe(r.anon)}`
        unsafe.push(line)
        c.unsafe.push(line)
      }
      if (protectedRoutes.has(auth.xRoute) && ok2xx(auth.status)) {
        const reproducesNext = r.auth.mwPathname === auth.mwPathname && r.auth.pathname === auth.pathname && r.auth.xRoute === auth.xRoute
        if (auth.mwRan !== '1' || (auth.mwPathname !== auth.pathname && !reproducesNext)) {
          const line = `${r.target} [auth]: protected ${auth.xRoute} answered ${auth.status} with ${auth.mwRan === '1' ? `the middleware on ${auth.mwPathname} but handler pathname ${auth.pathname}` : 'no middleware'}; Next: ${describe(r.auth)}`
          unsafe.push(line)
          c.unsafe.push(line)
        }
      }
      // AGREEMENT
      for (const [which, next, ours] of [['no auth', r.anon, anon], ['auth', r.auth, auth]]) {
        const outcome = compare(next, ours, tags, r.target)
        const key = outcome.startsWith('mismatch') ? 'mismatch' : outcome
        outcomes[key] = (outcomes[key] ?? 0) + 1
        c.outcomes[key] = (c.outcomes[key] ?? 0) + 1
        if (key === 'mismatch') {
          const line = `${r.target} [${which}] ${outcome.slice('mismatch: '.length)}: next ${describe(next)} / ours ${describe(ours)}`
          mismatches.push(line)
          c.mismatches.push(line)
        }
      }
    }

    const total = results.length * 2
    if (REPORT !== undefined && REPORT !== '') {
      const classes = Object.fromEntries(Object.entries(byClass).map(([cls, c]) => [cls, { total: c.total, outcomes: c.outcomes, unsafe: c.unsafe, mismatches: c.mismatches }]))
      writeFileSync(join(REPORT, `${app}.json`), JSON.stringify({ outcomes, unsafe, mismatches, classes }, null, 1) + '\n')
    }
    t.comment(`${app}: ${total} answers compared: ${Object.entries(outcomes).map(([k, v]) => `${k} ${v}`).join(', ')}; safety failures ${unsafe.length}`)
    for (const [cls, c] of Object.entries(byClass)) {
      t.comment(`  ${cls.padEnd(28)} ${String(c.total).padStart(4)} targets: ${Object.entries(c.outcomes).map(([k, v]) => `${k} ${v}`).join(', ')}${c.unsafe.length > 0 ? `; UNSAFE ${c.unsafe.length}` : ''}`)
    }
    for (const [cls, c] of Object.entries(byClass)) {
      t.same(c.unsafe.slice(0, MAX_EXAMPLES), [], `${app} / ${cls}: no protected route without the guard (${c.unsafe.length} of ${c.total} targets fail)`)
      t.ok(c.mismatches.length === 0, `${app} / ${cls}: answers agree with Next or are safer (${c.mismatches.length} mismatches)`, c.mismatches.length === 0 ? {} : { diagnostic: true, examples: c.mismatches.slice(0, MAX_EXAMPLES) })
    }
    t.same(unsafe.slice(0, MAX_EXAMPLES), [], `${app}: safety property on all ${results.length} targets (${unsafe.length} failures${unsafe.length > MAX_EXAMPLES ? `, first ${MAX_EXAMPLES} shown` : ''})`)
    t.same(mismatches.slice(0, MAX_EXAMPLES), [], `${app}: agreement with Next on all ${total} answers (${mismatches.length} mismatches${mismatches.length > MAX_EXAMPLES ? `, first ${MAX_EXAMPLES} shown` : ''})`)
  })
}
