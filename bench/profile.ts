/**
 * `node dist/bench/run.js --profile [miss,hit,httpmiss,httphit,direct]`: the router child under V8's sampling
 * profiler (the one behind `node --cpu-prof`), started and stopped around a steady C-in-flight load so start-up
 * and warm-up stay out. Prints where the router's CPU goes per call and leaves the .cpuprofile files for DevTools.
 * `direct` profiles this process instead (the load generator, where the SDK runs when called directly): the
 * baseline to compare the router's miss profile with, component by component.
 *
 * On a contended machine the sampled "busy" time is wall time the thread was not idle, so it includes time the
 * OS had the thread descheduled; the shares are the useful part, the absolute µs are inflated.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { summarizeProfile, type ProfileSummary } from './lib/cpuProfile';
import { startProfiling, stopProfiling } from './lib/inspectorProfiler';
import type { Knobs } from './lib/env';
import { runPhase } from './lib/load';
import { startRig } from './lib/rig';
import { buildScenarios, warmCache, type ScenarioKey } from './scenarios/throughput';

const pct = (part: number, whole: number): string => `${((100 * part) / Math.max(1, whole)).toFixed(1)}%`;
const ms = (us: number): string => (us / 1000).toFixed(1);

export function printProfile(title: string, summary: ProfileSummary, calls: number, out: (s: string) => void, topN = 25): void {
  const busy = summary.busyUs;
  out(`\n### ${title}`);
  out(
    `calls: ${calls}; CPU while sampled: ${ms(busy)} ms busy of ${ms(summary.sampledUs)} ms wall ` +
      `(${(busy / Math.max(1, calls)).toFixed(0)} µs per call; GC ${pct(summary.gcUs, busy)} of busy)`,
  );
  out('\nSelf time by component:\n');
  out('| component | self ms | share of busy | µs per call |');
  out('| --- | ---: | ---: | ---: |');
  for (const c of summary.components.filter((x) => x.component !== '(idle)').slice(0, 14)) {
    out(`| ${c.component} | ${ms(c.selfUs)} | ${pct(c.selfUs, busy)} | ${(c.selfUs / Math.max(1, calls)).toFixed(1)} |`);
  }
  out(`\nTop ${topN} functions by self time:\n`);
  out('| # | function | where | component | self ms | share | total (incl.) share |');
  out('| ---: | --- | --- | --- | ---: | ---: | ---: |');
  const bySelf = [...summary.functions].sort((a, b) => b.selfUs - a.selfUs).slice(0, topN);
  bySelf.forEach((f, i) => {
    out(`| ${i + 1} | \`${f.name}\` | ${f.where} | ${f.component} | ${ms(f.selfUs)} | ${pct(f.selfUs, busy)} | ${pct(f.totalUs, busy)} |`);
  });
  out("\nThe router's own code (dist/src) by inclusive time (self + everything it calls):\n");
  out('| function | where | total share | self share |');
  out('| --- | --- | ---: | ---: |');
  const own = summary.functions
    .filter((f) => f.component === 'router (dist/src)')
    .sort((a, b) => b.totalUs - a.totalUs)
    .slice(0, 18);
  for (const f of own) out(`| \`${f.name}\` | ${f.where} | ${pct(f.totalUs, busy)} | ${pct(f.selfUs, busy)} |`);
}

const PROFILED: ReadonlySet<ScenarioKey> = new Set(['miss', 'hit', 'httpmiss', 'httphit', 'direct']);

export async function runProfile(knobs: Knobs, which: ScenarioKey[], out: (s: string) => void): Promise<void> {
  const dir = knobs.profileDir ? path.resolve(knobs.profileDir) : mkdtempSync(path.join(os.tmpdir(), 'modelrouter-bench-prof-'));
  mkdirSync(dir, { recursive: true });
  const C = knobs.profileConcurrency ?? knobs.concurrency;
  const rig = await startRig({ withEcho: false, useRedis: knobs.redis, logLevel: knobs.routerLogLevel, routerExecArgv: knobs.routerExecArgv });
  try {
    if (rig.redisNote) out(`note: ${rig.redisNote}`);
    const scenarios = buildScenarios(rig, new Set(which));
    if (which.includes('hit')) await warmCache(rig);
    for (const scenario of scenarios) {
      if (!PROFILED.has(scenario.key)) continue;
      const inProcess = scenario.key === 'direct';
      await runPhase(() => scenario.call(), { concurrency: C, durationMs: 2_000 });
      const who = inProcess ? 'loadgen' : 'router';
      const file = path.join(dir, `${who}-${scenario.key}-c${C}.cpuprofile`);
      if (inProcess) await startProfiling(knobs.profileIntervalUs);
      else await rig.router.call('profileStart', { intervalUs: knobs.profileIntervalUs });
      const result = await runPhase(() => scenario.call(), { concurrency: C, durationMs: knobs.profileSeconds * 1000 });
      if (inProcess) await stopProfiling(file);
      else await rig.router.call('profileStop', { file }, 60_000);
      await rig.fake.call('reset');
      out(`\nprofile written: ${file} (${result.ok} calls, ${Math.round(result.rps)} req/s while profiling, ${result.errors} errors)`);
      const title = inProcess
        ? `Load-generator CPU profile (the SDK called directly): ${scenario.label}, ${C} in flight, ${knobs.profileSeconds} s`
        : `Router CPU profile: ${scenario.label}, ${C} in flight, ${knobs.profileSeconds} s`;
      printProfile(title, summarizeProfile(file), result.ok, out);
    }
  } finally {
    await rig.close();
  }
}
