import { RetryBudget } from '../../src/resilience/retryBudget';

/** A clock the test moves by hand. */
function fakeClock(start = 1_000_000): { now: () => number; advance: (ms: number) => void } {
  let t = start;
  return { now: () => t, advance: (ms) => (t += ms) };
}

/** How many retries the budget grants right now (spending them). */
function drain(budget: RetryBudget, max = 10_000): number {
  let n = 0;
  while (n < max && budget.tryRetry()) n++;
  return n;
}

function record(budget: RetryBudget, requests: number): void {
  for (let i = 0; i < requests; i++) budget.recordRequest();
}

describe('RetryBudget', () => {
  const config = { budget_percent: 20, budget_min_retries: 3, budget_window_ms: 1_000 };

  it('grants the floor with no traffic at all, then refuses', () => {
    const budget = new RetryBudget(config, fakeClock().now);
    expect(drain(budget)).toBe(3);
    expect(budget.tryRetry()).toBe(false);
  });

  it('a floor of 0 with no traffic grants nothing', () => {
    const budget = new RetryBudget({ ...config, budget_min_retries: 0 }, fakeClock().now);
    expect(budget.tryRetry()).toBe(false);
  });

  it('grants budget_percent of recent requests when that is above the floor', () => {
    const budget = new RetryBudget(config, fakeClock().now);
    record(budget, 100);
    expect(drain(budget)).toBe(20);
  });

  it('the floor wins while the ratio is below it', () => {
    const budget = new RetryBudget(config, fakeClock().now);
    record(budget, 10); // 20% of 10 = 2 < 3
    expect(drain(budget)).toBe(3);
  });

  it('retries spent count against the budget as more requests arrive', () => {
    const budget = new RetryBudget(config, fakeClock().now);
    record(budget, 50);
    expect(drain(budget)).toBe(10);
    record(budget, 5); // 55 requests -> 11 allowed, 10 spent
    expect(drain(budget)).toBe(1);
  });

  it('the ratio is exact at whole numbers: 20% of 25 requests is 5 retries', () => {
    const budget = new RetryBudget({ ...config, budget_min_retries: 0 }, fakeClock().now);
    record(budget, 25);
    expect(drain(budget)).toBe(5);
  });

  it('0 percent with a floor grants only the floor, however many requests', () => {
    const budget = new RetryBudget({ ...config, budget_percent: 0 }, fakeClock().now);
    record(budget, 1_000);
    expect(drain(budget)).toBe(3);
  });

  it('spent retries expire once the window has passed, and the floor is available again', () => {
    const clock = fakeClock();
    const budget = new RetryBudget(config, clock.now);
    expect(drain(budget)).toBe(3);
    clock.advance(999);
    expect(budget.tryRetry()).toBe(false);
    clock.advance(1);
    expect(drain(budget)).toBe(3);
  });

  it('requests expire with the window too: the ratio is over recent traffic only', () => {
    const clock = fakeClock();
    const budget = new RetryBudget(config, clock.now);
    record(budget, 100);
    clock.advance(1_000);
    expect(drain(budget)).toBe(3);
  });

  it('the window slides bucket by bucket: only counts older than the window drop out', () => {
    const clock = fakeClock();
    const budget = new RetryBudget({ ...config, budget_min_retries: 0 }, clock.now);
    record(budget, 50); // t = 0
    clock.advance(500);
    record(budget, 50); // t = 500
    expect(drain(budget)).toBe(20); // 20% of 100, all spent at t = 500
    clock.advance(500); // t = 1000: the t = 0 requests are out; the t = 500 ones and the retries stay
    expect(budget.tryRetry()).toBe(false); // 20% of 50 = 10 allowed, 20 spent
    clock.advance(499); // t = 1499: nothing else has expired yet
    expect(budget.tryRetry()).toBe(false);
    clock.advance(1); // t = 1500: the t = 500 bucket (requests and retries) is out
    record(budget, 10);
    expect(drain(budget)).toBe(2);
  });

  it('a long idle gap (many windows) clears everything', () => {
    const clock = fakeClock();
    const budget = new RetryBudget(config, clock.now);
    record(budget, 100);
    expect(drain(budget)).toBe(20);
    clock.advance(60_000);
    record(budget, 5);
    expect(drain(budget)).toBe(3);
  });

  it('bucket boundaries stay aligned across irregular clock steps', () => {
    const clock = fakeClock();
    const budget = new RetryBudget({ ...config, budget_min_retries: 0 }, clock.now);
    clock.advance(150); // bucket [100, 200)
    record(budget, 10);
    clock.advance(930); // t = 1080: still inside the window for [100, 200)
    expect(drain(budget)).toBe(2);
    clock.advance(20); // t = 1100: the bucket that began at 100 has left the window
    expect(budget.tryRetry()).toBe(false);
  });
});
