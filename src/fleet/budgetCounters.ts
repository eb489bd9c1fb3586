import type { RedisClient } from '../redis/redisClient';
import { periodKey, periodTtlSeconds, type BudgetPeriod } from './budgetPeriods';
import type { FleetRedis } from './fleetRedis';

/** What a budget counter needs of a budget. */
export interface CountedBudget {
  name: string;
  period: BudgetPeriod;
}

export interface BudgetRead {
  spentUsd: number;
  /** From Redis: the whole fleet's figure; else this replica's estimate. */
  fleetWide: boolean;
  /** Why Redis could not be read (it was meant to be). */
  fallbackReason?: string;
}

interface Counter {
  period: BudgetPeriod;
  periodKey: string;
  /** The fleet's figure as last read, plus this replica's spend since: what it decides on while Redis is down. */
  known: number;
  /** This replica's spend not yet sent to Redis (it was down, or a push is under way): sent once it can be. */
  unsynced: number;
  /** A push sent but not known to be applied (it failed or timed out): sent again as it is, never merged. */
  pending: { seq: number; amount: number } | undefined;
  /** The last push's number: Redis keeps this replica's last applied one, so a push sent twice counts once. */
  seq: number;
  pushing: boolean;
}

// KEYS[1] the budget's spend this period, KEYS[2] the last push of this replica applied to it: one hash tag (the
// budget's name), so one cluster slot. A push whose reply was lost (timeout) is sent again with its number: applied once.
const ADD_SCRIPT = `
local last = tonumber(redis.call('GET', KEYS[2]) or '0')
if tonumber(ARGV[3]) > last then
  redis.call('INCRBYFLOAT', KEYS[1], ARGV[1])
  redis.call('EXPIRE', KEYS[1], ARGV[2])
  redis.call('SET', KEYS[2], ARGV[3], 'EX', ARGV[2])
end
return redis.call('GET', KEYS[1]) or '0'`;

interface AddCommand {
  mrBudgetAdd(key: string, pushKey: string, usd: number, ttlSeconds: number, seq: number): Promise<string>;
}

const PRUNE_INTERVAL_MS = 60_000;
/** Counters kept at most (past it, those that owe Redis nothing go first, oldest first). */
const MAX_COUNTERS = 10_000;

/**
 * Each budget's spend in the current period, in Redis (`<prefix>budget:{<name>}:<period>`, one INCRBYFLOAT
 * counter, kept 3 days for a day and 40 for a month) and in process. Reads are one GET per budget, never a
 * multi-key command: in a cluster the budgets of one call live in different slots. Additions go through a script
 * that also keeps this replica's last applied one (`...:replica:<id>`, same hash tag) so a retried one counts once.
 * Every command is bounded by
 * the connection's command timeout; a failed one leaves the decision to the in-process figure.
 */
export class BudgetCounters {
  private readonly counters = new Map<string, Counter>();
  private readonly defined = new WeakSet<RedisClient>();
  private lastPrune = 0;

  private readonly replicaId: string;

  constructor(private readonly redis: FleetRedis | undefined) {
    this.replicaId = redis?.replicaId ?? 'local';
    // Spend taken while Redis was down goes back into the fleet's figures as soon as it is up again.
    redis?.onReady(() => {
      const client = redis.ready();
      if (client) for (const [key, counter] of this.counters) if (owed(counter) > 0) void this.push(client, key, counter);
    });
  }

  async read(budget: CountedBudget, now: number): Promise<BudgetRead> {
    const key = this.key(budget, now);
    // Reads keep a counter too (bounded: evict()), so that the figure last seen can outlast a Redis that lost it.
    const counter = this.counter(key, budget, now);
    const client = this.redis?.ready();
    if (!client) return { spentUsd: counter.known, fleetWide: false, ...(this.redis ? { fallbackReason: 'redis unavailable' } : {}) };
    try {
      const stored = Number((await client.get(key)) ?? 0);
      // Within a period the fleet's figure only grows: one that went down (Redis restarted empty, a failover lost
      // writes) must not reopen a budget this replica has seen spent.
      counter.known = Math.max(counter.known, stored + owed(counter));
      if (owed(counter) > 0) void this.push(client, key, counter);
      return { spentUsd: counter.known, fleetWide: true };
    } catch (err) {
      return { spentUsd: counter.known, fleetWide: false, fallbackReason: err instanceof Error ? err.message : 'redis command failed' };
    }
  }

