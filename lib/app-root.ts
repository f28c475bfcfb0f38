// What a route file gets for `import … from 'fastify-next-routes'`: the request helpers, not the
// plugin (importing the plugin from inside the app it loads would be circular). The loader serves
// it as a virtual module; a build reads it from the global below (lib/build/).
import { errorCodes } from './errors.js'
import { getFastifyRequest, toRequest } from './request.js'
import * as server from './next/server.js'

export const ROOT_FOR_ROUTES = { toRequest, getFastifyRequest, errorCodes, NextRequest: server.NextRequest, NextResponse: server.NextResponse }
export const ROOT_KEY = 'fastify-next-routes.appRoot'
;(globalThis as Record<symbol, unknown>)[Symbol.for(ROOT_KEY)] = ROOT_FOR_ROUTES
