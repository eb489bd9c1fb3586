/** One spend budget in its current period, as GetBudget and GET /v1/budgets show it. */
export interface BudgetStatus {
  name: string;
  /** `caller:<id>` or `label:<key>=<value>`. */
  scope: string;
  /** The caller a caller budget belongs to; undefined for a label budget (a team's, shared by its callers). */
  owner: string | undefined;
  period: 'day' | 'month';
  limitUsd: number;
  spentUsd: number;
  remainingUsd: number;
  usedRatio: number;
  /** When the period ends (UTC), ISO 8601. */
  resetsAt: string;
  /** The whole fleet's figure (from Redis); false: this replica's own (Redis down, or none configured). */
  fleetWide: boolean;
}

/** A budget with the proto's field names: the gRPC message and the HTTP door's JSON alike. */
export function budgetFields(b: BudgetStatus): {
  name: string;
  scope: string;
  period: string;
  limit_usd: number;
  spent_usd: number;
  remaining_usd: number;
  used_ratio: number;
  resets_at: string;
  fleet_wide: boolean;
} {
  return {
    name: b.name,
    scope: b.scope,
    period: b.period,
    limit_usd: b.limitUsd,
    spent_usd: b.spentUsd,
    remaining_usd: b.remainingUsd,
    used_ratio: b.usedRatio,
    resets_at: b.resetsAt,
    fleet_wide: b.fleetWide,
  };
}
