/**
 * Latency at 1 in flight and throughput at C in flight for direct / router miss / router hit / floor, in
 * interleaved rounds (the order rotates each round) so drift on a shared machine shows up as spread, not as bias.
 */
import os from 'node:os';
import { HIT_REQUEST, MISS_REQUEST, PRIMARY, complete, directComplete, httpHit, httpMiss, rawEcho } from '../lib/clients';
import { newHistogram, p, runPhase, type Histogram } from '../lib/load';
import type { Rig } from '../lib/rig';
import { loadModelRouterPackage } from '../../src/transport/grpc/protoLoader';

export type ScenarioKey = 'direct' | 'directpooled' | 'miss' | 'proxy' | 'hit' | 'httpmiss' | 'httpproxy' | 'httphit' | 'hitmem' | 'floor' | 'raw';

export interface Scenario {
  key: ScenarioKey;
  label: string;
  call: () => Promise<void>;
  /** Calls that succeeded but were not what the scenario claims to measure (a hit that was not cached, ...). */
  unexpected: number;
}

export interface CpuPerRequest {
  client: number;
  router: number;
  fake: number;
  echo: number;
}

export interface PhaseRecord {
  round: number;
  scenario: ScenarioKey;
  concurrency: number;
  p50: number;
  p99: number;
  rps: number;
  ok: number;
  errors: number;
  errorSamples: string[];
  unexpected: number;
  /** CPU µs per successful call, per process, over the measured phase. */
  cpu: CpuPerRequest;
  hist: Histogram;
}

export interface ThroughputOptions {
  rounds: number;
  durationMs: number;
  warmupMs: number;
  concurrency: number;
  only: ReadonlySet<ScenarioKey> | undefined;
}

export interface ThroughputResult {
  scenarios: Scenario[];
  records: PhaseRecord[];
  /** Router RSS sampled after every measured phase, bytes. */
  routerRssSamples: number[];
  /** 1-minute load average at the start of each round: how noisy the machine was. */
  roundLoad: number[];
}

export function buildScenarios(rig: Rig, only: ReadonlySet<ScenarioKey> | undefined): Scenario[] {
  const list: Scenario[] = [];
  const add = (key: ScenarioKey, label: string, make: (s: Scenario) => () => Promise<void>): void => {
    if (only && !only.has(key)) return;
    const s: Scenario = { key, label, call: async () => undefined, unexpected: 0 };
    s.call = make(s);
    list.push(s);
  };
  add('direct', 'direct SDK -> fake', () => async () => {
    await directComplete(rig.direct);
  });
  add('directpooled', "direct SDK + the router's undici pool fetch -> fake", () => async () => {
    await directComplete(rig.directPooled);
  });
  add('miss', 'router, cache miss (BYPASS)', (s) => async () => {
    const r = await complete(rig.routerClient, MISS_REQUEST);
    if (r.cached || r.model !== PRIMARY) s.unexpected++;
  });
  const proxy = rig.proxyClient;
  if (proxy && rig.proxy) {
    add(
      'proxy',
      `proxy floor: grpc-js + the SDK on the router's transport (${rig.proxy.ready.upstream === 'sse' ? 'streamed' : 'JSON'} answers), nothing else`,
      (s) => async () => {
        const r = await complete(proxy, MISS_REQUEST);
        if (r.model !== PRIMARY || r.text === '') s.unexpected++;
      },
    );
  }
  // With local copies on, the repeated hit is served from the router's copy of the Redis entry (README: Local copies).
  const store = rig.redis ? `redis${rig.router.ready.localCopySeconds > 0 ? ', repeated: local copy' : ''}` : 'memory';
  add('hit', `router, cache hit (${store})`, (s) => async () => {
    const r = await complete(rig.routerClient, HIT_REQUEST);
    if (!r.cached) s.unexpected++;
  });
  add('httpmiss', 'router over HTTP (SDK), cache miss', (s) => async () => {
    if ((await httpMiss(rig.httpRouter)).model !== PRIMARY) s.unexpected++;
  });
  add('httphit', `router over HTTP (SDK), cache hit (${store})`, (s) => async () => {
    if (!(await httpHit(rig.httpRouter))) s.unexpected++;
  });
  const httpProxy = rig.httpProxy;
  if (httpProxy && rig.proxy) {
    add(
      'httpproxy',
      `proxy floor over HTTP: node:http + the SDK on the router's transport (${rig.proxy.ready.upstream === 'sse' ? 'streamed' : 'JSON'} answers)`,
      (s) => async () => {
        const message = await directComplete(httpProxy);
        if (message.content[0]?.type !== 'text' || message.stop_reason !== 'end_turn') s.unexpected++;
      },
    );
  }
  const mem = rig.memRouterClient;
  if (mem) {
    add('hitmem', 'router, cache hit (memory store)', (s) => async () => {
      const r = await complete(mem, HIT_REQUEST);
      if (!r.cached) s.unexpected++;
    });
  }
  const floor = rig.floorClient;
  if (floor) {
    add('floor', 'floor: grpc-js + same proto', (s) => async () => {
      const r = await complete(floor, HIT_REQUEST);
      if (!r.cached) s.unexpected++;
    });
  }
  const raw = rig.rawClient;
  if (raw) {
    const payload = Buffer.alloc(64, 0x61);
    add('raw', 'floor: grpc-js raw bytes', () => async () => {
      await rawEcho(raw, payload);
    });
  }
  return list;
}

