// next/package.json: libraries read Next's version from it to pick code paths. We answer as the
// Next.js release this package follows, so they take the paths that match its behaviour.
export const name = 'next'
export const version = '16.4.6'
export default { name, version }
