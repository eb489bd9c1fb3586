/** Exponential backoff with full jitter: uniformly random in [0, min(max, base * 2^retry)]. */
export function backoffDelay(retry: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  return Math.round(random() * Math.min(maxMs, baseMs * 2 ** retry));
}
