/** A budget's period, in UTC: every replica (whatever its time zone) counts the same day into the same key. */
export type BudgetPeriod = 'day' | 'month';

/** The period `now` falls in: `2025-03-07` for a day, `2025-03` for a month. */
export function periodKey(period: BudgetPeriod, now: number): string {
  const iso = new Date(now).toISOString();
  return period === 'day' ? iso.slice(0, 10) : iso.slice(0, 7);
}

/** When the period `now` falls in ends: the next UTC midnight, or the first of next month. */
export function periodEnd(period: BudgetPeriod, now: number): number {
  const d = new Date(now);
  return period === 'day' ? Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1) : Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}

/**
 * How long a period's counter is kept in Redis: past the period's end (so a replica whose clock is a little behind
 * still reads it) and long enough to look back at yesterday's or last month's figure, then gone by itself.
 */
export function periodTtlSeconds(period: BudgetPeriod): number {
  return period === 'day' ? 3 * 86_400 : 40 * 86_400;
}

/** `$12.50`, and small test-sized amounts without rounding them to nothing (`$0.000345`). */
export function formatUsd(usd: number): string {
  if (Math.abs(usd) >= 1) return `$${usd.toFixed(2)}`;
  return `$${Number(usd.toPrecision(3))}`;
}
