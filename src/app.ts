import { Catalog } from './catalog/catalog';
import type { CacheStore } from './cache/cacheStore';
import { createCacheStore } from './cache/createCacheStore';
import { ResponseCache } from './cache/responseCache';
import type { RouterConfig } from './config/schema';
import { CallerDirectory } from './auth/callerDirectory';
import type { Logger } from './observability/logger';
import { RouterMetrics } from './observability/metrics';
import { startMetricsServer, type MetricsServer } from './observability/metricsServer';
import { logRequest } from './observability/requestLog';
import type { OutcomeObserver } from './observability/requestOutcome';
import { createPlanner } from './policy/planRoute';
import { Policy } from './policy/policy';
import { BreakerRegistry } from './resilience/breakerRegistry';
import { FallbackExecutor } from './resilience/fallbackExecutor';
import { RetryBudget } from './resilience/retryBudget';
import { Router } from './router/router';
import { startGrpcServer } from './server/createServer';
import { RouterHealth } from './server/health';
import { modelRouterService } from './server/modelRouterService';
import { createAnthropicClient, createAnthropicUpstream } from './upstream/anthropicUpstream';
import { createPooledFetch } from './upstream/pooledFetch';
import type { Upstream } from './upstream/upstream';

export interface AppOptions {
  config: RouterConfig;
  apiKey: string;
  logger: Logger;
  /** Tests and benchmarks pass their own store; otherwise it follows the config. */
  cacheStore?: CacheStore;
  /** Tests may pass their own upstream; otherwise the Anthropic SDK at config.upstream.base_url. */
  upstream?: Upstream;
}

export interface App {
  readonly port: number;
  /** The Prometheus endpoint's port, or undefined when metrics.port is 0. */
  readonly metricsPort: number | undefined;
  readonly metrics: RouterMetrics;
  readonly catalog: Catalog;
  readonly breakers: BreakerRegistry;
  readonly cacheStore: CacheStore | undefined;
  /** Drains gRPC calls for up to graceMs, then releases breakers and the cache store. */
  close(graceMs?: number): Promise<void>;
}

/** Builds the request path from config and starts serving it. */
export async function startApp(options: AppOptions): Promise<App> {
  const { config, logger } = options;
  const catalog = new Catalog(config.models);
  const policy = new Policy(config.policy, catalog);
  const breakers = new BreakerRegistry(config.resilience.breaker, logger);
  for (const model of catalog.models) breakers.get(model.id);
  const executor = new FallbackExecutor(breakers, new RetryBudget(config.resilience.retry), {
    retry: config.resilience.retry,
    attemptTimeoutMs: config.upstream.timeout_ms,
    minAttemptMs: config.resilience.min_attempt_ms,
  });
  const transport = options.upstream ? undefined : createPooledFetch(config.upstream.max_idle_connections);
  const upstream =
    options.upstream ??
    createAnthropicUpstream(
      createAnthropicClient({
        apiKey: options.apiKey,
        baseURL: config.upstream.base_url,
        timeoutMs: config.upstream.timeout_ms,
        logger,
        ...(transport ? { fetch: transport.fetch } : {}),
      }),
    );
  const cacheStore = config.cache.enabled ? (options.cacheStore ?? createCacheStore(config.cache, logger)) : undefined;
  const cache = cacheStore
    ? new ResponseCache(cacheStore, {
        ttlSeconds: config.cache.ttl_seconds,
        fallbackTtlSeconds: config.cache.fallback_ttl_seconds,
        deterministicOnly: config.cache.deterministic_only,
        lockTtlMs: config.cache.redis.lock_ttl_ms,
        lockWaitMs: config.cache.redis.lock_wait_ms,
      })
    : undefined;
  const callers = new CallerDirectory(config.auth.callers, catalog, policy);
  const metrics = new RouterMetrics(breakers, catalog.models.map((m) => m.id), cacheStore);
  const observe: OutcomeObserver = (outcome) => {
    logRequest(logger, outcome);
    metrics.record(outcome);
  };
  const router = new Router({
    policy,
    planner: createPlanner(catalog, policy, config.upstream.default_max_tokens),
    executor,
    breakers,
    upstream,
    cache,
    defaultMaxTokens: config.upstream.default_max_tokens,
    observe,
  });
  const health = new RouterHealth(catalog, breakers);
  const server = await startGrpcServer(modelRouterService({ router, catalog, breakers, callers, logger, observe }), health, {
    host: config.server.host,
    port: config.server.grpc_port,
    maxRequestBytes: config.server.max_request_bytes,
    tls: config.server.tls,
    logger,
  });
  const metricsServer = config.metrics.port === 0 ? undefined : await startMetricsOrWarn(metrics, config.metrics, logger);

  return {
    port: server.port,
    metricsPort: metricsServer?.port,
    metrics,
    catalog,
    breakers,
    cacheStore,
    async close(graceMs = config.server.shutdown_grace_ms) {
      await server.drain(graceMs);
      await metricsServer?.close();
      transport?.close();
      breakers.shutdown();
      await cacheStore?.close();
    },
  };
}

/** A metrics port that is taken must not keep the router from serving: it says so and serves without /metrics. */
async function startMetricsOrWarn(metrics: RouterMetrics, where: RouterConfig['metrics'], logger: Logger): Promise<MetricsServer | undefined> {
  try {
    return await startMetricsServer(metrics.registry, where.host, where.port);
  } catch (err) {
    logger.error('metrics endpoint not started; serving without it', {
      event: 'metrics_unavailable',
      port: where.port,
      err: err instanceof Error ? err : String(err),
    });
    return undefined;
  }
}
