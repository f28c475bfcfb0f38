// Pure: how a file of the app is named in logs, errors, the build manifest and public URLs.
import { relative, sep } from 'node:path'

/** `file` relative to `dir`, with `/` on every platform (`app/api/route.ts`). */
export function appPath (dir: string, file: string): string {
  return relative(dir, file).split(sep).join('/')
}
