/**
 * `make bench` (= npm run build && node dist/bench/run.js): what the router costs on top of the Anthropic SDK,
 * against the built-in fake upstream on loopback.
 *
 * Processes: this one is the load generator and holds every client; the router, the fake upstream and the
 * grpc-js floor each run in a child process (bench/routerProcess.ts, fakeProcess.ts, echoProcess.ts), and
 * redis-server is a child too. So the router's RSS and CPU are its own, the direct SDK client and the router
 * call the same fake process from the same client process, and the floor is served from a process of its own
 * exactly like the router.
 *
 * Sections: (1-4) latency at 1 in flight and throughput at C in flight for direct / router miss / router hit /
 * floor, in interleaved rounds; (5) failover under load; (6) router RSS after the load and with N slow streams open.
 * Targets are goals: each is printed with PASS or MISS, nothing asserts.
 *
 * Knobs (env): BENCH_SECONDS (2), BENCH_WARMUP_SECONDS (0.5), BENCH_ROUNDS (3), BENCH_CONCURRENCY (32),
 * BENCH_SCENARIOS (direct,directpooled,miss,hit,httpmiss,httphit,hitmem,floor,raw), BENCH_REDIS (1), BENCH_ROUTER_LOG_LEVEL (silent),
 * BENCH_FAILOVER (1), BENCH_FAILOVER_CONCURRENCY (8), BENCH_FAILOVER_PRE_SECONDS (3),
 * BENCH_FAILOVER_MAX_OUTAGE_SECONDS (20), BENCH_FAILOVER_OPEN_SECONDS (2), BENCH_STREAMS (1000, 0 = skip),
 * BENCH_STREAMS_HOLD_SECONDS (1), BENCH_ROUTER_EXEC_ARGV (extra node flags for the router child, e.g.
 * '--max-old-space-size=96'), BENCH_JSON (write the figures there as JSON).
 * `--profile [miss,hit]`: CPU-profile the router instead (BENCH_PROFILE_SECONDS, BENCH_PROFILE_INTERVAL_US,
 * BENCH_PROFILE_DIR); see bench/profile.ts.
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { readKnobs, type Knobs } from './lib/env';
import { median, minMax } from './lib/load';
import { startRig, type Rig } from './lib/rig';
import { runProfile } from './profile';
import { runFailover, type FailoverResult, type WindowStats } from './scenarios/failover';
import { runStreams, type StreamsResult } from './scenarios/streams';
import { buildScenarios, runThroughput, warmCache, type PhaseRecord, type ScenarioKey, type ThroughputResult } from './scenarios/throughput';

const out = (line = ''): void => {
  process.stdout.write(`${line}\n`);
};
const progress = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

const MB = 1024 * 1024;
const mb = (bytes: number): string => `${(bytes / MB).toFixed(1)} MB`;
const us = (v: number): string => (Number.isFinite(v) ? `${Math.round(v)}` : 'n/a');
const x = (v: number, digits = 2): string => (Number.isFinite(v) ? `${v.toFixed(digits)}×` : 'n/a');
const range = (values: readonly number[], fmt: (v: number) => string): string => {
  const [lo, hi] = minMax(values);
  return Number.isFinite(lo) ? `${fmt(lo)}–${fmt(hi)}` : 'n/a';
};
const verdict = (ok: boolean | undefined): string => (ok === undefined ? 'n/a' : ok ? 'PASS' : 'MISS');

const SCENARIO_KEYS: readonly ScenarioKey[] = ['direct', 'directpooled', 'miss', 'hit', 'httpmiss', 'httphit', 'hitmem', 'floor', 'raw'];

function parseScenarioList(list: string): Set<ScenarioKey> {
  const keys = list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const k of keys) {
    if (!SCENARIO_KEYS.includes(k as ScenarioKey)) throw new Error(`unknown scenario '${k}' (known: ${SCENARIO_KEYS.join(', ')})`);
  }
  return new Set(keys as ScenarioKey[]);
}

interface Target {
  name: string;
  value: string;
  goal: string;
  ok: boolean | undefined;
}

function machineLines(knobs: Knobs): string[] {
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
function byScenario(records: readonly PhaseRecord[], key: ScenarioKey, concurrency: number): PhaseRecord[] {
  return records.filter((r) => r.scenario === key && r.concurrency === concurrency).sort((a, b) => a.round - b.round);
}

/** The same figure across rounds, paired by round, for ratios between scenarios measured in the same round. */
function paired(a: readonly PhaseRecord[], b: readonly PhaseRecord[], f: (a: PhaseRecord, b: PhaseRecord) => number): number[] {
  const values: number[] = [];
  for (const ra of a) {
    const rb = b.find((r) => r.round === ra.round);
    if (rb) values.push(f(ra, rb));
  }
  return values;
}

