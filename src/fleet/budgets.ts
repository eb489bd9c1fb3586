import type { BudgetsConfig } from '../config/budgetsSchema';
import { echo, RouterError } from '../domain/routerError';
import type { FleetMetrics } from '../observability/fleetMetrics';
import type { Logger } from '../observability/logger';
import { BudgetCounters, type BudgetRead } from './budgetCounters';
import { formatUsd, periodEnd, periodKey } from './budgetPeriods';
import { BudgetRules, type BudgetInstance } from './budgetScopes';
import type { FleetRedis } from './fleetRedis';
import type { FleetFeature } from './localFallback';
import type { BudgetStatus } from '../domain/budget';

/** What budgets need of a call (core's GuardedCall fits). */
export interface BudgetedCall {
  caller: string;
  labels: Readonly<Record<string, string>>;
  billed: boolean;
}

/** What budgets need of a call's spend (core's CallSpend fits). */
export interface BudgetSpend {
  cached: boolean;
  costUsd: number;
}

export type BudgetMetrics = Pick<FleetMetrics, 'setBudgetUsed' | 'recordBudgetRejection'>;

/**
 * '*' budgets made concrete are remembered for GetBudget's listing, metrics and warnings up to this many per
 * replica: label values come from callers, and a flood of made-up ones must not grow memory or /metrics for ever.
 * Past it a new one is still counted and enforced, only not listed or exported.
 */
const MAX_TRACKED = 1000;

/**
 * Spend budgets in USD per UTC day and month, per caller and per allow-listed label value, counted across the fleet
 * in Redis from each call's computed cost (a cache hit costs nothing). A call is refused when any of its budgets is
 * already spent; calls already running when a budget runs out finish and are counted, so a budget can be overshot
 * by what was in flight. While Redis is down each replica decides on its own figure (the fleet's last known plus
 * its own spend since) and adds its spend back to Redis once it returns.
 */
/** How often gauges of budgets whose period ended are put back to 0. */
const ROLLOVER_CHECK_MS = 60_000;

export class FleetBudgets {
  private readonly rules: BudgetRules;
  private readonly counters: BudgetCounters;
  private readonly tracked = new Map<string, BudgetInstance>();
  private readonly warned = new Set<string>();
  private readonly log: Logger;
  /** The period each exported gauge was last set for: past its end the gauge goes back to 0 (a new period is unspent). */
  private readonly gauged = new Map<string, { period: BudgetInstance['period']; key: string }>();
  private readonly rollover: NodeJS.Timeout;

  constructor(
    private readonly config: BudgetsConfig,
    redis: FleetRedis | undefined,
    private readonly fellBack: (feature: FleetFeature, reason: string) => void,
    private readonly metrics: BudgetMetrics,
    logger: Logger,
    private readonly now: () => number = Date.now,
  ) {
    this.rules = new BudgetRules(config);
    this.counters = new BudgetCounters(redis);
    this.log = logger.child({ component: 'fleet.budgets' });
    this.rollover = setInterval(() => this.resetEnded(), ROLLOVER_CHECK_MS);
    this.rollover.unref();
  }

  close(): void {
    clearInterval(this.rollover);
  }

  /** An alert on the gauge must not go on firing after midnight (or the 1st) for a budget nobody has used since. */
  resetEnded(now = this.now()): void {
    for (const [name, last] of this.gauged) {
      if (periodKey(last.period, now) === last.key) continue;
      this.metrics.setBudgetUsed(name, 0);
      this.gauged.delete(name);
    }
  }

  get enabled(): boolean {
    return this.rules.enabled;
  }

