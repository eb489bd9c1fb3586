import type { RouterConfig } from './config/schema';
import { ResponseCache } from './cache/responseCache';
import { createMemoryStore } from './cache/memoryStore';
import { CallChain } from './core/callChain';
import { CallerDirectory } from './core/callerDirectory';
import { KeyLimiters } from './core/keyLimiters';
import { Router, type RouterDeps } from './core/router';
import { createLogger, type Logger } from './observability/logger';
import { createAnthropicClient, createAnthropicProvider } from './providers/anthropic/anthropicProvider';
import { ProviderFleet } from './providers/fleet';
import { BreakerRegistry } from './resilience/breakerRegistry';
import { FallbackExecutor, type ExecutorSettings } from './resilience/fallbackExecutor';
import { RetryBudget } from './resilience/retryBudget';
import { createPooledFetch } from './providers/anthropic/pooledFetch';
import { FakeAnthropic } from './simulator';
import type { LoopbackDoor } from './core/loopbackDoor';
import { openGrpcLoopback } from './transport/grpc/loopbackCalls';
import { openHttpLoopback } from './transport/http/loopbackCalls';

export interface WarmupSettings {
  /** Rounds of Complete (a miss and a hit), StreamComplete and Route, and of the HTTP door's calls when it is on. */
  rounds: number;
  /** Never longer than this, whatever is left of the rounds. */
  maxMs: number;
}

export interface WarmupReport {
  rounds: number;
  ms: number;
  /** Messages calls its simulator answered over the loopback socket: the transport was warmed, not skipped. */
  upstreamCalls: number;
  /** Calls made through each door (the HTTP door's only when http.enabled). */
  grpcCalls: number;
  httpCalls: number;
}

/**
 * Runs the hot paths before the process says SERVING, so the first callers after a deploy do not pay for the JIT,
 * and logs what it did: a grpc-js server and client on a loopback port of their own (framing, proto in and out), the
 * HTTP door likewise when it is on (Fastify, the door's mapping, SSE framing), validation, task inference, planning,
 * the cache key and a hit, the executor, and an upstream round trip through the Anthropic SDK, the pooled undici
 * transport and the provider's SSE reading, against the simulator on a loopback port of its own (a stub behind
 * `fetch` left the transport cold: the first real call paid for it). It runs on a router of its own (own breakers,
 * cache, call chain and sockets): nothing it does reaches the real breakers, cache, logs or metrics.
 */
export async function warmUp(
  config: RouterConfig,
  deps: RouterDeps,
  executorSettings: ExecutorSettings,
  settings: WarmupSettings,
  logger: Logger,
): Promise<WarmupReport> {
  const started = Date.now();
  // Its own silent logger: breaker changes and SDK warnings of made-up calls are nobody's business.
  const silent = createLogger('silent');
  const breakers = new BreakerRegistry(config.resilience.breaker, silent);
  const upstream = await FakeAnthropic.start({ maxRecordedRequests: 10 });
  const transport = createPooledFetch();
  const provider = createAnthropicProvider(
    createAnthropicClient({ apiKey: 'warmup', baseURL: upstream.url, timeoutMs: 10_000, logger: silent, fetch: transport.fetch }),
    {
      malformedEvent: () => undefined,
    },
  );
  const fleet = new ProviderFleet([
    { platform: 'anthropic', key: 'warmup', weight: 1, provider, limits: { rpm: undefined, tpm: undefined }, unavailable: undefined },
  ]);
  const store = createMemoryStore({ maxEntries: 100, maxBytes: 1 << 20, maxEntryBytes: 1 << 16 });
  const router = new Router({
    ...deps,
    chain: new CallChain(new CallerDirectory([], deps.catalog.current, deps.policy, false), () => undefined, false, false),
    llmClassifier: undefined,
    refreshCatalog: undefined,
    // Made-up calls take nothing from anyone's limits or budgets.
    guards: [],
    budgets: undefined,
    deprecated: () => undefined,
    executor: new FallbackExecutor(breakers, new RetryBudget(config.resilience.retry), executorSettings),
    breakers,
    provider,
    deployments: { fleet, breakers, limiters: new KeyLimiters(fleet), order: 'provider_first' },
    cache: new ResponseCache(store, { ttlSeconds: 60, fallbackTtlSeconds: 60, deterministicOnly: true, lockTtlMs: 1_000, lockWaitMs: 0 }),
  });
  let grpcDoor: LoopbackDoor | undefined;
  let httpDoor: LoopbackDoor | undefined;
  let rounds = 0;
  let grpcCalls = 0;
  let httpCalls = 0;
  try {
    grpcDoor = await openGrpcLoopback(router, silent);
    if (config.http.enabled) {
      const { max_request_bytes: maxRequestBytes } = config.limits;
      httpDoor = await openHttpLoopback(router, { maxRequestBytes, pingIntervalMs: config.http.ping_interval_ms, logger: silent });
    }
    // A stalled call cannot hold start-up past max_ms: the deadline is every call's. No round starts with less left
    // than the executor's min_attempt_ms and twice the longest round: a call refused for want of time is a failure.
    const deadline = started + settings.maxMs;
    let longestRound = 0;
    for (; rounds < settings.rounds && deadline - Date.now() > executorSettings.minAttemptMs + 2 * longestRound; rounds++) {
      const roundStarted = Date.now();
      grpcCalls += await grpcDoor.round(deadline);
      if (httpDoor) httpCalls += await httpDoor.round(deadline);
      longestRound = Math.max(longestRound, Date.now() - roundStarted);
    }
  } catch (error) {
    // A warm-up that fails says nothing about serving: log it and serve.
    logger.warn('warm-up stopped early', {
      event: 'warmup',
      error: error instanceof Error ? error.message.slice(0, 200) : 'failed',
      rounds,
      ms: Date.now() - started,
    });
  } finally {
    await Promise.all([grpcDoor?.close(), httpDoor?.close()]);
    breakers.shutdown();
    transport.close();
    await Promise.all([store.close(), upstream.close()]);
  }
  const report = { rounds, ms: Date.now() - started, upstreamCalls: upstream.calls(), grpcCalls, httpCalls };
  logger.info('warmed up before serving', {
    event: 'warmup',
    rounds,
    ms: report.ms,
    grpc_calls: grpcCalls,
    http_calls: httpCalls,
    upstream_calls: report.upstreamCalls,
  });
  return report;
}