  /** Adds a call's cost; resolves with the budget's figure once Redis has taken it (or could not). */
  async add(budget: CountedBudget, usd: number, now: number): Promise<BudgetRead> {
    const key = this.key(budget, now);
    const counter = this.counter(key, budget, now);
    counter.known += usd;
    counter.unsynced += usd;
    const client = this.redis?.ready();
    if (!client) return { spentUsd: counter.known, fleetWide: false };
    const pushed = await this.push(client, key, counter);
    return { spentUsd: counter.known, fleetWide: pushed };
  }

  /**
   * Sends what Redis lacks of this counter, one push at a time; what fails stays owed. The fleet's figure comes
   * back with each reply. False when Redis could not take it.
   */
  private async push(client: RedisClient, key: string, counter: Counter): Promise<boolean> {
    // The push under way sends what was added meanwhile too.
    if (counter.pushing) return true;
    counter.pushing = true;
    try {
      for (;;) {
        if (!counter.pending) {
          if (counter.unsynced <= 0) return true;
          counter.pending = { seq: ++counter.seq, amount: counter.unsynced };
          counter.unsynced = 0;
        }
        const { seq, amount } = counter.pending;
        const spent = await this.commands(client).mrBudgetAdd(key, `${key}:replica:${this.replicaId}`, amount, periodTtlSeconds(counter.period), seq);
        counter.pending = undefined;
        counter.known = Math.max(counter.known, Number(spent) + counter.unsynced);
      }
    } catch {
      return false;
    } finally {
      counter.pushing = false;
    }
  }

  private counter(key: string, budget: CountedBudget, now: number): Counter {
    this.prune(now);
    let counter = this.counters.get(key);
    if (!counter) {
      if (this.counters.size >= MAX_COUNTERS) this.evict();
      counter = { period: budget.period, periodKey: periodKey(budget.period, now), known: 0, unsynced: 0, pending: undefined, seq: 0, pushing: false };
      this.counters.set(key, counter);
    }
    return counter;
  }

  /** The oldest counters that owe Redis nothing (their figure is there): what made-up names or values cannot grow. */
  private evict(): void {
    for (const [key, counter] of this.counters) {
      if (this.counters.size < MAX_COUNTERS * 0.9) return;
      // Without Redis there is nobody to owe: the oldest go, whatever they counted.
      if (owed(counter) <= 0 || !this.redis) this.counters.delete(key);
    }
  }

  /** Counters of periods that are over, once Redis has everything they counted. */
  private prune(now: number): void {
    if (now - this.lastPrune < PRUNE_INTERVAL_MS) return;
    this.lastPrune = now;
    for (const [key, counter] of this.counters) {
      if (owed(counter) <= 0 && counter.periodKey !== periodKey(counter.period, now)) this.counters.delete(key);
    }
  }

  private key(budget: CountedBudget, now: number): string {
    // A brace in a label value would end the hash tag early: escaped, the tag is always the whole name.
    const name = budget.name.replace(/[{}%]/g, (c) => `%${c.charCodeAt(0).toString(16)}`);
    return `${this.redis?.prefix ?? ''}budget:{${name}}:${periodKey(budget.period, now)}`;
  }

  private commands(client: RedisClient): AddCommand {
    if (!this.defined.has(client)) {
      client.defineCommand('mrBudgetAdd', { numberOfKeys: 2, lua: ADD_SCRIPT });
      this.defined.add(client);
    }
    return client as unknown as AddCommand;
  }
}

/** What this replica spent that Redis is not known to have. */
function owed(counter: Counter): number {
  return counter.unsynced + (counter.pending?.amount ?? 0);
}
