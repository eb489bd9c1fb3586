/**
 * `make soak` (= npm run build && node dist/bench/soak.js): three router replicas sharing one Redis, under mixed
 * load, for 10 minutes, while the fake upstream fails at random (529, 429, hangs, streams cut, connections dropped)
 * and Redis is killed and restarted twice and frozen once.
 *
 * Processes: this one holds the clients (bench/soak/load.ts); the replicas are the compiled service
 * (dist/src/main.js) with bench/soak/router.yaml; the fake upstream runs in a child (bench/soak/fakeProcess.ts)
 * and redis-server is a child on a free port. All of them go when this process does, Ctrl-C included.
 *
 * It fails (exit code 1) unless: no call ended more than 1 s past its deadline, no answer reported as success
 * was incomplete (checked against the fake's reply, and a stream's deltas against its done chunk), Redis was
 * restarted twice, and every replica stayed up. The report goes to stdout and is appended to bench/RESULTS.md.
 *
 * Knobs (env, bench/soak/knobs.ts): SOAK_SECONDS (600), SOAK_CONCURRENCY (12), SOAK_DEADLINE_MS (15000),
 * SOAK_REPLICAS (3), SOAK_FAULTS ('529:5,429:3,hang:1,cut:2,drop:2,slow:5', percent of upstream calls),
 * SOAK_REPORT (a file to append the report to instead of bench/RESULTS.md, or 'off'), SOAK_JSON (write the
 * figures there as JSON), SOAK_CONFIG (the replicas' config), SOAK_RSS_EVERY_SECONDS (5).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startRedisServer, type RedisServerHandle } from '../test/fakes/redisServer';
import { startChild, type ChildHandle } from './lib/child';
import { out, progress } from './lib/report';
import { runRedisChaos } from './soak/chaos';
import type { SoakFakeArg, SoakFakeCounts, SoakFakeReady } from './soak/fakeProcess';
import { readSoakKnobs } from './soak/knobs';
import { runLoad } from './soak/load';
import { startReplicas, stopReplicas, type Replica } from './soak/replicas';
import { appendReport, renderReport, summarize } from './soak/report';
import { RssSampler } from './soak/rss';
import { Tally } from './soak/tally';

/** Only ever sent to the fake, on loopback. */
const SOAK_API_KEY = 'soak-simulator-key';

const cleanups: Array<() => Promise<unknown>> = [];
let cleaning: Promise<void> | undefined;
/** Set by Ctrl-C (or SIGTERM, SIGHUP): the clients stop calling and the run ends with 130. */
let interrupted = false;

/** Last started, first stopped: replicas drain before the fake and Redis go. Runs once. */
function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    for (const step of cleanups.reverse()) {
      try {
        await step();
      } catch (err) {
        progress(`cleanup: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  })();
  return cleaning;
}

function onSignal(signal: NodeJS.Signals): void {
  progress(`soak: ${signal}, stopping every process it started`);
  interrupted = true;
  // A second signal, or a cleanup that takes too long, exits at once; the exit hooks SIGKILL what is left.
  process.once(signal, () => process.exit(130));
  setTimeout(() => process.exit(130), 15_000).unref();
  void cleanup().finally(() => process.exit(130));
}

function redisVersion(): string {
  const probe = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  return /v=([\d.]+)/.exec(probe.stdout ?? '')?.[1] ?? 'unknown';
}

async function main(): Promise<number> {
  const knobs = readSoakKnobs();
  const startedAt = new Date();
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, onSignal);

  progress(`soak: ${knobs.seconds} s, ${knobs.replicas} replicas, ${knobs.concurrency} clients, faults ${knobs.faultsText}`);
  const redis: RedisServerHandle = await startRedisServer();
  cleanups.push(() => redis.stop());
  const fake: ChildHandle<SoakFakeReady> = await startChild<SoakFakeReady>('soak-fake', join(__dirname, 'soak', 'fakeProcess.js'), {
    arg: { apiKey: SOAK_API_KEY, faults: knobs.faults } satisfies SoakFakeArg,
  });
  cleanups.push(() => fake.stop());
  const logDir = mkdtempSync(join(os.tmpdir(), 'modelrouter-soak-'));
  const options = { apiKey: SOAK_API_KEY, fakeUrl: fake.ready.url, redisUrl: redis.url, configPath: knobs.configPath, logDir };
  const replicas: Replica[] = await startReplicas(knobs.replicas, options);
  cleanups.push(() => stopReplicas(replicas));
  progress(
    `soak: redis-server pid ${redis.pid} port ${redis.port}; fake pid ${fake.pid}; ` +
      `${replicas.map((r) => `${r.name} pid ${r.pid} port ${r.port}`).join(', ')}; logs in ${logDir}`,
  );

  const durationMs = knobs.seconds * 1000;
  const tally = new Tally(replicas.length);
  const loop = monitorEventLoopDelay({ resolution: 20 });
  loop.enable();
  const sampler = new RssSampler(replicas, knobs.rssEveryMs);
  const started = Date.now();
  const ticker = setInterval(
    () =>
      progress(
        `soak: ${Math.round((Date.now() - started) / 1000)} s: ${tally.issued} calls, ${tally.served} served, ${tally.errorTotal} errors, ` +
          `${tally.hung} hung, ${tally.truncated} truncated`,
      ),
    Math.min(30_000, Math.max(5_000, durationMs / 10)),
  );
  let loadOver = false;
  const chaos = runRedisChaos(redis, durationMs, () => loadOver || interrupted);
  try {
    const loadOptions = { concurrency: knobs.concurrency, durationMs, deadlineMs: knobs.deadlineMs, graceMs: knobs.graceMs };
    await runLoad(replicas, loadOptions, tally, () => interrupted);
  } finally {
    loadOver = true;
    clearInterval(ticker);
    sampler.stop();
    loop.disable();
  }
  // Interrupted: no report (it would be a partial run's), only the clean-up.
  if (interrupted) return 130;
  const redisResult = { ...(await chaos), version: redisVersion() };
  const upstream = await fake.call<SoakFakeCounts>('counts');

  const summary = summarize({
    knobs,
    startedAt,
    wallSeconds: (Date.now() - startedAt.getTime()) / 1000,
    tally,
    upstream,
    redis: redisResult,
    replicas,
    rss: sampler.samples,
    loopMaxMs: loop.max / 1e6,
  });
  const lines = renderReport(summary);
  out(lines.join('\n'));
  if (knobs.reportPath) {
    appendReport(knobs.reportPath, lines);
    progress(`soak: report appended to ${knobs.reportPath}`);
  }
  if (knobs.jsonPath) writeFileSync(knobs.jsonPath, JSON.stringify(summary, null, 2));
  if (summary.passed) rmSync(logDir, { recursive: true, force: true });
  else progress(`soak: FAILED; the replicas' logs are in ${logDir}`);
  return summary.passed ? 0 : 1;
}

main()
  .then(
    (code) => cleanup().then(() => code),
    (err: unknown) => {
      // Once interrupted, calls fail on closed channels: that is the stop, not a finding.
      if (!interrupted) process.stderr.write(`soak failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      return cleanup().then(() => (interrupted ? 130 : 1));
    },
  )
  .then((code) => process.exit(code));
