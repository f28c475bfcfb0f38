#!/usr/bin/env node
// `npm test` runs the Redis store against a real redis-server (test/cache-redis.test.mjs). On a
// fresh Debian machine where we are root, install the Debian package; otherwise say what to do.
import { spawnSync } from 'node:child_process'

const has = () => spawnSync('redis-server', ['--version']).error === undefined
if (!has()) {
  const root = typeof process.getuid === 'function' && process.getuid() === 0
  const apt = spawnSync('apt-get', ['--version']).error === undefined
  if (root && apt) {
    console.log('redis-server not found: installing the Debian package redis-server for the Redis store tests')
    const quiet = { stdio: ['ignore', 'ignore', 'inherit'] }
    if (spawnSync('apt-get', ['install', '-y', 'redis-server'], quiet).status !== 0) {
      spawnSync('apt-get', ['update'], quiet)
      spawnSync('apt-get', ['install', '-y', 'redis-server'], quiet)
    }
  }
  if (!has()) {
    console.error('redis-server is needed by the Redis store tests: install it (Debian/Ubuntu: sudo apt-get install redis-server; macOS: brew install redis) and run npm test again.')
    process.exit(1)
  }
}
