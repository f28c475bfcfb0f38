// For test/build-*.test.mjs: run a test file's cases against builds (FNR_TEST_BUILD, see
// withBuild in helper.mjs), then check that no compiler was loaded, the point of a build.
import t from 'tap'
import { createRequire } from 'node:module'

/** Whether jiti (and its babel) was loaded in this process: both are CommonJS files. */
export function compilerLoaded () {
  return Object.keys(createRequire(import.meta.url).cache).some(file => /[\\/]node_modules[\\/]jiti[\\/]/.test(file))
}

export async function replayAgainstBuilds (testFile) {
  process.env.FNR_TEST_BUILD = '1'
  await import(testFile)
  t.test('served from builds: jiti and babel never loaded', async t => {
    t.equal(compilerLoaded(), false)
  })
}
