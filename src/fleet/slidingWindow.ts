/**
 * A sliding one-minute limit counted in fixed buckets (six of 10 s): the sliding window covers the five buckets
 * before the current one, the current one, and the part of the oldest bucket it still overlaps (weighted by that
 * part). A burst is counted exactly until it is about a minute old, to within one bucket, however it falls on the
 * clock; counted in Redis or in process with O(1) memory per scope.
 */
export const BUCKET_MS = 10_000;
export const BUCKETS = 6;
export const WINDOW_MS = BUCKET_MS * BUCKETS;

/** Counts oldest first: the bucket a window ago, then each one after it, the current one last (BUCKETS + 1). */
export type BucketCounts = readonly number[];

/** What the oldest bucket still weighs, `elapsedMs` into the current one. */
export function oldestWeight(elapsedMs: number): number {
  return 1 - elapsedMs / BUCKET_MS;
}

export function usedIn(counts: BucketCounts, elapsedMs: number): number {
  return counts.reduce((sum, c, i) => sum + (i === 0 ? c * oldestWeight(elapsedMs) : c), 0);
}

/** How long until `need` more fits under `limit`, `elapsedMs` into the current bucket. */
export function waitMs(counts: BucketCounts, need: number, limit: number, elapsedMs: number): number {
  const room = limit - need;
  const rest = BUCKET_MS - elapsedMs;
  // Bucket k fades out over the k-th bucket period from now; the ones after it still count whole.
  for (let k = 0; k < counts.length; k++) {
    const fading = counts[k] ?? 0;
    const after = counts.slice(k + 1).reduce((sum, c) => sum + c, 0);
    if (after > room) continue;
    const start = k === 0 ? 0 : rest + (k - 1) * BUCKET_MS;
    if (fading <= 0 || fading + after <= room) return Math.ceil(start);
    const fadeAt = BUCKET_MS * (1 - (room - after) / fading) - (k === 0 ? elapsedMs : 0);
    return Math.ceil(start + Math.max(0, fadeAt));
  }
  return Math.ceil(rest + (counts.length - 1) * BUCKET_MS);
}

/** The buckets a scope counts in at `now`, oldest first. */
export function bucketIndexes(now: number): { indexes: number[]; elapsedMs: number } {
  const current = Math.floor(now / BUCKET_MS);
  return { indexes: Array.from({ length: BUCKETS + 1 }, (_, i) => current - BUCKETS + i), elapsedMs: now - current * BUCKET_MS };
}

/** The counts of one scope in process: for a single replica, or for every replica while Redis is down. */
export class LocalWindow {
  private readonly counts = new Map<number, number>();

  read(now: number): { counts: number[]; elapsedMs: number } {
    const { indexes, elapsedMs } = bucketIndexes(now);
    const first = indexes[0] ?? 0;
    for (const index of this.counts.keys()) if (index < first) this.counts.delete(index);
    return { counts: indexes.map((i) => this.counts.get(i) ?? 0), elapsedMs };
  }

  add(now: number, amount: number): void {
    this.addAt(Math.floor(now / BUCKET_MS), amount);
  }

  addAt(index: number, amount: number): void {
    this.counts.set(index, (this.counts.get(index) ?? 0) + amount);
  }
}
