/** What the soak counts over every call: served and failed by kind, latency, and the two must-be-zero checks. */
import { newHistogram, p, type Histogram } from '../lib/load';
import type { CallOutcome } from './calls';

const SAMPLES = 5;

export interface ReplicaCounts {
  issued: number;
  served: number;
  errors: number;
}

export class Tally {
  issued = 0;
  served = 0;
  cached = 0;
  fallback = 0;
  continued = 0;
  restarts = 0;
  hung = 0;
  truncated = 0;
  readonly errors = new Map<string, number>();
  /** Latency of calls served, µs, by kind. */
  readonly latency: Record<CallOutcome['kind'], Histogram> = { unary: newHistogram(), stream: newHistogram() };
  readonly hungSamples: string[] = [];
  readonly truncatedSamples: string[] = [];
  readonly perReplica: ReplicaCounts[];

  constructor(replicas: number) {
    this.perReplica = Array.from({ length: replicas }, () => ({ issued: 0, served: 0, errors: 0 }));
  }

  add(replica: number, o: CallOutcome, label: string): void {
    this.issued += 1;
    const counts = this.perReplica[replica];
    if (counts) counts.issued += 1;
    if (o.hung) {
      this.hung += 1;
      if (this.hungSamples.length < SAMPLES) this.hungSamples.push(`${label}: ${o.elapsedMs} ms, ${o.ok ? 'OK' : (o.errorKey ?? '?')}`);
    }
    this.restarts += o.restarts;
    if (!o.ok) {
      if (counts) counts.errors += 1;
      const key = o.errorKey ?? 'unknown';
      this.errors.set(key, (this.errors.get(key) ?? 0) + 1);
      return;
    }
    if (o.truncated !== undefined) {
      this.truncated += 1;
      if (this.truncatedSamples.length < SAMPLES) this.truncatedSamples.push(`${label}: ${o.truncated}`);
    }
    this.served += 1;
    if (counts) counts.served += 1;
    if (o.cached) this.cached += 1;
    if (o.fallback) this.fallback += 1;
    if (o.continued) this.continued += 1;
    this.latency[o.kind].recordValue(Math.max(1, o.elapsedMs * 1000));
  }

  get errorTotal(): number {
    let total = 0;
    for (const n of this.errors.values()) total += n;
    return total;
  }

  /** p50 and p99 of calls served, ms. */
  percentiles(kind: CallOutcome['kind']): { count: number; p50: number; p99: number } {
    const hist = this.latency[kind];
    return { count: hist.totalCount, p50: p(hist, 50) / 1000, p99: p(hist, 99) / 1000 };
  }
}
