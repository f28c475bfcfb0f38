// Fastify options that turn off its two log lines per request. Fastify 5.x releases since the
// LogController take it there (the top-level `disableRequestLogging` warns FSTDEP023); older 5.x
// releases only know the top-level option.
import * as fastify from 'fastify'

type LogControllerClass = new (options: { disableRequestLogging: boolean }) => object

export function requestLogging (enabled: boolean): Record<string, unknown> {
  const LogController = (fastify as unknown as { LogController?: LogControllerClass }).LogController
  if (LogController !== undefined) return { logController: new LogController({ disableRequestLogging: !enabled }) }
  return { disableRequestLogging: !enabled }
}

