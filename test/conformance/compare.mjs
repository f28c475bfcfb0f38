// What one conformance case checks, shared by the test (test/conformance.test.mjs) and the table
// generator (scripts/conformance-table.mjs): each check is { what, expected, actual }, passing when
// the two are deeply equal.
import { isDeepStrictEqual } from 'node:util'

/**
 * `expected` is the recording of case `c`, `actual` what the bridge answered; `recordedBodies` and
 * `actualBodies` map earlier case names to their bodies (for `relates`).
 */
export function checks (c, expected, actual, recordedBodies, actualBodies) {
  const out = []
  for (const other of c.relates ?? []) {
    const sameThen = expected.body === recordedBodies.get(other)
    out.push({ what: `body ${sameThen ? 'equals' : 'differs from'} that of '${other}'`, expected: sameThen, actual: actual.body === actualBodies.get(other) })
  }
  out.push({ what: `status of ${c.method ?? 'GET'} ${c.path}`, expected: expected.status, actual: actual.status })
  if (c.statusText) out.push({ what: 'status text', expected: expected.statusText, actual: actual.statusText })
  if (c.cookieNames) {
    // Only the names of the cookies set (their values hold a build's draft-mode id).
    const names = headers => [headers['set-cookie'] ?? []].flat().map(line => line.split('=')[0]).sort()
    out.push({ what: 'names of the cookies set', expected: names(expected.headers), actual: names(actual.headers) })
  }
  for (const name of c.headers ?? []) out.push({ what: `header ${name}`, expected: expected.headers[name], actual: actual.headers[name] })
  if (c.headerJson !== undefined) {
    // Parts of a JSON header (a middleware answering with a `data` header that holds a whole
    // request's headers): `keys` are dotted paths; `nonEmpty` checks for a non-empty list.
    const { header, keys = [], nonEmpty = false } = c.headerJson
    const parse = text => { try { return JSON.parse(text) } catch { return null } }
    const want = parse(expected.headers[header])
    const got = parse(actual.headers[header])
    const at = (value, path) => path.split('.').reduce((o, k) => o?.[k], value)
    if (nonEmpty) out.push({ what: `header ${header} is a non-empty list`, expected: Array.isArray(want) && want.length > 0, actual: Array.isArray(got) && got.length > 0 })
    for (const key of keys) out.push({ what: `header ${header}: ${key}`, expected: at(want, key), actual: at(got, key) })
  }
  if (c.json !== undefined) {
    // Only these keys of a JSON body (a header dump also holds what differs between any two servers).
    const parse = text => { try { return JSON.parse(text) } catch { return null } }
    const want = parse(expected.body)
    const got = parse(actual.body)
    for (const key of c.json) out.push({ what: `body.${key}`, expected: want?.[key], actual: got?.[key] })
  } else if (c.body !== false) out.push({ what: 'body', expected: expected.body, actual: actual.body })
  return out
}

export const passes = check => isDeepStrictEqual(check.actual, check.expected)
