import { format } from 'node:util';
import type { Logger } from './logger';

/**
 * Libraries that print with console.* (the Anthropic SDK warns about deprecated models and thinking types that
 * way, bypassing its own `logger` option) would break the one-JSON-object-per-line log. From start-up on, those
 * calls become JSON lines of this logger, marked with where they came from. Returns the way back (for tests).
 */
// This module is the one place that takes console.* over, so the rule against using it does not apply here.
/* eslint-disable no-console */
export function captureConsole(logger: Logger): () => void {
  const log = logger.child({ component: 'console' });
  const original = { log: console.log, info: console.info, warn: console.warn, error: console.error, debug: console.debug };
  const line = (args: unknown[]): string => format(...args).slice(0, 4096);
  console.log = (...args: unknown[]) => log.info(line(args));
  console.info = (...args: unknown[]) => log.info(line(args));
  console.debug = (...args: unknown[]) => log.debug(line(args));
  console.warn = (...args: unknown[]) => log.warn(line(args));
  console.error = (...args: unknown[]) => log.error(line(args));
  return () => Object.assign(console, original);
}
