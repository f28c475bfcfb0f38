// Install the real libraries the ecosystem tests load (test/fixtures/ecosystem*/package.json) into
// each fixture's own node_modules, once: a marker holding package.json's text skips the install
// while it is unchanged. They are not devDependencies of this package because next-auth's peer
// dependency would install `next` beside us (the tests need an app without it too) and React 19
// would replace the React 18 tap's reporter runs on.
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const fixtures = join(dirname(fileURLToPath(import.meta.url)), '..', 'test', 'fixtures')
// No lock file: every version is pinned in package.json. --legacy-peer-deps keeps next-auth's peer
// `next` out of the fixture that must not have it. Optional dependencies are installed as a user's
// npm installs them: next-intl's next.config plugin needs @parcel/watcher's native binary.
const FLAGS = ['--no-audit', '--no-fund', '--no-package-lock', '--legacy-peer-deps', '--loglevel=error']
for (const name of ['ecosystem', 'ecosystem-next']) {
  const dir = join(fixtures, name)
  const manifest = readFileSync(join(dir, 'package.json'), 'utf8')
  const marker = join(dir, 'node_modules', '.fixture-installed')
  const stamp = manifest + '\n' + FLAGS.join(' ')
  if (existsSync(marker) && readFileSync(marker, 'utf8') === stamp) continue
  console.log(`installing the ${name} fixture's packages`)
  execFileSync('npm', ['install', ...FLAGS], { cwd: dir, stdio: 'inherit' })
  writeFileSync(marker, stamp)
}
