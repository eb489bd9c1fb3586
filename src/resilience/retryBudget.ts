import type { RetryConfig } from '../config/schema';

const BUCKETS = 10;

/**
 * Retries may be at most `budget_percent` of recent requests (plus a floor), so an outage cannot multiply the
 * load on upstream: the classic token-bucket-by-ratio of gRPC's and Finagle's retry budgets, over a rolling window.
 */
export class RetryBudget {
  private readonly requests = new Array<number>(BUCKETS).fill(0);
  private readonly retries = new Array<number>(BUCKETS).fill(0);
  private readonly bucketMs: number;
  private current = 0;
  private currentStart: number;

  constructor(
    private readonly config: Pick<RetryConfig, 'budget_percent' | 'budget_min_retries' | 'budget_window_ms'>,
    private readonly now: () => number = Date.now,
  ) {
    this.bucketMs = config.budget_window_ms / BUCKETS;
    this.currentStart = now();
  }

  recordRequest(): void {
    this.rotate();
    this.requests[this.current] = (this.requests[this.current] ?? 0) + 1;
  }

  /** Spends one retry if the budget allows it. */
  tryRetry(): boolean {
    this.rotate();
    const requests = sum(this.requests);
    const retries = sum(this.retries);
    const allowed = Math.max(this.config.budget_min_retries, Math.floor((requests * this.config.budget_percent) / 100));
    if (retries >= allowed) return false;
    this.retries[this.current] = (this.retries[this.current] ?? 0) + 1;
    return true;
  }

  private rotate(): void {
    const elapsed = this.now() - this.currentStart;
    if (elapsed < this.bucketMs) return;
    const steps = Math.min(BUCKETS, Math.floor(elapsed / this.bucketMs));
    for (let i = 0; i < steps; i++) {
      this.current = (this.current + 1) % BUCKETS;
      this.requests[this.current] = 0;
      this.retries[this.current] = 0;
    }
    this.currentStart += Math.floor(elapsed / this.bucketMs) * this.bucketMs;
  }
}

function sum(values: readonly number[]): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}
