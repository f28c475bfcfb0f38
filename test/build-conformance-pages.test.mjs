// test/conformance-pages.test.mjs's recorded cases, against a build of each fixture (`fastify-next-routes build`).
import { replayAgainstBuilds } from './build-helper.mjs'

await replayAgainstBuilds('./conformance-pages.test.mjs')