function reportThroughput(result: ThroughputResult, knobs: Knobs, rig: Rig): { targets: Target[]; summary: Record<string, unknown> } {
  const C = knobs.concurrency;
  out(`\n## Latency at 1 in flight, throughput at ${C} in flight (median of ${knobs.rounds} interleaved rounds; [min–max] across rounds)\n`);
  out(
    `| scenario | p50 @1 (µs) | p99 @1 (µs) | req/s @${C} | p50 @${C} (µs) | p99 @${C} (µs) | errors | CPU µs/call @1: client / router / fake / floor | same @${C} |`,
  );
  out('| --- | --- | --- | --- | --- | --- | ---: | --- | --- |');
  const med = (rs: readonly PhaseRecord[], f: (r: PhaseRecord) => number): number => median(rs.map(f));
  const summary: Record<string, unknown> = {};
  for (const s of result.scenarios) {
    const one = byScenario(result.records, s.key, 1);
    const many = byScenario(result.records, s.key, C);
    const errors = [...one, ...many].reduce((n, r) => n + r.errors, 0);
    const unexpected = [...one, ...many].reduce((n, r) => n + r.unexpected, 0);
    const cpu = (rs: readonly PhaseRecord[]): string => (['client', 'router', 'fake', 'echo'] as const).map((k) => us(med(rs, (r) => r.cpu[k]))).join(' / ');
    out(
      `| ${s.label} | ${us(med(one, (r) => r.p50))} [${range(
        one.map((r) => r.p50),
        us,
      )}] | ${us(med(one, (r) => r.p99))} [${range(
        one.map((r) => r.p99),
        us,
      )}] ` +
        `| ${us(med(many, (r) => r.rps))} [${range(
          many.map((r) => r.rps),
          us,
        )}] | ${us(med(many, (r) => r.p50))} | ${us(med(many, (r) => r.p99))} ` +
        `| ${errors}${unexpected ? ` (+${unexpected} unexpected)` : ''} | ${cpu(one)} | ${cpu(many)} |`,
    );
    summary[s.key] = {
      p50_1: med(one, (r) => r.p50),
      p99_1: med(one, (r) => r.p99),
      rps: med(many, (r) => r.rps),
      p50_c: med(many, (r) => r.p50),
      p99_c: med(many, (r) => r.p99),
      errors,
      unexpected,
      rounds: { p50_1: one.map((r) => r.p50), rps: many.map((r) => r.rps) },
    };
    for (const r of [...one, ...many]) {
      if (r.errors) out(`|   ↳ round ${r.round} @${r.concurrency}: ${r.errors} errors, e.g. ${r.errorSamples[0] ?? ''} | | | | | | | | |`);
    }
  }
  out('\nCPU µs/call: CPU time (process.cpuUsage) each process spent during the measured phase divided by the calls completed —');
  out(`where the ${os.availableParallelism()} cores go. "client" is this load generator; "router" the router child; "fake" the fake upstream;`);
  out('"floor" the echo child. Unlike latency, it does not count time spent waiting for a core, so it is the steadier figure here.');
  out(`1-minute load average at the start of each round: ${result.roundLoad.map((l) => l.toFixed(2)).join(', ')} (on ${os.availableParallelism()} cores).`);
  if (rig.redisNote) out(`\nNOTE: ${rig.redisNote}.`);

  const direct1 = byScenario(result.records, 'direct', 1);
  const miss1 = byScenario(result.records, 'miss', 1);
  const hit1 = byScenario(result.records, 'hit', 1);
  const floor1 = byScenario(result.records, 'floor', 1);
  const directC = byScenario(result.records, 'direct', C);
  const missC = byScenario(result.records, 'miss', C);
  const hitC = byScenario(result.records, 'hit', C);
  const floorC = byScenario(result.records, 'floor', C);
  const medOf = (rs: readonly PhaseRecord[], f: (r: PhaseRecord) => number): number => median(rs.map(f));

  const overhead = medOf(miss1, (r) => r.p50) - medOf(direct1, (r) => r.p50);
  const floorP50 = medOf(floor1, (r) => r.p50);
  const missDirect = medOf(missC, (r) => r.rps) / medOf(directC, (r) => r.rps);
  const hitFloorRps = medOf(hitC, (r) => r.rps) / medOf(floorC, (r) => r.rps);
  const hitFloorP50 = medOf(hit1, (r) => r.p50) / floorP50;

  out('\n## Ratios (from the medians above; [min–max] of the same ratio taken within each round)\n');
  out('| figure | value | per round | goal | |');
  out('| --- | --- | --- | --- | --- |');
  const targets: Target[] = [];
  const row = (name: string, value: string, perRound: string, goal: string, ok: boolean | undefined): void => {
    out(`| ${name} | ${value} | ${perRound} | ${goal} | ${verdict(ok)} |`);
    targets.push({ name, value, goal, ok });
  };
  const finite = (v: number): boolean => Number.isFinite(v);
  row(
    'overhead p50 @1 = router miss p50 − direct p50',
    `${us(overhead)} µs = ${x(overhead / floorP50, 1)} the floor's p50 (${us(floorP50)} µs)`,
    `${range(
      paired(miss1, direct1, (a, b) => a.p50 - b.p50),
      us,
    )} µs`,
    '≤ 400 µs',
    finite(overhead) ? overhead <= 400 : undefined,
  );
  row(
    'router miss / direct throughput',
    x(missDirect),
    range(
      paired(missC, directC, (a, b) => a.rps / b.rps),
      (v) => x(v),
    ),
    '≥ 0.90×',
    finite(missDirect) ? missDirect >= 0.9 : undefined,
  );
  row(
    'router hit / floor throughput',
    x(hitFloorRps),
    range(
      paired(hitC, floorC, (a, b) => a.rps / b.rps),
      (v) => x(v),
    ),
    '≥ 0.70×',
    finite(hitFloorRps) ? hitFloorRps >= 0.7 : undefined,
  );
  row(
    'router hit p50 / floor p50 @1',
    x(hitFloorP50),
    range(
      paired(hit1, floor1, (a, b) => a.p50 / b.p50),
      (v) => x(v),
    ),
    '≤ 1.50×',
    finite(hitFloorP50) ? hitFloorP50 <= 1.5 : undefined,
  );
  const httpMiss1 = byScenario(result.records, 'httpmiss', 1);
  let httpAdded = Number.NaN;
  if (httpMiss1.length) {
    httpAdded = medOf(httpMiss1, (r) => r.p50) - medOf(direct1, (r) => r.p50);
    const ratio = httpAdded / overhead;
    row(
      'HTTP added p50 @1 (HTTP miss − direct) / gRPC added p50 @1',
      `${us(httpAdded)} µs / ${us(overhead)} µs = ${x(ratio)}`,
      range(
        paired(httpMiss1, miss1, (a, b) => a.p50 - b.p50),
        (v) => `${v >= 0 ? '+' : ''}${us(v)} µs vs gRPC`,
      ),
      '≤ 1.50×',
      finite(ratio) ? ratio <= 1.5 : undefined,
    );
    const httpMissC = byScenario(result.records, 'httpmiss', C);
    const httpHitC = byScenario(result.records, 'httphit', C);
    out(
      `\n(HTTP door: miss throughput @${C} ${x(medOf(httpMissC, (r) => r.rps) / medOf(directC, (r) => r.rps))} the direct SDK's, ` +
        `${x(medOf(httpMissC, (r) => r.rps) / medOf(missC, (r) => r.rps))} gRPC's; hit throughput ${x(medOf(httpHitC, (r) => r.rps) / medOf(hitC, (r) => r.rps))} gRPC's.)`,
    );
  }
  const mem1 = byScenario(result.records, 'hitmem', 1);
  if (mem1.length && floor1.length) {
    const memC = byScenario(result.records, 'hitmem', C);
    out(
      `\n(reference, not a target: a hit from the in-process memory store instead of Redis: p50 @1 ${x(medOf(mem1, (r) => r.p50) / floorP50)} the floor's,` +
        ` throughput @${C} ${x(medOf(memC, (r) => r.rps) / medOf(floorC, (r) => r.rps))} the floor's — the difference to the Redis row is the Redis round trip.)`,
    );
  }
  const pooled1 = byScenario(result.records, 'directpooled', 1);
  if (pooled1.length) {
    const pooledC = byScenario(result.records, 'directpooled', C);
    out(
      `\n(reference: against a direct SDK that uses the router's own transport, the overhead p50 @1 is ${us(medOf(miss1, (r) => r.p50) - medOf(pooled1, (r) => r.p50))} µs` +
        ` and miss throughput is ${x(medOf(missC, (r) => r.rps) / medOf(pooledC, (r) => r.rps))} of it: the part of the router's cost that is routing, not transport.)`,
    );
  }
  const raw1 = byScenario(result.records, 'raw', 1);
  if (raw1.length && floor1.length) {
    out(
      `\n(reference: raw-bytes grpc-js echo p50 @1 ${us(medOf(raw1, (r) => r.p50))} µs, ${us(medOf(byScenario(result.records, 'raw', C), (r) => r.rps))} req/s @${C};` +
        ' the proto floor above adds protobuf (de)serialization of the same messages the router exchanges.)',
    );
  }
  Object.assign(summary, {
    overhead_us: overhead,
    http_overhead_us: httpAdded,
    floor_p50: floorP50,
    miss_direct: missDirect,
    hit_floor_rps: hitFloorRps,
    hit_floor_p50: hitFloorP50,
  });
  return { targets, summary };
}

