import type { RefreshResult } from './catalog/catalogRefresher';
import type { LiveCatalog } from './catalog/liveCatalog';
import { createCatalog } from './catalog/startCatalog';
import type { CacheStore } from './cache/cacheStore';
import { createCacheStore } from './cache/createCacheStore';
import { persistedValue } from './cache/persistedValue';
import { ResponseCache } from './cache/responseCache';
import type { RouterConfig } from './config/schema';
import { CallChain } from './core/callChain';
import { CallerDirectory } from './core/callerDirectory';
import { KeyLimiters } from './core/keyLimiters';
import { createFleet } from './providers/createFleet';
import { Router, type RouterDeps } from './core/router';
import { warmUp } from './warmup';
import { applyHeapGrowth } from './runtime/heapGrowth';
import { startIdleGc } from './runtime/startIdleGc';
import { createFleetState } from './fleetState';
import { createTaskInference } from './taskInference';
import type { Logger } from './observability/logger';
import { localErrorLog } from './observability/localErrorLog';
import { throttle } from './observability/throttle';
import { RouterMetrics } from './observability/metrics';
import { startMetricsServer, type MetricsServer } from './observability/metricsServer';
import { logRequest } from './observability/requestLog';
import { restrictedBetas } from './policy/adaptForModel';
import { createPlanner } from './policy/planRoute';
import { Policy } from './policy/policy';
import { createAnthropicClient, createAnthropicProvider, type ProviderHooks } from './providers/anthropic/anthropicProvider';
import { createPooledFetch } from './providers/anthropic/pooledFetch';
import type { Provider } from './providers/provider';
import { BreakerRegistry } from './resilience/breakerRegistry';
import { FallbackExecutor, type ExecutorSettings } from './resilience/fallbackExecutor';
import { RetryBudget } from './resilience/retryBudget';
import { RouterHealth } from './transport/grpc/health';
import { startGrpcServer } from './transport/grpc/server';
import type { SessionEvent } from './transport/grpc/sessionWatch';
import { modelRouterService } from './transport/grpc/service';
import { startHttpServer, type RunningHttpServer } from './transport/http/server';

export interface AppOptions {
  config: RouterConfig;
  apiKey: string;
  logger: Logger;
  /** Tests and benchmarks pass their own store; otherwise it follows the config. */
  cacheStore?: CacheStore;
  /** Tests may pass their own provider; otherwise the Anthropic SDK at config.upstream.base_url. */
  provider?: Provider;
  /** Where platform credentials are read (AWS_*, VERTEX_ACCESS_TOKEN, the keys' variables); process.env by default. */
  env?: NodeJS.ProcessEnv;
}

export interface App {
  readonly port: number;
  /** The Anthropic-compatible HTTP door's port, or undefined when http.enabled is false. */
  readonly httpPort: number | undefined;
  /** The Prometheus endpoint's port, or undefined when metrics.port is 0. */
  readonly metricsPort: number | undefined;
  readonly metrics: RouterMetrics;
  readonly catalog: LiveCatalog;
  /** Lists upstream now (SIGHUP); undefined when catalog.live is off. */
  refreshCatalog: (() => Promise<RefreshResult>) | undefined;
  readonly breakers: BreakerRegistry;
  readonly cacheStore: CacheStore | undefined;
  /** Drains gRPC and HTTP calls for up to graceMs, then releases breakers and the cache store. */
  close(graceMs?: number): Promise<void>;
}

