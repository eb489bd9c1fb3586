import type { RouterConfig } from './config/schema';
import type { CallGuard } from './core/callGuards';
import { connectFleetRedis, type FleetRedis } from './fleet/fleetRedis';
import { localFallbackReporter, type FleetFeature } from './fleet/localFallback';
import { FleetRateLimiter } from './fleet/rateLimiter';
import { FleetBudgets } from './fleet/budgets';
import { budgetCallerProblems } from './config/budgetsSchema';
import { rateLimitProblems } from './config/fleetSchema';
import { ConfigError } from './config/loadConfig';
import { ANONYMOUS_CALLER } from './cache/cacheKey';
import { SharedBreakers } from './fleet/sharedBreakers';
import type { BreakerRegistry } from './resilience/breakerRegistry';
import type { FleetMetrics } from './observability/fleetMetrics';
import type { Logger } from './observability/logger';
import { redisEndpoint } from './redis/endpoint';

/** What the replicas share through Redis, wired: the call guards, and the connection for breakers and fills. */
export interface FleetState {
  /** Undefined without Redis: every replica keeps its own state. */
  redis: FleetRedis | undefined;
  /** Spend budgets first (they only read), then rate limits (they count). */
  guards: CallGuard[];
  /** Undefined when no budget is configured. */
  budgets: FleetBudgets | undefined;
  close(): Promise<void>;
}

export function createFleetState(config: RouterConfig, breakers: BreakerRegistry, metrics: FleetMetrics, logger: Logger): FleetState {
  checkCallersAndTasks(config);
  const endpoint = redisEndpoint(config.cache.redis);
  const redis = endpoint ? connectFleetRedis(endpoint, config.fleet.key_prefix, logger) : undefined;
  const fellBack = localFallbackReporter(logger, (feature) => metrics.recordLocalDecision(feature));
  const guards: CallGuard[] = [];
  // Budgets before the rate limits: a refused call then takes nothing from the limits.
  const budgets = createBudgets(config, redis, fellBack, metrics, logger);
  if (budgets) guards.push(budgets);
  const limiter = new FleetRateLimiter(config.rate_limits, redis, fellBack);
  if (limiter.enabled) guards.push(limiter);
  const shared =
    redis && config.fleet.shared_breakers
      ? new SharedBreakers(
          redis,
          Math.min(config.upstream.timeout_ms, PROBE_SLOT_MAX_MS),
          config.upstream.timeout_ms,
          {
            follow: (key, state) => breakers.follow(key, state),
            signal: (direction, state) => metrics.recordBreakerSignal(direction, state),
            fellBack,
          },
          logger,
        )
      : undefined;
  if (shared) breakers.joinFleet(shared);
  return {
    redis,
    guards,
    budgets,
    close: async () => {
      shared?.close();
      budgets?.close();
      await redis?.close();
    },
  };
}

/**
 * The fleet's half-open probe slot lasts as long as a probe may take, up to this: a replica that took the slot and
 * then saw no call to probe with holds the others back no longer.
 */
const PROBE_SLOT_MAX_MS = 10_000;

/**
 * A budget or rate limit no caller could ever meet (an unknown caller or task) is a mistake in the config: refused
 * before anything connects.
 */
function checkCallersAndTasks(config: RouterConfig): void {
  const callerIds = config.auth.callers.map((c) => c.id);
  const problems = [
    ...budgetCallerProblems(config.budgets, callerIds, ANONYMOUS_CALLER),
    ...rateLimitProblems(config.rate_limits, callerIds, Object.keys(config.policy.tasks), ANONYMOUS_CALLER),
  ];
  if (problems.length > 0) throw new ConfigError(`Invalid config:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
}

/** The budgets guard, or undefined with none configured. */
function createBudgets(
  config: RouterConfig,
  redis: FleetRedis | undefined,
  fellBack: (feature: FleetFeature, reason: string) => void,
  metrics: FleetMetrics,
  logger: Logger,
): FleetBudgets | undefined {
  return config.budgets.limits.length > 0 ? new FleetBudgets(config.budgets, redis, fellBack, metrics, logger) : undefined;
}
