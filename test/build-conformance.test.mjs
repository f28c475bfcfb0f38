// test/conformance.test.mjs's recorded cases, against a build of each fixture (`fastify-next-routes build`).
import { replayAgainstBuilds } from './build-helper.mjs'

await replayAgainstBuilds('./conformance.test.mjs')
