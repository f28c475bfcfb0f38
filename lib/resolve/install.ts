// Install the resolution layer once per process, before the first app loads. Where Node has
// module.registerHooks (22.15+, 24) one in-thread hook covers import and require(); on Node 20
// module.register covers import and a wrapper of the CommonJS resolver covers require().
import Module from 'node:module'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { MessageChannel, type MessagePort } from 'node:worker_threads'
import { nextModuleFor, nextModuleURL, SCOPED_MODULES } from '../next/modules.js'
import { addAppDir, addBuildDir } from './conditions.js'
import { resolveSync, setNotify } from './hooks.js'
import { markScopeWanted, sourceWantsScope } from './scope-flag.js'

type RegisterHooks = (hooks: { resolve: typeof resolveSync }) => unknown
interface CjsModule {
  _resolveFilename: (request: string, parent: unknown, isMain: boolean, options?: unknown) => string
  prototype: { _compile: (content: string, filename: string) => unknown }
}

let installed = false
let port: MessagePort | null = null

export function installResolution (appDir: string): void {
  const dirURL = pathToFileURL(appDir).href
  if (installed) {
    addAppDir(dirURL)
    port?.postMessage({ appDir: dirURL })
    return
  }
  installed = true
  addAppDir(dirURL)
  const registerHooks = (Module as unknown as { registerHooks?: RegisterHooks }).registerHooks
  if (typeof registerHooks === 'function') {
    setNotify(markScopeWanted)
    registerHooks.call(Module, { resolve: resolveSync })
  } else {
    const channel = new MessageChannel()
    port = channel.port1
    port.on('message', (message: { scope?: boolean }) => { if (message.scope === true) markScopeWanted() })
    port.unref()
    Module.register(new URL('./hooks.js', import.meta.url), { data: { port: channel.port2 }, transferList: [channel.port2] })
    port.postMessage({ appDir: dirURL })
    patchCommonJsResolver()
  }
  watchCommonJsSources()
}

/** Package imports of a build folder outside its app folder resolve from the app folder (conditions.ts). */
export function redirectBuild (buildDir: string, appDir: string): void {
  const buildURL = pathToFileURL(buildDir).href + '/'
  const appURL = pathToFileURL(appDir).href + '/'
  addBuildDir(buildURL, appURL)
  port?.postMessage({ buildDir: buildURL, appDir: appURL })
}

// require('next/headers') from CommonJS code that Node loads itself (Node 20 has no sync hooks).
function patchCommonJsResolver (): void {
  const cjs = Module as unknown as CjsModule
  const original = cjs._resolveFilename
  cjs._resolveFilename = function resolveFilename (request, parent, isMain, options) {
    const file = typeof request === 'string' ? nextModuleFor(request) : undefined
    if (file !== undefined) {
      if (SCOPED_MODULES.has(file)) markScopeWanted()
      return fileURLToPath(nextModuleURL(file))
    }
    return original.call(this, request, parent, isMain, options)
  }
}

// CommonJS libraries (next-auth) require next/headers inside a function, at request time: too late
// to decide the scope. Their source names it, so the scope is decided when they are compiled.
// Our own modules pass here too (require() of an ES module on Node 20) and name next/* freely.
const OWN = fileURLToPath(new URL('../', import.meta.url))

function watchCommonJsSources (): void {
  const proto = (Module as unknown as CjsModule).prototype
  const original = proto._compile
  proto._compile = function compile (content, filename) {
    if (typeof content === 'string' && !filename.startsWith(OWN) && sourceWantsScope(content)) markScopeWanted()
    return original.call(this, content, filename)
  }
}
