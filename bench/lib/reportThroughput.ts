/** `make bench`'s sections 1-4: latency and throughput per scenario, the ratios between them, and their targets. */
import type { Knobs } from './env';
import os from 'node:os';
import { out, range, us, verdict, x, type Target } from './report';
import type { Rig } from './rig';
import { byScenario, medOf, paired } from './records';
import { proxyReference } from './reportProxy';
import type { PhaseRecord, ScenarioKey, ThroughputResult } from '../scenarios/throughput';

export function reportThroughput(result: ThroughputResult, knobs: Knobs, rig: Rig): { targets: Target[]; summary: Record<string, unknown> } {
  const C = knobs.concurrency;
  out(`\n## Latency at 1 in flight, throughput at ${C} in flight (median of ${knobs.rounds} interleaved rounds; [min–max] across rounds)\n`);
  out(
    `| scenario | p50 @1 (µs) | p99 @1 (µs) | req/s @${C} | p50 @${C} (µs) | p99 @${C} (µs) | errors | CPU µs/call @1: client / router / fake / floor | same @${C} |`,
  );
  out('| --- | --- | --- | --- | --- | --- | ---: | --- | --- |');
  const summary: Record<string, unknown> = {};
  for (const s of result.scenarios) {
    const one = byScenario(result.records, s.key, 1);
    const many = byScenario(result.records, s.key, C);
    const errors = [...one, ...many].reduce((n, r) => n + r.errors, 0);
    const unexpected = [...one, ...many].reduce((n, r) => n + r.unexpected, 0);
    const cpu = (rs: readonly PhaseRecord[]): string => (['client', 'router', 'fake', 'echo'] as const).map((k) => us(medOf(rs, (r) => r.cpu[k]))).join(' / ');
    out(
      `| ${s.label} | ${us(medOf(one, (r) => r.p50))} [${range(
        one.map((r) => r.p50),
        us,
      )}] | ${us(medOf(one, (r) => r.p99))} [${range(
        one.map((r) => r.p99),
        us,
      )}] ` +
        `| ${us(medOf(many, (r) => r.rps))} [${range(
          many.map((r) => r.rps),
          us,
        )}] | ${us(medOf(many, (r) => r.p50))} | ${us(medOf(many, (r) => r.p99))} ` +
        `| ${errors}${unexpected ? ` (+${unexpected} unexpected)` : ''} | ${cpu(one)} | ${cpu(many)} |`,
    );
    summary[s.key] = {
      p50_1: medOf(one, (r) => r.p50),
      p99_1: medOf(one, (r) => r.p99),
      rps: medOf(many, (r) => r.rps),
      p50_c: medOf(many, (r) => r.p50),
      p99_c: medOf(many, (r) => r.p99),
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
  out('"floor" the echo child (the proxy floor\'s child on its row). Unlike latency, it does not count time spent waiting for a core,');
  out('so it is the steadier figure here.');
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
    "≤ 1.25× the floor's p50",
    finite(overhead) && finite(floorP50) ? overhead <= 1.25 * floorP50 : undefined,
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
    '≥ 0.80×',
    finite(hitFloorRps) ? hitFloorRps >= 0.8 : undefined,
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
    httpRows(result, C, row);
    out(
      `\n(HTTP door against gRPC: miss throughput @${C} ${x(medOf(httpMissC, (r) => r.rps) / medOf(missC, (r) => r.rps))} gRPC's; ` +
        `hit throughput ${x(medOf(httpHitC, (r) => r.rps) / medOf(hitC, (r) => r.rps))} gRPC's.)`,
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
  Object.assign(summary, proxyReference(result, C, floorP50));
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

/**
 * Issue 18's bar for the HTTP door, in rows of its own. Its floor is the direct SDK call: the same client against a
 * bare HTTP server (the fake) answering one JSON body, the HTTP counterpart of the grpc-js echo.
 */
function httpRows(
  result: ThroughputResult,
  C: number,
  row: (name: string, value: string, perRound: string, goal: string, ok: boolean | undefined) => void,
): void {
  const direct1 = byScenario(result.records, 'direct', 1);
  const directC = byScenario(result.records, 'direct', C);
  const miss1 = byScenario(result.records, 'httpmiss', 1);
  const missC = byScenario(result.records, 'httpmiss', C);
  const hit1 = byScenario(result.records, 'httphit', 1);
  const hitC = byScenario(result.records, 'httphit', C);
  const directP50 = medOf(direct1, (r) => r.p50);
  const ok = (v: number, good: (v: number) => boolean): boolean | undefined => (Number.isFinite(v) ? good(v) : undefined);
  const added = medOf(miss1, (r) => r.p50) - directP50;
  row(
    'HTTP door: added p50 @1 (HTTP miss − direct) / direct p50',
    `${x(added / directP50)} (${us(added)} µs / ${us(directP50)} µs)`,
    range(
      paired(miss1, direct1, (a, b) => (a.p50 - b.p50) / b.p50),
      (v) => x(v),
    ),
    '≤ 1.25×',
    ok(added / directP50, (v) => v <= 1.25),
  );
  /** A figure of the door over the same figure of the direct call, median and per round. */
  const ratioRow = (
    name: string,
    door: readonly PhaseRecord[],
    direct: readonly PhaseRecord[],
    of: (r: PhaseRecord) => number,
    goal: string,
    good: (v: number) => boolean,
  ): void => {
    const value = medOf(door, of) / medOf(direct, of);
    row(
      name,
      x(value),
      range(
        paired(door, direct, (a, b) => of(a) / of(b)),
        (v) => x(v),
      ),
      goal,
      ok(value, good),
    );
  };
  ratioRow(
    'HTTP door: miss / direct throughput',
    missC,
    directC,
    (r) => r.rps,
    '≥ 0.90×',
    (v) => v >= 0.9,
  );
  ratioRow(
    'HTTP door: hit p50 / direct p50 @1',
    hit1,
    direct1,
    (r) => r.p50,
    '≤ 1.50×',
    (v) => v <= 1.5,
  );
  ratioRow(
    'HTTP door: hit / direct throughput',
    hitC,
    directC,
    (r) => r.rps,
    '≥ 0.80×',
    (v) => v >= 0.8,
  );
}
