import type { Logger } from '../observability/logger';
import { throttle } from '../observability/throttle';

/** What falls back to per-replica state while Redis cannot be used. */
export type FleetFeature = 'rate_limit' | 'budget' | 'breaker' | 'coalescing';

export type FallbackCounter = (feature: FleetFeature) => void;

const LOG_INTERVAL_MS = 10_000;

/**
 * A decision taken on this replica's own state because Redis could not be used: counted every time (the metric),
 * logged at most once per feature and interval.
 */
export function localFallbackReporter(logger: Logger, count: FallbackCounter): (feature: FleetFeature, reason: string) => void {
  const once = throttle(LOG_INTERVAL_MS);
  return (feature, reason) => {
    count(feature);
    once(feature, (suppressed) =>
      logger.warn('fleet state unavailable: decided on this replica alone', {
        event: 'fleet_local_fallback',
        feature,
        reason,
        suppressed_since_last: suppressed,
      }),
    );
  };
}
