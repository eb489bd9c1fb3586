/** What `make bench` prints: each section's figures, and each target with PASS or MISS. */
import os from 'node:os';
import type { Knobs } from './env';
import { minMax } from './load';
import type { FailoverResult, WindowStats } from '../scenarios/failover';
import type { StreamsResult } from '../scenarios/streams';
import type { ScenarioKey } from '../scenarios/throughput';

export const out = (line = ''): void => {
  process.stdout.write(`${line}\n`);
};
export const progress = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

export const MB = 1024 * 1024;
export const mb = (bytes: number): string => `${(bytes / MB).toFixed(1)} MB`;
export const us = (v: number): string => (Number.isFinite(v) ? `${Math.round(v)}` : 'n/a');
export const x = (v: number, digits = 2): string => (Number.isFinite(v) ? `${v.toFixed(digits)}×` : 'n/a');
export const range = (values: readonly number[], fmt: (v: number) => string): string => {
  const [lo, hi] = minMax(values);
  return Number.isFinite(lo) ? `${fmt(lo)}–${fmt(hi)}` : 'n/a';
};
export const verdict = (ok: boolean | undefined): string => (ok === undefined ? 'n/a' : ok ? 'PASS' : 'MISS');

export const SCENARIO_KEYS: readonly ScenarioKey[] = [
  'direct',
  'directpooled',
  'miss',
  'proxy',
  'hit',
  'httpmiss',
  'httpproxy',
  'httphit',
  'hitmem',
  'floor',
  'raw',
];

export function parseScenarioList(list: string): Set<ScenarioKey> {
  const keys = list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const k of keys) {
    if (!SCENARIO_KEYS.includes(k as ScenarioKey)) throw new Error(`unknown scenario '${k}' (known: ${SCENARIO_KEYS.join(', ')})`);
  }
  return new Set(keys as ScenarioKey[]);
}

export interface Target {
  name: string;
  value: string;
  goal: string;
  ok: boolean | undefined;
}