async function cpuSnapshot(rig: Rig): Promise<CpuPerRequest> {
  const own = process.cpuUsage();
  const [router, memRouter, fake, echo, proxy] = await Promise.all([
    rig.router.stats(),
    rig.memRouter?.stats(),
    rig.fake.stats(),
    rig.echo?.stats(),
    rig.proxy?.stats(),
  ]);
  // Both routers count as "router" (the one not under load adds next to nothing).
  const routers = router.cpuMicros + (memRouter?.cpuMicros ?? 0);
  return { client: own.user + own.system, router: routers, fake: fake.cpuMicros, echo: (echo?.cpuMicros ?? 0) + (proxy?.cpuMicros ?? 0) };
}

function perRequest(before: CpuPerRequest, after: CpuPerRequest, calls: number): CpuPerRequest {
  const n = Math.max(1, calls);
  return {
    client: (after.client - before.client) / n,
    router: (after.router - before.router) / n,
    fake: (after.fake - before.fake) / n,
    echo: (after.echo - before.echo) / n,
  };
}

/**
 * The encoded CompleteResponse of a Redis hit and of the floor's reply, in bytes: the floor stands for a hit only if
 * the two carry as much (a floor that encodes less is cheaper for itself and for the client than what it measures).
 */
export async function replySizes(rig: Rig): Promise<{ hit: number; floor: number } | undefined> {
  const floor = rig.floorClient;
  if (!floor) return undefined;
  const { packageDefinition } = loadModelRouterPackage();
  const method = packageDefinition['modelrouter.v1.ModelRouter'] as Record<string, { responseSerialize: (value: unknown) => Buffer }>;
  const encode = method['Complete']?.responseSerialize;
  if (!encode) return undefined;
  const [hit, echoed] = [await complete(rig.routerClient, HIT_REQUEST), await complete(floor, HIT_REQUEST)];
  return { hit: encode(hit).length, floor: encode(echoed).length };
}

export async function warmCache(rig: Rig): Promise<void> {
  for (const client of [rig.routerClient, rig.memRouterClient]) {
    if (!client) continue;
    const first = await complete(client, HIT_REQUEST);
    const second = await complete(client, HIT_REQUEST);
    if (!second.cached) {
      throw new Error(`cache warm-up failed: second temperature-0 call was not cached (first cached=${first.cached})`);
    }
  }
}

export async function runThroughput(rig: Rig, scenarios: Scenario[], options: ThroughputOptions, progress: (line: string) => void): Promise<ThroughputResult> {
  const records: PhaseRecord[] = [];
  const routerRssSamples: number[] = [];
  const roundLoad: number[] = [];
  for (let round = 1; round <= options.rounds; round++) {
    roundLoad.push(os.loadavg()[0] ?? NaN);
    const shift = (round - 1) % scenarios.length;
    const order = [...scenarios.slice(shift), ...scenarios.slice(0, shift)];
    for (const scenario of order) {
      for (const concurrency of [1, options.concurrency]) {
        await runPhase(() => scenario.call(), { concurrency, durationMs: options.warmupMs });
        scenario.unexpected = 0;
        const before = await cpuSnapshot(rig);
        const result = await runPhase(() => scenario.call(), { concurrency, durationMs: options.durationMs });
        const after = await cpuSnapshot(rig);
        const routerStats = await rig.router.stats();
        routerRssSamples.push(routerStats.rss);
        const record: PhaseRecord = {
          round,
          scenario: scenario.key,
          concurrency,
          p50: p(result.hist, 50),
          p99: p(result.hist, 99),
          rps: result.rps,
          ok: result.ok,
          errors: result.errors,
          errorSamples: result.errorSamples,
          unexpected: scenario.unexpected,
          cpu: perRequest(before, after, result.ok),
          hist: result.hist,
        };
        records.push(record);
        progress(
          `  round ${round} ${scenario.key.padEnd(6)} @${String(concurrency).padStart(2)}: p50 ${fmtUs(record.p50)} p99 ${fmtUs(record.p99)} ` +
            `${Math.round(record.rps)} req/s${record.errors ? `, ${record.errors} errors (${record.errorSamples[0] ?? ''})` : ''}` +
            `${record.unexpected ? `, ${record.unexpected} unexpected` : ''}`,
        );
      }
      // The fake keeps a log of every request it served; drop it so it does not grow through the run.
      await rig.fake.call('reset');
    }
  }
  return { scenarios, records, routerRssSamples, roundLoad };
}

export function mergeHistograms(records: readonly PhaseRecord[]): Histogram {
  const merged = newHistogram();
  for (const r of records) merged.add(r.hist);
  return merged;
}

export const fmtUs = (us: number): string => (Number.isFinite(us) ? `${Math.round(us)} µs` : 'n/a');
