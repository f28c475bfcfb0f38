// Whether any module of the process asked for the per-request scope (next/headers, next/navigation,
// next/cache, after(), connection()). Process-wide: Node's module cache is too, so a module loaded
// once is never seen again by a later loader, and what one load saw holds for all.
let wanted = false

export function markScopeWanted (): void { wanted = true }
export function scopeWanted (): boolean { return wanted }

// A file needs the scope if it names a scoped module, or next/server together with after or
// connection: as a call, as a value handed on (`{ waitUntil: after }`) or re-exported. A word in
// a comment costs one AsyncLocalStorage scope per request, never a miss.
const SCOPED_SPECIFIER = /\bnext\/(?:headers|navigation|cache)\b/
const SERVER_SPECIFIER = /\bnext\/server\b/
const SCOPED_NAME = /\b(?:after|connection)\b/

export function sourceWantsScope (source: string): boolean {
  return SCOPED_SPECIFIER.test(source) || (SERVER_SPECIFIER.test(source) && SCOPED_NAME.test(source))
}
