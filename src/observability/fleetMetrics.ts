import { Counter, Gauge, type Registry } from 'prom-client';

/** Metrics of the state the replicas share through Redis, on the router's registry. */
export class FleetMetrics {
  private readonly localDecisions: Counter<'feature'>;
  private readonly budgetUsed: Gauge<'budget'>;
  private readonly budgetRejections: Counter<'budget'>;
  private readonly breakerSignals: Counter<'direction' | 'state'>;
  private readonly coalescedWaits: Counter<'outcome'>;

  constructor(registry: Registry) {
    const registers = [registry];
    this.localDecisions = new Counter({
      name: 'modelrouter_fleet_local_decisions_total',
      help: 'Decisions taken on this replica alone because Redis could not be used (rate limits, budgets, breakers, coalescing)',
      labelNames: ['feature'],
      registers,
    });
    this.budgetUsed = new Gauge({
      name: 'modelrouter_budget_used_ratio',
      help: 'Share of each spend budget used in its current period (1 = spent; calls are refused from there)',
      labelNames: ['budget'],
      registers,
    });
    this.budgetRejections = new Counter({
      name: 'modelrouter_budget_rejections_total',
      help: 'Calls refused because a spend budget was used up',
      labelNames: ['budget'],
      registers,
    });
    this.breakerSignals = new Counter({
      name: 'modelrouter_fleet_breaker_signals_total',
      help: 'Breaker openings and closings shared with the other replicas (sent) or taken from them (received)',
      labelNames: ['direction', 'state'],
      registers,
    });
    this.coalescedWaits = new Counter({
      name: 'modelrouter_fleet_coalesced_waits_total',
      help: 'Calls that found another replica filling the same cache entry, by how the wait ended',
      labelNames: ['outcome'],
      registers,
    });
  }

  recordLocalDecision(feature: string): void {
    this.localDecisions.inc({ feature });
  }

  setBudgetUsed(budget: string, ratio: number): void {
    this.budgetUsed.set({ budget }, ratio);
  }

  recordBudgetRejection(budget: string): void {
    this.budgetRejections.inc({ budget });
  }

  recordBreakerSignal(direction: 'sent' | 'received', state: string): void {
    this.breakerSignals.inc({ direction, state });
  }

  /** How a wait for another replica's fill ended (FillWaitOutcome: served, fill_failed, took_over, unavailable, gave_up). */
  recordCoalescedWait(outcome: string): void {
    this.coalescedWaits.inc({ outcome });
  }
}