export function machineLines(knobs: Knobs): string[] {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  return [
    `date: ${new Date().toISOString()}`,
    `machine: nproc ${os.availableParallelism()} (${cpu}), ${(os.totalmem() / 1024 ** 3).toFixed(0)} GiB, Linux ${os.release()}, Node ${process.version}`,
    `load average at start: ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
    `command: node dist/bench/run.js (make bench); BENCH_SECONDS=${knobs.seconds} BENCH_WARMUP_SECONDS=${knobs.warmupSeconds} ` +
      `BENCH_ROUNDS=${knobs.rounds} BENCH_CONCURRENCY=${knobs.concurrency} BENCH_ROUTER_LOG_LEVEL=${knobs.routerLogLevel}` +
      `${knobs.routerExecArgv.length ? ` BENCH_ROUTER_EXEC_ARGV='${knobs.routerExecArgv.join(' ')}'` : ''}`,
  ];
}

/** Per scenario and concurrency, the per-round records in round order. */
function windowRow(w: WindowStats): string {
  return `| ${w.label} | ${w.calls} | ${w.errors} | ${us(w.rps)} | ${us(w.p50)} | ${us(w.p99)} | ${Number.isFinite(w.fallbackShare) ? `${(w.fallbackShare * 100).toFixed(0)}%` : 'n/a'} |`;
}

export function reportFailover(f: FailoverResult, knobs: Knobs): Target[] {
  out(`\n## Failover: ${f.concurrency} in flight (cache BYPASS), then claude-haiku-4-5 answers 529 to every call\n`);
  out(`breaker state of the primary before: ${f.stateBefore}; breaker config from config/router.yaml (see notes below)\n`);
  out('| window (by call start) | calls | caller errors | req/s | p50 (µs) | p99 (µs) | served by fallback |');
  out('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  out(windowRow(f.before));
  out(windowRow(f.transition));
  if (f.open) out(windowRow(f.open));
  out('');
  out(
    `- time from outage start to breaker open (GetModel(primary).circuit_state polled every 10 ms): ` +
      `${f.timeToOpenMs !== undefined ? `${Math.round(f.timeToOpenMs)} ms` : `did not open within ${Math.round(f.maxOutageMs / 1000)} s`}`,
  );
  out(
    `- upstream calls the dead primary got before its breaker opened: ${f.primaryCallsBeforeOpen}; over the whole outage: ${f.primaryCallsTotal}` +
      ` (fallback model got ${f.fallbackCalls})`,
  );
  out(
    `- caller-visible errors: ${f.errorsDuringOutage} during the outage, ${f.errorsTotal} over the whole run of ${f.callsTotal} calls` +
      `${f.errorSamples.length ? ` — e.g. ${f.errorSamples[0] ?? ''}` : ''}`,
  );
  const probeOpen = f.probeOpen;
  const added = probeOpen ? probeOpen.p50 - f.probeHealthy.p50 : NaN;
  out(
    `- added latency per call once the breaker is open, at 1 in flight (load stopped): p50 ${us(added)} µs ` +
      `(${us(probeOpen?.p50 ?? NaN)} µs, ${probeOpen ? `${(probeOpen.fallbackShare * 100).toFixed(0)}% served by the fallback, ${probeOpen.errors} errors, breaker ${f.stateAfterProbe ?? '?'} after` : 'n/a'}; ` +
      `healthy baseline, taken the same way right after a ${f.concurrency}-in-flight healthy load: ${us(f.probeHealthy.p50)} µs); p99 ${us(probeOpen?.p99 ?? NaN)} vs ${us(f.probeHealthy.p99)} µs`,
  );
  out(
    `- at ${f.concurrency} in flight the p50s in the table are mostly queueing on a saturated 2-core machine (p50 ≈ ${f.concurrency}/throughput), so` +
      ' the 1-in-flight probes above are the per-call figure.',
  );
  out(
    `- while the breaker was still closed each call paid a 529 from the primary, a backoff wait and (retry budget permitting) a` +
      ` second 529 before the fallback: p50 ${us(f.transition.p50)} µs`,
  );
  void knobs;
  return [{ name: 'caller-visible errors during the outage', value: String(f.errorsDuringOutage), goal: '0', ok: f.errorsDuringOutage === 0 }];
}

export interface RssAfterLoad {
  /** Read as the last measured phase ended. */
  afterLoad: number;
  /** Read after `settleSeconds` with no calls: what the process keeps once a burst is over. */
  settled: number;
  settleSeconds: number;
  /** The highest reading after any measured phase: the footprint under load. */
  max: number;
}

export function reportMemory(rss: RssAfterLoad, streams: StreamsResult | undefined, rssAfterFailover: number | undefined): Target[] {
  out('\n## Router memory (RSS of the router child process alone)\n');
  out('| when | RSS | heap used |');
  out('| --- | ---: | ---: |');
  out(`| as the throughput rounds ended | ${mb(rss.afterLoad)} | |`);
  out(`| highest after any measured phase (under load) | ${mb(rss.max)} | |`);
  out(`| after the load, ${rss.settleSeconds} s idle | ${mb(rss.settled)} | |`);
  if (rssAfterFailover !== undefined) out(`| after the failover run | ${mb(rssAfterFailover)} | |`);
  if (streams) {
    out(`| before opening ${streams.streams} streams (after a full GC) | ${mb(streams.rssBefore)} | ${mb(streams.heapBefore)} |`);
    out(`| ${streams.streams} slow streams open (RSS: max of 4 samples; heap: after a GC) | ${mb(streams.rssOpen)} | ${mb(streams.heapOpen)} |`);
    out(`| 1 s after cancelling them | ${mb(streams.rssAfterCancel)} | ${mb(streams.heapAfterCancel)} |`);
  }
  if (streams) {
    const per = (streams.rssOpen - streams.rssBefore) / Math.max(1, streams.streams);
    out('');
    out(
      `- ${streams.openUpstream}/${streams.streams} streams open upstream at once (reached in ${streams.openWaitMs} ms);` +
        ` ≈ ${(per / 1024).toFixed(1)} KB RSS per open stream (heap ≈ ${((streams.heapOpen - streams.heapBefore) / Math.max(1, streams.streams) / 1024).toFixed(1)} KB)`,
    );
    out(
      `- cancel propagation: the fake saw ${streams.abortedUpstream}/${streams.streams} upstream requests aborted` +
        `${streams.cancelWaitMs >= 0 ? ` within ${streams.cancelWaitMs} ms` : ' (not all within 30 s)'}; ` +
        `${streams.unexpectedEnds} calls ended otherwise${streams.unexpectedSample ? ` (e.g. ${streams.unexpectedSample})` : ''}`,
    );
  }
  return [
    {
      name: `router RSS after the load (${rss.settleSeconds} s idle; ${mb(rss.max)} under load)`,
      value: mb(rss.settled),
      goal: '< 150 MB',
      ok: rss.settled < 150 * MB,
    },
  ];
}
