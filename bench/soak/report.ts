/** The soak's figures: one summary (also written as JSON), the checks that decide the exit code, and the Markdown. */
import { appendFileSync } from 'node:fs';
import os from 'node:os';
import type { ChaosResult } from './chaos';
import type { SoakFakeCounts } from './fakeProcess';
import { FAULT_LABELS, type FaultShare } from './faultMix';
import type { SoakKnobs } from './knobs';
import type { Replica } from './replicas';
import { slopeMbPerMin, type RssSample } from './rss';
import type { Tally } from './tally';

export interface ReplicaFigures {
  name: string;
  pid: number;
  issued: number;
  served: number;
  errors: number;
  rssStartMb: number;
  rssEndMb: number;
  rssMaxMb: number;
  slopeMbPerMin: number;
  samples: number;
  /** How it ended before the soak stopped it, when it did. */
  exitedEarly: string | undefined;
}

export interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

export interface SoakSummary {
  startedAt: string;
  seconds: number;
  wallSeconds: number;
  concurrency: number;
  deadlineMs: number;
  faults: FaultShare[];
  issued: number;
  served: number;
  cached: number;
  fallback: number;
  continued: number;
  restarts: number;
  errorTotal: number;
  errors: Record<string, number>;
  latencyMs: Record<'unary' | 'stream', { count: number; p50: number; p99: number }>;
  hung: number;
  hungSamples: string[];
  truncated: number;
  truncatedSamples: string[];
  upstream: SoakFakeCounts;
  redis: ChaosResult & { version: string };
  slopeFromSec: number;
  replicas: ReplicaFigures[];
  loadGeneratorEventLoopMaxMs: number;
  checks: Check[];
  passed: boolean;
}

export interface SummaryInput {
  knobs: SoakKnobs;
  startedAt: Date;
  wallSeconds: number;
  tally: Tally;
  upstream: SoakFakeCounts;
  redis: ChaosResult & { version: string };
  replicas: readonly Replica[];
  rss: readonly RssSample[][];
  loopMaxMs: number;
}

const fixed = (v: number, digits = 1): string => (Number.isFinite(v) ? v.toFixed(digits) : 'n/a');

export function summarize(input: SummaryInput): SoakSummary {
  const { knobs, tally } = input;
  // RSS slope after the first minute (start-up, JIT and pools filling); a short run skips its first third instead.
  const slopeFromSec = Math.min(60, knobs.seconds / 3);
  const replicas = input.replicas.map((r, i): ReplicaFigures => {
    const samples = input.rss[i] ?? [];
    const counts = tally.perReplica[i] ?? { issued: 0, served: 0, errors: 0 };
    return {
      name: r.name,
      pid: r.pid,
      ...counts,
      rssStartMb: samples[0]?.mb ?? NaN,
      rssEndMb: samples[samples.length - 1]?.mb ?? NaN,
      rssMaxMb: samples.length ? Math.max(...samples.map((s) => s.mb)) : NaN,
      slopeMbPerMin: slopeMbPerMin(samples, slopeFromSec),
      samples: samples.length,
      exitedEarly: r.exit,
    };
  });
  const dead = replicas.filter((r) => r.exitedEarly !== undefined);
  const checks: Check[] = [
    { name: `zero calls hung past their deadline + ${knobs.graceMs / 1000} s`, ok: tally.hung === 0, detail: `${tally.hung}` },
    { name: 'zero truncated answers reported as success', ok: tally.truncated === 0, detail: `${tally.truncated}` },
    { name: 'Redis killed and restarted twice', ok: input.redis.restarts === 2, detail: `${input.redis.restarts} restarts, ${input.redis.pauses} pause` },
    { name: 'every replica up until the end', ok: dead.length === 0, detail: dead.map((r) => `${r.name} exited (${r.exitedEarly ?? ''})`).join(', ') || 'yes' },
    { name: 'calls served', ok: tally.served > 0, detail: `${tally.served}` },
  ];
  return {
    startedAt: input.startedAt.toISOString(),
    seconds: knobs.seconds,
    wallSeconds: input.wallSeconds,
    concurrency: knobs.concurrency,
    deadlineMs: knobs.deadlineMs,
    faults: knobs.faults,
    issued: tally.issued,
    served: tally.served,
    cached: tally.cached,
    fallback: tally.fallback,
    continued: tally.continued,
    restarts: tally.restarts,
    errorTotal: tally.errorTotal,
    errors: Object.fromEntries([...tally.errors].sort((a, b) => b[1] - a[1])),
    latencyMs: { unary: tally.percentiles('unary'), stream: tally.percentiles('stream') },
    hung: tally.hung,
    hungSamples: tally.hungSamples,
    truncated: tally.truncated,
    truncatedSamples: tally.truncatedSamples,
    upstream: input.upstream,
    redis: input.redis,
    slopeFromSec,
    replicas,
    loadGeneratorEventLoopMaxMs: input.loopMaxMs,
    checks,
    passed: checks.every((c) => c.ok),
  };
}

