// test/ecosystem-app.test.mjs (next-auth, tRPC, Hono, graphql-yoga, the AI SDK, Stripe, next-intl…)
// through `fastify-next-routes build` then `start`: the same answers as next start.
process.env.FNR_TEST_BUILD = '1'
await import('./ecosystem-app.test.mjs')
