// Node's module resolve hooks (module.register on Node 20, off-thread; module.registerHooks where
// it exists, in-thread): next/* and the marker packages resolve to our modules for every ES module
// import, and packages resolve with the `react-server` condition (lib/resolve/conditions.ts).
import type { MessagePort } from 'node:worker_threads'
import { SCOPED_MODULES, nextModuleFor, nextModuleURL } from '../next/modules.js'
import { addAppDir, addBuildDir, resolveParent, wantsReactServer } from './conditions.js'

interface Context { conditions: string[], parentURL?: string, importAttributes?: Record<string, string> }
interface Resolved { url: string, format?: string | null, shortCircuit?: boolean }
type Next<R> = (specifier: string, context?: Partial<Context>) => R

let notify: (() => void) | null = null

// module.register's `data`: a port to tell the main thread about scoped imports and app folders.
export function initialize (data: { port?: MessagePort } | undefined): void {
  const port = data?.port
  if (port === undefined) return
  port.on('message', (message: { appDir?: string, buildDir?: string }) => {
    if (message.buildDir !== undefined && message.appDir !== undefined) addBuildDir(message.buildDir, message.appDir)
    else if (message.appDir !== undefined) addAppDir(message.appDir)
  })
  port.unref()
  notify = () => port.postMessage({ scope: true })
}

/** In-thread use (registerHooks): scoped imports mark the flag directly. */
export function setNotify (fn: () => void): void { notify = fn }

function ours (specifier: string): Resolved | undefined {
  const file = nextModuleFor(specifier)
  if (file === undefined) return undefined
  if (SCOPED_MODULES.has(file)) notify?.()
  return { url: nextModuleURL(file), format: 'module', shortCircuit: true }
}

function withReactServer (context: Context): Context {
  return { ...context, conditions: ['react-server', ...context.conditions] }
}

function fromParent (specifier: string, context: Context): Context {
  const parentURL = resolveParent(specifier, context.parentURL)
  return parentURL === context.parentURL ? context : { ...context, parentURL }
}

export async function resolve (specifier: string, contextIn: Context, nextResolve: Next<Promise<Resolved>>): Promise<Resolved> {
  const found = ours(specifier)
  if (found !== undefined) return found
  const context = fromParent(specifier, contextIn)
  if (wantsReactServer(specifier, context.parentURL)) return await nextResolve(specifier, withReactServer(context))
  return await nextResolve(specifier, context)
}

export function resolveSync (specifier: string, contextIn: Context, nextResolve: Next<Resolved>): Resolved {
  const found = ours(specifier)
  if (found !== undefined) return found
  const context = fromParent(specifier, contextIn)
  // Not for require(): Node 20's CommonJS resolver cannot take the condition, and a package that
  // mixes both (react's client jsx-runtime requiring react) must get one React on every Node.
  if (!context.conditions.includes('require') && wantsReactServer(specifier, context.parentURL)) return nextResolve(specifier, withReactServer(context))
  return nextResolve(specifier, context)
}