  async admit(call: BudgetedCall): Promise<((spend: BudgetSpend) => void) | undefined> {
    if (!call.billed) return undefined;
    const budgets = this.rules.forCall(call.caller, call.labels);
    if (budgets.length === 0) return undefined;
    const now = this.now();
    const reads = await Promise.all(budgets.map((b) => this.counters.read(b, now)));
    const failure = reads.find((r) => r.fallbackReason !== undefined)?.fallbackReason;
    if (failure !== undefined) this.fellBack('budget', failure);
    budgets.forEach((b, i) => this.observe(b, reads[i]?.spentUsd ?? 0, now, reads[i]?.fleetWide ?? false));
    const spent = budgets.filter((b, i) => (reads[i]?.spentUsd ?? 0) >= b.limitUsd);
    if (spent.length > 0) {
      for (const b of spent) if (this.track(b)) this.metrics.recordBudgetRejection(b.name);
      // The one that resets last: retrying before then is refused again.
      const worst = spent.reduce((a, b) => (periodEnd(b.period, now) > periodEnd(a.period, now) ? b : a));
      throw overBudget(worst, reads[budgets.indexOf(worst)]?.spentUsd ?? 0, now);
    }
    return (spend) => {
      const cost = spend.cached ? 0 : spend.costUsd;
      if (!(cost > 0)) return;
      const at = this.now();
      for (const b of budgets) void this.counters.add(b, cost, at).then((read) => this.observe(b, read.spentUsd, at, read.fleetWide));
    };
  }

  /** Every budget this replica knows of (configured, and '*' ones it has met), with `caller`'s own '*' ones. */
  async list(caller: string): Promise<BudgetStatus[]> {
    const byName = new Map<string, BudgetInstance>();
    for (const b of [...this.rules.fixed(), ...this.rules.ownedBy(caller), ...this.tracked.values()]) byName.set(b.name, b);
    return Promise.all([...byName.values()].map((b) => this.status(b)));
  }

  /** One budget by name ('*' ones by their concrete name); undefined when there is none of that name. */
  async get(name: string): Promise<BudgetStatus | undefined> {
    const budget = this.rules.resolve(name);
    return budget && this.status(budget);
  }

  private async status(budget: BudgetInstance): Promise<BudgetStatus> {
    const now = this.now();
    const read: BudgetRead = await this.counters.read(budget, now);
    const spentUsd = read.spentUsd;
    return {
      name: budget.name,
      scope: budget.scope,
      owner: budget.owner,
      period: budget.period,
      limitUsd: budget.limitUsd,
      spentUsd,
      remainingUsd: Math.max(0, budget.limitUsd - spentUsd),
      usedRatio: spentUsd / budget.limitUsd,
      resetsAt: new Date(periodEnd(budget.period, now)).toISOString(),
      fleetWide: read.fleetWide,
    };
  }

  /** The gauge, and the warning the first time this replica sees a budget past warn_ratio in a period. */
  private observe(budget: BudgetInstance, spentUsd: number, now: number, fleetWide: boolean): void {
    if (!this.track(budget)) return;
    const ratio = spentUsd / budget.limitUsd;
    this.metrics.setBudgetUsed(budget.name, ratio);
    this.gauged.set(budget.name, { period: budget.period, key: periodKey(budget.period, now) });
    if (ratio < this.config.warn_ratio) return;
    const period = periodKey(budget.period, now);
    const key = `${budget.name}|${period}`;
    if (this.warned.has(key)) return;
    if (this.warned.size >= MAX_TRACKED) this.warned.clear();
    this.warned.add(key);
    this.log.warn('budget nearly spent', {
      event: 'budget_warning',
      budget: budget.name,
      scope: budget.scope,
      period,
      used_ratio: Number(ratio.toFixed(4)),
      spent_usd: spentUsd,
      limit_usd: budget.limitUsd,
      resets_at: new Date(periodEnd(budget.period, now)).toISOString(),
      fleet_wide: fleetWide,
    });
  }

  /** Whether the budget is listed and exported: configured ones always, '*' ones up to MAX_TRACKED. */
  private track(budget: BudgetInstance): boolean {
    if (!budget.concrete || this.tracked.has(budget.name)) return true;
    if (this.tracked.size >= MAX_TRACKED) return false;
    this.tracked.set(budget.name, budget);
    return true;
  }
}

function overBudget(budget: BudgetInstance, spentUsd: number, now: number): RouterError {
  const resets = periodEnd(budget.period, now);
  return new RouterError(
    'rate_limited',
    `budget ${echo(budget.name)} is spent: ${formatUsd(spentUsd)} of ${formatUsd(budget.limitUsd)} this ${budget.period}; resets at ${new Date(resets).toISOString()}`,
    { type: 'budget_exceeded', retryAfterMs: Math.max(1, resets - now), blame: 'caller' },
  );
}
