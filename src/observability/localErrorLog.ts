import type { Logger } from './logger';
import type { RequestOutcome } from './requestOutcome';
import { throttle } from './throttle';

export const LOCAL_ERROR_LOG_INTERVAL_MS = 60_000;

/**
 * Failures of the router's own machine, logged with their cause at most once a minute per kind: an EMFILE storm
 * fails every call the same way, and a line per call would bury the cause (and add to the storm).
 */
export function localErrorLog(logger: Logger, intervalMs = LOCAL_ERROR_LOG_INTERVAL_MS, now: () => number = Date.now): (outcome: RequestOutcome) => void {
  const once = throttle(intervalMs, now);
  return (outcome) => {
    const kind = outcome.localError;
    if (kind === undefined) return;
    once(kind, (suppressed) =>
      logger.error("a call failed on the router's own machine; no model is blamed", {
        event: 'local_error',
        kind,
        cause: outcome.error?.slice(0, 1024),
        rpc: outcome.rpc,
        suppressed_since_last: suppressed,
      }),
    );
  };
}
