import type { RateLimitConfig } from '../config/fleetSchema';
import { RouterError } from '../domain/routerError';
import type { RedisClient } from '../redis/redisClient';
import type { FleetRedis } from './fleetRedis';
import type { FleetFeature } from './localFallback';
import { BUCKET_MS, BUCKETS, bucketIndexes, LocalWindow, oldestWeight, usedIn, waitMs, WINDOW_MS } from './slidingWindow';

/** A bucket outlives the window that counts it. */
const BUCKET_TTL_MS = WINDOW_MS + 3 * BUCKET_MS;

/** What the limiter needs of a call (core's GuardedCall fits). */
export interface LimitedCall {
  caller: string;
  task: string;
  estimatedInputTokens: number;
  billed: boolean;
}

export interface LimitedSpend {
  ok: boolean;
  cached: boolean;
  inputTokens: number;
  outputTokens: number;
}

// Every bucket of a scope shares its hash tag, so the script touches one cluster slot. KEYS: the buckets oldest
// first, the current one last. Returns {admitted, count of each bucket...}.
const WINDOW_SCRIPT = `
local counts = redis.call('MGET', unpack(KEYS))
local used = 0
local reply = {0}
for i = 1, #KEYS do
  local c = tonumber(counts[i]) or 0
  reply[i + 1] = c
  if i == 1 then used = used + c * tonumber(ARGV[1]) else used = used + c end
end
if used + tonumber(ARGV[3]) > tonumber(ARGV[2]) then return reply end
redis.call('INCRBY', KEYS[#KEYS], ARGV[4])
redis.call('PEXPIRE', KEYS[#KEYS], ARGV[5])
reply[1] = 1
return reply`;

// A settled call's correction (actual tokens minus the estimate taken at admission); the window may have moved on.
const ADJUST_SCRIPT = `
redis.call('INCRBY', KEYS[1], ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1`;

/** Where a count was kept: the fleet's (Redis) or this replica's own. */
type Store = 'redis' | 'local';

interface WindowCommands {
  mrWindow(...args: (string | number)[]): Promise<number[]>;
  mrAdjust(key: string, amount: number, ttlMs: number): Promise<number>;
}

interface Scope {
  id: string;
  limit: number;
  unit: 'requests' | 'tokens';
  rule: RateLimitConfig;
}

/**
 * Requests and tokens per minute per caller and per (caller, task), counted in Redis for the whole fleet: each
 * scope a sliding minute of six 10 s buckets, checked and counted in one script. Tokens are taken at the planner's
 * estimate on admission and corrected to the usage upstream reported once the call ends. While Redis is down (or
 * too slow: its command timeout), each replica counts alone: limits fail open to per-replica ones.
 */
export class FleetRateLimiter {
  private readonly local = new Map<string, LocalWindow>();
  private readonly defined = new WeakSet<RedisClient>();

  constructor(
    private readonly rules: readonly RateLimitConfig[],
    private readonly redis: FleetRedis | undefined,
    private readonly fellBack: (feature: FleetFeature, reason: string) => void,
    private readonly now: () => number = Date.now,
  ) {}

  get enabled(): boolean {
    return this.rules.length > 0;
  }

  async admit(call: LimitedCall): Promise<((spend: LimitedSpend) => void) | undefined> {
    const scopes = this.scopesOf(call);
    if (scopes.length === 0) return undefined;
    const tokens = Math.max(1, call.estimatedInputTokens);
    const now = this.now();
    const index = Math.floor(now / BUCKET_MS);
    const taken = await Promise.all(scopes.map((s) => this.take(s, s.unit === 'requests' ? 1 : tokens, now)));
    const refused = taken
      .map((t, i) => ({ wait: t.wait, scope: scopes[i] }))
      .filter((d): d is { wait: number; scope: Scope } => d.wait !== undefined && d.scope !== undefined);
    if (refused.length > 0) {
      // A refused call takes nothing: what the other scopes counted for it is given back.
      taken.forEach((t, i) => {
        const scope = scopes[i];
        if (t.wait === undefined && scope) this.adjust(scope, scope.unit === 'requests' ? -1 : -tokens, { index, where: t.where });
      });
      const worst = refused.reduce((a, b) => (b.wait > a.wait ? b : a));
      throw overLimit(call, worst.scope, worst.wait);
    }
    const counted = scopes.map((scope, i) => ({ scope, where: taken[i]?.where ?? 'local' })).filter((c) => c.scope.unit === 'tokens');
    if (counted.length === 0) return undefined;
    return (spend) => {
      // What upstream reported; a cache hit used none; a call that failed or was cancelled keeps the estimate (upstream
      // may well have read the input and written part of an answer: it bills for it).
      const used = !spend.ok ? tokens : spend.cached ? 0 : spend.inputTokens + spend.outputTokens;
      if (used !== tokens) for (const c of counted) this.adjust(c.scope, used - tokens, { index, where: c.where });
    };
  }

