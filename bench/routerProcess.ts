/**
 * Child process: the router itself (startApp, as src/main.ts builds it), so its RSS and CPU time are measured
 * alone. Config: config/router.yaml (or BENCH_CONFIG) with no environment overrides, then pinned to loopback,
 * an ephemeral port, the fake upstream and, when given, the bench's own redis-server.
 */
import { readFileSync } from 'node:fs';
import { writeHeapSnapshot } from 'node:v8';
import { resolve } from 'node:path';
import { startApp } from '../src/app';
import { parseConfig } from '../src/config/loadConfig';
import { createLogger, isLogLevel, type LogLevel } from '../src/observability/logger';
import { childArg, serveChild } from './lib/child';
import { startProfiling, stopProfiling } from './lib/inspectorProfiler';

export interface RouterArg {
  apiKey: string;
  fakeUrl: string;
  /** Unset: the in-process memory store. */
  redisUrl: string | undefined;
  logLevel: string;
}

export interface RouterReady {
  port: number;
  /** The Anthropic-compatible HTTP door. */
  httpPort: number;
  cache: string;
  /** cache.redis.local_copies.ttl_seconds: above 0, a repeated hit on a Redis store is served from the local copy. */
  localCopySeconds: number;
}

serveChild(async () => {
  const arg = childArg<RouterArg>();
  const path = resolve(process.env['BENCH_CONFIG'] ?? resolve(__dirname, '..', '..', 'config', 'router.yaml'));
  const config = parseConfig(readFileSync(path, 'utf8'), path);
  config.server.grpc_port = 0;
  config.http.port = 0;
  // The config's catalog, as every earlier run: the rows compare like with like (the fake's own lineup differs).
  config.catalog.live = false;
  config.http.host = '127.0.0.1';
  config.server.host = '127.0.0.1';
  config.upstream.base_url = arg.fakeUrl;
  if (arg.redisUrl !== undefined) config.cache.redis.url = arg.redisUrl;
  // No Prometheus listener (the config's is 0.0.0.0:9464, which could collide with a running router): metrics are
  // still recorded on every call, only nothing serves them.
  config.metrics.port = 0;
  const level: LogLevel = isLogLevel(arg.logLevel) ? arg.logLevel : 'silent';
  // Log lines (when a level is asked for) go to this child's stdout, which the bench points at /dev/null.
  const logger = createLogger(level);
  const app = await startApp({ config, apiKey: arg.apiKey, logger });
  const ready: RouterReady = {
    port: app.port,
    httpPort: app.httpPort ?? 0,
    cache: app.cacheStore?.kind ?? 'disabled',
    localCopySeconds: config.cache.redis.local_copies.ttl_seconds,
  };
  return {
    ready,
    handlers: {
      cacheStats: () => app.cacheStore?.stats() ?? null,
      // Only when the bench started this child with --expose-gc; used before heap readings, never during load.
      gc: () => {
        const gc = (globalThis as { gc?: () => void }).gc;
        if (gc) gc();
        return gc !== undefined;
      },
      // The same V8 sampling profiler `node --cpu-prof` uses, but started and stopped around the measured load
      // only, so start-up and warm-up stay out of the profile. Writes a .cpuprofile that DevTools opens.
      // For digging into memory by hand (not used by the bench run): writes a .heapsnapshot, returns its path.
      heapSnapshot: (a) => writeHeapSnapshot((a as { file: string }).file),
      profileStart: (a) => startProfiling((a as { intervalUs: number }).intervalUs),
      profileStop: (a) => stopProfiling((a as { file: string }).file),
    },
    close: () => app.close(1_000),
  };
});
