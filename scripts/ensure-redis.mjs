#!/usr/bin/env node
// `npm test` runs the Redis store against a real redis-server (test/cache-redis.test.mjs) when one
// is there; it never installs anything. Without one that file is skipped, and this says so up front.
import { spawnSync } from 'node:child_process'

if (!process.env.FNR_REDIS_URL && spawnSync('redis-server', ['--version']).error !== undefined) {
  console.log('redis-server not found: test/cache-redis.test.mjs will be skipped. Install it to run the Redis store tests (Debian/Ubuntu: apt-get install redis-server; macOS: brew install redis); CI does.')
}