  /**
   * The limits a call counts against, each a window of its own: per caller, and per (caller, task). A limit naming
   * the caller replaces the '*' one of the same kind, so one caller can be given more (or less) than the rest.
   * Scopes are named by what they limit, not by their place in the config: reordering the rules keeps the counts.
   */
  private scopesOf(call: LimitedCall): Scope[] {
    const applies = this.rules.filter((rule) => (rule.caller === '*' || rule.caller === call.caller) && (rule.task === undefined || rule.task === call.task));
    const scopes: Scope[] = [];
    for (const rule of applies) {
      const named = applies.some((other) => other.caller === call.caller && other.task === rule.task);
      if (rule.caller === '*' && named) continue;
      const base = `${call.caller}${rule.task !== undefined ? `|${call.task}` : ''}`;
      if (rule.requests_per_minute !== undefined) scopes.push({ id: `${base}|req`, limit: rule.requests_per_minute, unit: 'requests', rule });
      if (rule.tokens_per_minute !== undefined && call.billed) scopes.push({ id: `${base}|tok`, limit: rule.tokens_per_minute, unit: 'tokens', rule });
    }
    return scopes;
  }

  /** Counts `amount` against the scope when it fits (wait undefined); else how long until it would (ms). */
  private async take(scope: Scope, amount: number, now: number): Promise<{ wait: number | undefined; where: Store }> {
    // A single request larger than the whole limit passes on an empty window rather than never.
    const need = Math.min(amount, scope.limit);
    const { indexes, elapsedMs } = bucketIndexes(now);
    const client = this.redis?.ready();
    if (client) {
      try {
        const keys = indexes.map((i) => this.key(scope, i));
        const [admitted, ...counts] = await this.commands(client).mrWindow(...keys, oldestWeight(elapsedMs), scope.limit, need, amount, BUCKET_TTL_MS);
        return { wait: admitted === 1 ? undefined : waitMs(counts, need, scope.limit, elapsedMs), where: 'redis' };
      } catch (err) {
        this.fellBack('rate_limit', err instanceof Error ? err.message : 'redis command failed');
      }
    } else if (this.redis) {
      this.fellBack('rate_limit', 'redis unavailable');
    }
    return { wait: this.takeLocally(scope, amount, need, now), where: 'local' };
  }

  private takeLocally(scope: Scope, amount: number, need: number, now: number): number | undefined {
    let window = this.local.get(scope.id);
    if (!window) this.local.set(scope.id, (window = new LocalWindow()));
    const { counts, elapsedMs } = window.read(now);
    if (usedIn(counts, elapsedMs) + need > scope.limit) return waitMs(counts, need, scope.limit, elapsedMs);
    window.add(now, amount);
    return undefined;
  }

  /**
   * Corrects a count: a refund goes back into the bucket (and the store) the admission was counted in, or nowhere
   * once that bucket has left the window (it no longer counts, and a refund elsewhere would outlive it); more tokens
   * than estimated count now, wherever counting is possible now.
   */
  private adjust(scope: Scope, amount: number, admitted: { index: number; where: Store }): void {
    const now = this.now();
    const current = Math.floor(now / BUCKET_MS);
    if (amount < 0 && current - admitted.index > BUCKETS) return;
    const index = amount < 0 ? admitted.index : current;
    const client = this.redis?.ready();
    if (client && (amount > 0 || admitted.where === 'redis')) {
      this.commands(client)
        .mrAdjust(this.key(scope, index), amount, BUCKET_TTL_MS)
        .catch(() => undefined);
      return;
    }
    if (amount < 0 && admitted.where === 'redis') return;
    this.local.get(scope.id)?.addAt(index, amount);
  }

  private key(scope: Scope, index: number): string {
    return `${this.redis?.prefix ?? ''}rl:{${scope.id}}:${index}`;
  }

  private commands(client: RedisClient): WindowCommands {
    if (!this.defined.has(client)) {
      client.defineCommand('mrWindow', { numberOfKeys: BUCKETS + 1, lua: WINDOW_SCRIPT });
      client.defineCommand('mrAdjust', { numberOfKeys: 1, lua: ADJUST_SCRIPT });
      this.defined.add(client);
    }
    return client as unknown as WindowCommands;
  }
}

function overLimit(call: LimitedCall, scope: Scope, wait: number): RouterError {
  const per = scope.rule.task !== undefined ? ` for task '${call.task}'` : '';
  return new RouterError(
    'rate_limited',
    `caller '${call.caller}' is over its limit of ${scope.limit} ${scope.unit} per minute${per}; retry in ${Math.max(1, Math.ceil(wait / 1000))} s`,
    { retryAfterMs: Math.max(1, wait), blame: 'caller' },
  );
}
