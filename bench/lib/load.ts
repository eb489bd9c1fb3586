/** Closed-loop load: N workers, each issuing the next call as soon as its last one ends, for a bounded time. */
import * as hdr from 'hdr-histogram-js';

export type Histogram = hdr.Histogram;

export function newHistogram(): Histogram {
  // µs, 3 significant digits, up to 120 s.
  return hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 120_000_000, numberOfSignificantValueDigits: 3 });
}

export interface PhaseOptions {
  concurrency: number;
  durationMs: number;
  /** Hard cap on calls, so the loop is bounded whatever the speed. */
  maxCalls?: number;
}

export interface PhaseResult {
  concurrency: number;
  /** Latency of successful calls, µs. */
  hist: Histogram;
  ok: number;
  errors: number;
  errorSamples: string[];
  elapsedMs: number;
  /** Successful calls per second over the whole phase. */
  rps: number;
}

const nowUs = (): number => Number(process.hrtime.bigint() / 1000n);

/** `call` resolves on success and rejects on a caller-visible error. */
export async function runPhase(call: (worker: number) => Promise<unknown>, options: PhaseOptions): Promise<PhaseResult> {
  const hist = newHistogram();
  const maxCalls = options.maxCalls ?? 5_000_000;
  let issued = 0;
  let ok = 0;
  let errors = 0;
  const errorSamples: string[] = [];
  const start = nowUs();
  const end = start + options.durationMs * 1000;
  const worker = async (w: number): Promise<void> => {
    while (issued < maxCalls) {
      const t0 = nowUs();
      if (t0 >= end) return;
      issued++;
      try {
        await call(w);
        hist.recordValue(Math.max(1, nowUs() - t0));
        ok++;
      } catch (err) {
        errors++;
        if (errorSamples.length < 5) errorSamples.push(err instanceof Error ? err.message : String(err));
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, (_, w) => worker(w)));
  const elapsedMs = (nowUs() - start) / 1000;
  return { concurrency: options.concurrency, hist, ok, errors, errorSamples, elapsedMs, rps: (ok * 1000) / elapsedMs };
}

export const p = (hist: Histogram, percentile: number): number => (hist.totalCount === 0 ? NaN : hist.getValueAtPercentile(percentile));

export const median = (values: readonly number[]): number => {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

export const minMax = (values: readonly number[]): [number, number] => {
  const finite = values.filter((v) => Number.isFinite(v));
  return finite.length === 0 ? [NaN, NaN] : [Math.min(...finite), Math.max(...finite)];
};

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
