import type { RouterConfig } from '../config/schema';
import type { Logger } from '../observability/logger';
import { startIdleCollector, type IdleCollector } from './idleCollector';

/** The idle GC runtime.idle_gc_* asks for (none at 0), each collection logged; the app starts it after its warm-up. */
export function startIdleGc(runtime: RouterConfig['runtime'], logger: Logger): IdleCollector | undefined {
  if (runtime.idle_gc_after_ms === 0) return undefined;
  const mb = (bytes: number): number => Math.round(bytes / 104_857.6) / 10;
  return startIdleCollector({
    afterMs: runtime.idle_gc_after_ms,
    minGrowthBytes: runtime.idle_gc_min_growth_mb * 1_048_576,
    onCollect: ({ heapBefore, heapAfter, pauseMs }) =>
      logger.info('idle: heap collected and given back', {
        event: 'idle_gc',
        heap_before_mb: mb(heapBefore),
        heap_after_mb: mb(heapAfter),
        pause_ms: Math.round(pauseMs),
      }),
  });
}