function windowRow(w: WindowStats): string {
  return `| ${w.label} | ${w.calls} | ${w.errors} | ${us(w.rps)} | ${us(w.p50)} | ${us(w.p99)} | ${Number.isFinite(w.fallbackShare) ? `${(w.fallbackShare * 100).toFixed(0)}%` : 'n/a'} |`;
}

function reportFailover(f: FailoverResult, knobs: Knobs): Target[] {
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

function reportMemory(rssAfterLoad: number, rssMax: number, streams: StreamsResult | undefined, rssAfterFailover: number | undefined): Target[] {
  out('\n## Router memory (RSS of the router child process alone)\n');
  out('| when | RSS | heap used |');
  out('| --- | ---: | ---: |');
  out(`| after the throughput rounds | ${mb(rssAfterLoad)} | |`);
  out(`| highest after any measured phase | ${mb(rssMax)} | |`);
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
  return [{ name: 'router RSS after the load', value: mb(rssAfterLoad), goal: '< 150 MB', ok: rssAfterLoad < 150 * MB }];
}

async function main(): Promise<void> {
  const knobs = readKnobs();
  const args = process.argv.slice(2);
  if (args[0] === '--profile') {
    for (const l of machineLines(knobs)) out(l);
    await runProfile(knobs, [...parseScenarioList(args[1] ?? 'direct,miss,hit')], out);
    return;
  }
  const only = parseScenarioList(knobs.scenarios);
  const started = Date.now();
  out('# modelrouter bench\n');
  for (const l of machineLines(knobs)) out(l);

  // --expose-gc only lets the memory section read heap figures after a GC; nothing calls gc() under load.
  const rig = await startRig({
    withEcho: only.has('floor') || only.has('raw'),
    withMemoryRouter: only.has('hitmem'),
    useRedis: knobs.redis,
    logLevel: knobs.routerLogLevel,
    routerExecArgv: ['--expose-gc', ...knobs.routerExecArgv],
  });
  try {
    out(
      `processes: load generator pid ${process.pid}; router pid ${rig.router.pid} (cache: ${rig.router.ready.cache}); fake upstream pid ${rig.fake.pid}` +
        `${rig.memRouter ? `; second router (memory cache, for the hitmem row) pid ${rig.memRouter.pid}` : ''}` +
        `${rig.echo ? `; floor pid ${rig.echo.pid}` : ''}${rig.redis ? `; redis-server ${rig.redis.version} pid ${rig.redis.pid} (--save "" --appendonly no)` : ''}`,
    );
    out(
      `request: task simple_qa (-> claude-haiku-4-5-20251001), one user message, max_tokens 256; miss = CACHE_MODE_BYPASS, hit = temperature 0 after one warm call`,
    );
    const routerStart = await rig.router.stats();
    out(`router RSS at start: ${mb(routerStart.rss)}`);

    if (only.has('hit')) await warmCache(rig);
    const scenarios = buildScenarios(rig, only);
    progress(
      `running ${knobs.rounds} rounds × ${scenarios.length} scenarios × (1, ${knobs.concurrency} in flight), ${knobs.seconds} s each + ${knobs.warmupSeconds} s warm-up`,
    );
    const result = await runThroughput(
      rig,
      scenarios,
      { rounds: knobs.rounds, durationMs: knobs.seconds * 1000, warmupMs: knobs.warmupSeconds * 1000, concurrency: knobs.concurrency, only },
      progress,
    );
    const rssAfterLoad = (await rig.router.stats()).rss;
    const { targets, summary } = reportThroughput(result, knobs, rig);
    const rssMax = Math.max(rssAfterLoad, ...result.routerRssSamples);

    let failover: FailoverResult | undefined;
    let rssAfterFailover: number | undefined;
    if (knobs.failover) {
      progress('failover run');
      failover = await runFailover(rig, {
        concurrency: knobs.failoverConcurrency,
        probeMs: 1_500,
        preMs: knobs.failoverPreSeconds * 1000,
        maxOutageMs: knobs.failoverMaxOutageSeconds * 1000,
        openMs: knobs.failoverOpenSeconds * 1000,
      });
      rssAfterFailover = (await rig.router.stats()).rss;
      targets.push(...reportFailover(failover, knobs));
    }
    // Streams after failover: the primary's breaker is then open, so the streams are served by the fallback model,
    // which changes nothing for memory. The other order would leave ~1000 idle upstream sockets in undici's pool
    // for the failover probes to wade through.
    let streams: StreamsResult | undefined;
    if (knobs.streams > 0) {
      progress(`opening ${knobs.streams} slow streams`);
      streams = await runStreams(rig, knobs.streams, knobs.streamsHoldSeconds * 1000);
    }
    targets.push(...reportMemory(rssAfterLoad, rssMax, streams, rssAfterFailover));

    out('\n## Targets (goals, not assertions)\n');
    out('| target | measured | goal | |');
    out('| --- | --- | --- | --- |');
    for (const t of targets) out(`| ${t.name} | ${t.value} | ${t.goal} | ${verdict(t.ok)} |`);
    out(
      `\nload average at end: ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}; wall time ${((Date.now() - started) / 1000).toFixed(0)} s`,
    );

    const jsonPath = process.env['BENCH_JSON'];
    if (jsonPath) {
      writeFileSync(jsonPath, JSON.stringify({ knobs, summary, failover, streams, rssAfterLoad, rssMax, rssAfterFailover, targets }, null, 2));
    }
  } finally {
    await rig.close();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
