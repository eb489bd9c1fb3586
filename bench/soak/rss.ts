/** Replica RSS over the soak: VmRSS from /proc/<pid>/status every few seconds, and its least-squares slope. */
import { readFileSync } from 'node:fs';
import type { Replica } from './replicas';

export interface RssSample {
  /** Seconds since the load started. */
  t: number;
  mb: number;
}

/** VmRSS in MB; undefined when the process is gone. */
export function readRssMb(pid: number): number | undefined {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

export class RssSampler {
  readonly samples: RssSample[][];
  private readonly timer: NodeJS.Timeout;
  private readonly start = Date.now();

  constructor(
    private readonly replicas: readonly Replica[],
    everyMs: number,
  ) {
    this.samples = replicas.map(() => []);
    this.sample();
    this.timer = setInterval(() => this.sample(), everyMs);
  }

  sample(): void {
    const t = (Date.now() - this.start) / 1000;
    this.replicas.forEach((r, i) => {
      const mb = readRssMb(r.pid);
      if (mb !== undefined) this.samples[i]?.push({ t, mb });
    });
  }

  stop(): void {
    clearInterval(this.timer);
    this.sample();
  }
}

/** Least-squares slope in MB per minute of the samples from `fromSec` on; NaN with fewer than 3. */
export function slopeMbPerMin(samples: readonly RssSample[], fromSec: number): number {
  const used = samples.filter((s) => s.t >= fromSec);
  if (used.length < 3) return NaN;
  const n = used.length;
  const meanT = used.reduce((a, s) => a + s.t, 0) / n;
  const meanM = used.reduce((a, s) => a + s.mb, 0) / n;
  let num = 0;
  let den = 0;
  for (const s of used) {
    num += (s.t - meanT) * (s.mb - meanM);
    den += (s.t - meanT) ** 2;
  }
  return den === 0 ? NaN : (num / den) * 60;
}
