/** `make soak` knobs, all from the environment (bench/lib/env.ts's readers), and where its files are. */
import { resolve } from 'node:path';
import { num, str } from '../lib/env';
import { DEFAULT_FAULT_MIX, parseFaultMix, type FaultShare } from './faultMix';

/** The repository root: this file runs compiled, from dist/bench/soak/. */
export const REPO_ROOT = resolve(__dirname, '..', '..', '..');

export interface SoakKnobs {
  /** SOAK_SECONDS: how long load runs (default 600); the Redis restarts are placed at 1/3 and 2/3 of it. */
  seconds: number;
  /** SOAK_CONCURRENCY: closed-loop client workers, spread over the replicas (default 12). */
  concurrency: number;
  /** SOAK_DEADLINE_MS: the gRPC deadline of every call (default 15,000). */
  deadlineMs: number;
  /** A call is hung when it ends (or has not ended) this long after its deadline. */
  graceMs: number;
  /** SOAK_REPLICAS (default 3). */
  replicas: number;
  /** SOAK_FAULTS: 'kind:percent,...' of upstream calls (kinds: 529, 429, hang, cut, drop, slow). */
  faults: FaultShare[];
  faultsText: string;
  /** SOAK_REPORT: 'off' (print only), a file to append the section to, or bench/RESULTS.md (default). */
  reportPath: string | undefined;
  /** SOAK_JSON: also write the figures there as JSON. */
  jsonPath: string | undefined;
  /** SOAK_CONFIG: the replicas' router config (default bench/soak/router.yaml). */
  configPath: string;
  /** SOAK_RSS_EVERY_SECONDS: RSS sampling period (default 5). */
  rssEveryMs: number;
}

export function readSoakKnobs(): SoakKnobs {
  const faultsText = str('SOAK_FAULTS', DEFAULT_FAULT_MIX);
  const report = str('SOAK_REPORT', resolve(REPO_ROOT, 'bench', 'RESULTS.md'));
  const json = str('SOAK_JSON', '');
  return {
    seconds: num('SOAK_SECONDS', 600, 10, 24 * 3600),
    concurrency: Math.round(num('SOAK_CONCURRENCY', 12, 1, 512)),
    deadlineMs: Math.round(num('SOAK_DEADLINE_MS', 15_000, 1_000, 120_000)),
    graceMs: 1_000,
    replicas: Math.round(num('SOAK_REPLICAS', 3, 1, 16)),
    faults: parseFaultMix(faultsText),
    faultsText,
    reportPath: /^(off|0|no|false)$/i.test(report) ? undefined : resolve(report),
    jsonPath: json === '' ? undefined : resolve(json),
    configPath: resolve(str('SOAK_CONFIG', resolve(REPO_ROOT, 'bench', 'soak', 'router.yaml'))),
    rssEveryMs: Math.round(num('SOAK_RSS_EVERY_SECONDS', 5, 1, 60) * 1000),
  };
}