/** Builds the request path from config and starts serving it. */
export async function startApp(options: AppOptions): Promise<App> {
  const { config, logger } = options;
  if (config.runtime.heap_growing_percent > 0) applyHeapGrowth(config.runtime.heap_growing_percent);
  const breakers = new BreakerRegistry(config.resilience.breaker, logger);
  const { resilience } = config;
  const executorSettings: ExecutorSettings = {
    retry: resilience.retry,
    attemptTimeoutMs: config.upstream.timeout_ms,
    minAttemptMs: resilience.min_attempt_ms,
    firstTokenTimeoutMs: resilience.first_token_timeout_ms,
    firstTokenPer20kMs: resilience.first_token_ms_per_20k_input,
    firstTokenByTask: resilience.first_token_timeout_by_task,
    idleTimeoutMs: resilience.stream_idle_timeout_ms,
    maxRescues: resilience.max_stream_rescues,
    longContext: config.routing.long_context,
  };
  const executor = new FallbackExecutor(breakers, new RetryBudget(resilience.retry), executorSettings);
  const routerRef: { current?: Router } = {};
  // Callbacks made before the metrics exist (a first catalog refresh) see undefined rather than a TDZ error.
  // eslint-disable-next-line prefer-const
  let metrics: RouterMetrics | undefined;
  const malformedLogged = new Map<string, number>();
  const transport = options.provider ? undefined : createPooledFetch({ maxSockets: config.upstream.max_sockets, keepAliveMs: config.upstream.keep_alive_ms });
  if (config.upstream.max_idle_connections !== undefined)
    logger.warn('upstream.max_idle_connections no longer applies: see upstream.keep_alive_ms', { event: 'config_ignored' });
  const hooks: ProviderHooks = {
    malformedEvent: (model, detail) => {
      metrics?.recordMalformedEvent(model);
      // One line per model a minute: a model that keeps sending garbage must not flood the log.
      if (Date.now() - (malformedLogged.get(model) ?? 0) < 60_000) return;
      malformedLogged.set(model, Date.now());
      logger.warn('upstream sent a malformed stream event; skipped', { event: 'malformed_event', model, detail });
    },
  };
  const provider =
    options.provider ??
    createAnthropicProvider(
      createAnthropicClient({
        apiKey: options.apiKey,
        baseURL: config.upstream.base_url,
        timeoutMs: config.upstream.timeout_ms,
        logger,
        ...(transport ? { fetch: transport.fetch } : {}),
      }),
      hooks,
    );
  const fleet = await createFleet({
    providers: config.providers,
    env: options.env ?? process.env,
    apiKey: options.apiKey,
    anthropicBaseURL: config.upstream.base_url,
    timeoutMs: config.upstream.timeout_ms,
    logger,
    fetch: transport?.fetch,
    hooks,
    anthropicProvider: provider,
  });
  const limiters = new KeyLimiters(fleet);
  const cacheStore = config.cache.enabled ? (options.cacheStore ?? createCacheStore(config.cache, logger)) : undefined;
  // The Models API through Anthropic's first usable key; with none (Bedrock or Vertex only) the config is the catalog.
  const anthropic = fleet.groups.find((g) => g.platform === 'anthropic' && g.unavailable === undefined)?.provider;
  if (!anthropic && config.catalog.live)
    logger.warn('no usable Anthropic key: the catalog is the config alone (catalog.live off)', { event: 'catalog_not_live' });
  const { live: catalog, refresher } = createCatalog(anthropic ? config : { ...config, catalog: { ...config.catalog, live: false } }, {
    list: (signal) => (anthropic ?? provider).listModels(signal),
    persistence: cacheStore?.kind === 'redis' ? persistedValue(cacheStore, CATALOG_KEY, CATALOG_TTL_SECONDS) : undefined,
    logger,
    onRefresh: (outcome, skipped) => metrics?.recordCatalogRefresh(outcome, skipped),
  });
  const policy = new Policy(config.policy, catalog.current, !config.catalog.live);
  catalog.onChange((current) => {
    const missing = policy.unresolved(current);
    if (missing.length > 0) logger.warn('policy candidates with no model in the catalog (skipped)', { event: 'policy_unresolved', missing });
  });
  const cache = cacheStore
    ? new ResponseCache(cacheStore, {
        ttlSeconds: config.cache.ttl_seconds,
        fallbackTtlSeconds: config.cache.fallback_ttl_seconds,
        deterministicOnly: config.cache.deterministic_only,
        lockTtlMs: config.cache.redis.lock_ttl_ms,
        lockWaitMs: config.cache.redis.lock_wait_ms,
        localCopies: { maxBytes: config.cache.redis.local_copies.max_bytes, ttlMs: config.cache.redis.local_copies.ttl_seconds * 1000 },
        onWait: (outcome) => {
          metrics?.fleet.recordCoalescedWait(outcome);
          // Redis could not tell whether another replica is filling: this one went upstream on its own.
          if (outcome === 'unavailable') metrics?.fleet.recordLocalDecision('coalescing');
        },
      })
    : undefined;
  metrics = new RouterMetrics({
    modelIds: () => catalog.current.models.map((m) => m.id),
    isModel: (id) => catalog.current.find(id)?.id === id,
    isTask: (name) => policy.has(name),
    catalog: () => catalog.current,
    // As health reads it: a model no platform can serve is open.
    circuitState: (id) => routerRef.current?.circuits.state(id) ?? breakers.state(id),
    deploymentStates: () => breakers.states(),
    cache: cacheStore ? { errors: () => cacheStore.stats().errors, up: () => cacheStore.state() === 'up' } : undefined,
    costLabels: config.metrics.cost_labels,
    maxLabelValues: config.metrics.max_label_values,
    runtime: config.metrics.runtime,
  });
  const recorder = metrics;
  const fleetState = createFleetState(config, breakers, metrics.fleet, logger);
  const logLocalError = localErrorLog(logger);
  const callers = new CallerDirectory(config.auth.callers, catalog.current, policy, !config.catalog.live);
  const chain = new CallChain(
    callers,
    (outcome) => {
      logRequest(logger, outcome);
      logLocalError(outcome);
      recorder.record(outcome);
    },
    config.errors.passthrough_upstream_messages,
  );
  await refresher?.start();
  const { inferrer, llmClassifier } = createTaskInference(config.routing, policy, anthropic, catalog, recorder);
  const warned = new Set<string>();
  const defaultMaxTokens = config.upstream.default_max_tokens;
  const routerDeps: RouterDeps = {
    chain,
    policy,
    inferrer,
    llmClassifier,
    planner: createPlanner(catalog, policy, { defaultMaxTokens, longContext: config.routing.long_context }),
    catalog,
    refreshCatalog: refresher && (() => refresher.refresh('request')),
    deprecated: (model) => {
      if (warned.has(model.id)) return;
      warned.add(model.id);
      logger.warn('a deprecated model is being called', { event: 'deprecated_model', model: model.id, retires_at: model.retires_at });
    },
    executor,
    breakers,
    provider,
    deployments: { fleet, breakers, limiters, order: config.routing.fallback_order },
    cache,
    limits: {
      maxImages: config.limits.max_images,
      maxImageBytes: config.limits.max_image_bytes,
      maxMessages: config.limits.max_messages,
      maxStopSequences: config.limits.max_stop_sequences,
      maxTools: config.limits.max_tools,
    },
    adapt: { defaultMaxTokens, restrictedBetas: restrictedBetas(config) },
    attemptTimeoutMs: config.upstream.timeout_ms,
    streamComplete: config.upstream.stream_complete,
    guards: fleetState.guards,
    budgets: fleetState.budgets,
  };
  const router = new Router(routerDeps);
  routerRef.current = router;
  if (config.warmup.enabled) await warmUp(config, routerDeps, executorSettings, { rounds: config.warmup.rounds, maxMs: config.warmup.max_ms }, logger);
  const health = new RouterHealth(router.circuits);
  let serving = false;
  const httpServer: RunningHttpServer | undefined = config.http.enabled
    ? await startHttpServer(router, {
        host: config.http.host,
        port: config.http.port,
        tls: config.server.tls,
        maxRequestBytes: config.limits.max_request_bytes,
        pingIntervalMs: config.http.ping_interval_ms,
        logger,
        serving: () => serving,
      })
    : undefined;
  const server = await startGrpcServer(modelRouterService(router, logger), health, {
    host: config.server.host,
    port: config.server.grpc_port,
    maxRequestBytes: config.limits.max_request_bytes,
    tls: config.server.tls,
    logger,
    onSessionEvent: sessionEventReporter(metrics, logger),
  });
  serving = true;
  const idleCollector = startIdleGc(config.runtime, logger);
  const metricsServer = config.metrics.port === 0 ? undefined : await startMetricsOrWarn(metrics, config.metrics, logger);

  return {
    port: server.port,
    refreshCatalog: refresher && (() => refresher.refresh('SIGHUP')),
    httpPort: httpServer?.port,
    metricsPort: metricsServer?.port,
    metrics,
    catalog,
    breakers,
    cacheStore,
    async close(graceMs = config.server.shutdown_grace_ms) {
      serving = false;
      refresher?.stop();
      idleCollector?.stop();
      await Promise.all([server.drain(graceMs), httpServer?.drain(graceMs)]);
      await metricsServer?.close();
      transport?.close();
      breakers.shutdown();
      await cacheStore?.close();
      await fleetState.close();
    },
  };
}

/** The last good listing in Redis, so a restarted replica starts from it while the Models API is down. */
const CATALOG_KEY = 'mr:catalog:v1';
const CATALOG_TTL_SECONDS = 30 * 24 * 3600;

/** A metrics port that is taken must not keep the router from serving: it says so and serves without /metrics. */
const SESSION_LOG_INTERVAL_MS = 10_000;

/** Counted every time, logged at most once per kind and interval: a cancel storm can make thousands. */
function sessionEventReporter(metrics: RouterMetrics, logger: Logger): (event: SessionEvent) => void {
  const once = throttle(SESSION_LOG_INTERVAL_MS);
  return ({ event, detail, remote }) => {
    metrics.recordSessionEvent(event);
    once(event, (suppressed) =>
      logger.warn('HTTP/2 connection event: every call on it ends', { event: 'http2_session', kind: event, detail, remote, suppressed_since_last: suppressed }),
    );
  };
}

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
