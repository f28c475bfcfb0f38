// TEMPORARY STUB — replaced by the real matcher compiler (helper task). Matches every path when no
// matcher is configured; otherwise refuses to start.
import { FST_ERR_NEXT_MATCHER_INVALID } from './errors.js'

export interface MatcherRequestView {
  header (name: string): string | undefined
  cookie (name: string): string | undefined
  query (name: string): string | undefined
  host (): string | undefined
}
export interface CompiledMatcher {
  matches (pathname: string, req: MatcherRequestView): boolean
  readonly matchesAll: boolean
}
export function compileMatcher (matcher: unknown, options: { file: string, basePath?: string }): CompiledMatcher {
  if (matcher === undefined) return { matchesAll: true, matches: () => true }
  throw new FST_ERR_NEXT_MATCHER_INVALID(options.file, 'matcher support is not built yet')
}