const pct = (n: number, of: number): string => (of > 0 ? `${((100 * n) / of).toFixed(1)}%` : 'n/a');

export function renderReport(s: SoakSummary): string[] {
  const when = s.startedAt.replace('T', ' ').replace(/:\d\d\.\d+Z$/, ' UTC');
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const unary = s.latencyMs.unary;
  const stream = s.latencyMs.stream;
  const drawn = s.faults.map((f) => `${f.kind} ${s.upstream.injected[f.kind] ?? 0}`).join(', ');
  const lines = [
    `## make soak — ${when}`,
    '',
    `\`SOAK_SECONDS=${s.seconds} make soak\` (\`node dist/bench/soak.js\`): ${s.seconds} s of load, wall time ${s.wallSeconds.toFixed(0)} s.` +
      ` ${s.replicas.length} replicas of dist/src/main.js (bench/soak/router.yaml), one redis-server ${s.redis.version} shared by all, the fake upstream` +
      ` (src/simulator) in a process of its own; ${s.concurrency} closed-loop gRPC clients, each call to a replica at random with a` +
      ` ${s.deadlineMs / 1000} s deadline: tasks simple_qa, code_generation, complex_reasoning, general; half Complete, half StreamComplete` +
      ' (a quarter of those with stream_restart); 40% temperature-0 repeats of 6 prompts per task (cacheable), 60% unique.',
    `Machine: nproc ${os.availableParallelism()} (${cpu}), Node ${process.version}, load average at the end ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}.`,
    `Upstream faults, drawn per call: ${s.faults.map((f) => `${f.percent}% ${FAULT_LABELS[f.kind]}`).join('; ')}.`,
    '',
    '| figure | value |',
    '| --- | --- |',
    `| calls | ${s.issued} (${(s.issued / s.seconds).toFixed(1)}/s) |`,
    `| served (OK) | ${s.served} (${pct(s.served, s.issued)}): unary ${unary.count}, streamed ${stream.count}; from the cache ${s.cached}; by a fallback model ${s.fallback}; continued after a cut ${s.continued}; stream restarts ${s.restarts} |`,
    `| errors | ${s.errorTotal} (${pct(s.errorTotal, s.issued)}), by kind below |`,
    `| latency, served unary | p50 ${fixed(unary.p50)} ms, p99 ${fixed(unary.p99)} ms |`,
    `| latency, served streams (to the last chunk) | p50 ${fixed(stream.p50)} ms, p99 ${fixed(stream.p99)} ms |`,
    `| hung past deadline + 1 s | ${s.hung} |`,
    `| truncated answers reported as success | ${s.truncated} |`,
    `| upstream calls the fake saw | ${s.upstream.calls} (aborted by the router: ${s.upstream.aborted}); faults drawn: ${drawn} |`,
    `| load generator event-loop delay, max | ${fixed(s.loadGeneratorEventLoopMaxMs)} ms |`,
    '',
    '| error (gRPC status, error-type trailer) | calls |',
    '| --- | ---: |',
    ...Object.entries(s.errors).map(([k, n]) => `| ${k} | ${n} |`),
    ...(s.errorTotal === 0 ? ['| (none) | 0 |'] : []),
    '',
    `| replica | pid | calls | served | errors | RSS at start | RSS at end | RSS max | RSS slope after ${s.slopeFromSec.toFixed(0)} s |`,
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...s.replicas.map(
      (r) =>
        `| ${r.name} | ${r.pid} | ${r.issued} | ${r.served} | ${r.errors} | ${fixed(r.rssStartMb)} MB | ${fixed(r.rssEndMb)} MB | ${fixed(r.rssMaxMb)} MB | ${fixed(r.slopeMbPerMin, 2)} MB/min |`,
    ),
    '',
    `RSS: VmRSS from /proc every few seconds (${s.replicas[0]?.samples ?? 0} samples per replica); slope: least squares over the samples after ${s.slopeFromSec.toFixed(0)} s.`,
    `Redis: ${s.redis.events.map((e) => `at ${e.atSec.toFixed(0)} s ${e.what}${e.error ? ` (FAILED: ${e.error})` : ''}`).join('; ') || 'nothing done'}.`,
    ...(s.hungSamples.length ? [`Hung, e.g.: ${s.hungSamples.join('; ')}`] : []),
    ...(s.truncatedSamples.length ? [`Truncated, e.g.: ${s.truncatedSamples.join('; ')}`] : []),
    '',
    ...s.checks.map((c) => `- ${c.ok ? 'PASS' : 'FAIL'} ${c.name}: ${c.detail}`),
    '',
  ];
  return lines;
}

export function appendReport(path: string, lines: readonly string[]): void {
  appendFileSync(path, `\n${lines.join('\n')}`);
}
