/**
 * `make bench-warmup`: the first calls after start-up against the calls a minute later, with and without the
 * warm-up (warmup.enabled), side by side in one run. The router is the compiled service as `make run` starts it
 * (simulator, in-process cache), a process of its own per start; calls are misses (cache bypassed), one in flight,
 * and start the moment grpc.health.v1 says SERVING, from a load generator whose own calls are already warm.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { loadavg } from 'node:os';
import * as grpc from '@grpc/grpc-js';
import type { ModelRouterClient } from '../src/generated/modelrouter/v1/ModelRouter';
import { loadModelRouterPackage } from '../src/transport/grpc/protoLoader';
import { freePort } from '../test/fakes/freePort';

const CALLS = Number(process.env['BENCH_CALLS'] ?? 100);
const SETTLE_SECONDS = Number(process.env['BENCH_SETTLE_SECONDS'] ?? 60);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 2);
const MAIN_JS = `${__dirname}/../src/main.js`;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function serving(port: number): Promise<void> {
  const { HealthImplementation: _unused, ...health } = await import('grpc-health-check');
  const definition = grpc.loadPackageDefinition((await import('@grpc/proto-loader')).loadSync(health.protoPath, { keepCase: true, enums: String }));
  const Health = (definition as unknown as { grpc: { health: { v1: { Health: new (a: string, c: grpc.ChannelCredentials) => grpc.Client } } } }).grpc.health.v1
    .Health;
  const client = new Health(`127.0.0.1:${port}`, grpc.credentials.createInsecure()) as grpc.Client & {
    check(req: object, cb: (err: grpc.ServiceError | null, res?: { status: string }) => void): void;
  };
  for (;;) {
    const status = await new Promise<string>((resolve) => client.check({ service: '' }, (err, res) => resolve(err ? 'DOWN' : (res?.status ?? ''))));
    if (status === 'SERVING') break;
    await sleep(5);
  }
  client.close();
}

/** Latency of `CALLS` misses in a row, ms, in call order. */
async function calls(client: ModelRouterClient, tag: string): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    const started = process.hrtime.bigint();
    await new Promise<void>((resolve, reject) =>
      client.Complete(
        { task: 'simple_qa', cache: 'CACHE_MODE_BYPASS', messages: [{ role: 'user', content: `${tag} question ${i}: what is 2 + ${i}?` }] },
        (err) => (err ? reject(err) : resolve()),
      ),
    );
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return times;
}

const at = (sorted: readonly number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
/** With 100 calls p99 is the slowest one: the first call and p90 are shown beside it. */
const fmt = (times: readonly number[]): string => {
  const sorted = [...times].sort((a, b) => a - b);
  return `first call ${(times[0] ?? NaN).toFixed(2)} ms, p50 ${at(sorted, 0.5).toFixed(2)}, p90 ${at(sorted, 0.9).toFixed(2)}, p99 ${at(sorted, 0.99).toFixed(2)} ms`;
};
const p99 = (times: readonly number[]): number =>
  at(
    [...times].sort((a, b) => a - b),
    0.99,
  );

function startRouter(port: number, warmup: boolean): ChildProcess {
  return spawn(process.execPath, [MAIN_JS], {
    env: {
      ...process.env,
      ANTHROPIC_API_KEY: '',
      REDIS_URL: '',
      GRPC_PORT: String(port),
      METRICS_PORT: '0',
      HTTP_PORT: '0',
      LOG_LEVEL: 'warn',
      WARMUP_ENABLED: String(warmup),
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

/**
 * The load generator's own first calls (grpc-js's client path, protobufjs compiling the codecs) are not the
 * router's: they are made against a router started for it, before anything is timed.
 */
async function warmClient(): Promise<void> {
  const port = await freePort();
  const router = startRouter(port, false);
  try {
    await serving(port);
    const { proto } = loadModelRouterPackage();
    const client = new proto.modelrouter.v1.ModelRouter(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    await calls(client, 'client warm-up');
    client.close();
  } finally {
    router.kill('SIGKILL');
  }
}

async function once(warmup: boolean): Promise<{ first: number[]; later: number[]; startMs: number }> {
  const port = await freePort();
  const started = Date.now();
  const router = startRouter(port, warmup);
  try {
    await serving(port);
    const startMs = Date.now() - started;
    const { proto } = loadModelRouterPackage();
    const client = new proto.modelrouter.v1.ModelRouter(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    // The client's own connection set-up is not the router's: connected first, then timed.
    await new Promise<void>((resolve, reject) => client.waitForReady(Date.now() + 5_000, (err) => (err ? reject(err) : resolve())));
    const first = await calls(client, 'first');
    await sleep(SETTLE_SECONDS * 1000);
    const later = await calls(client, 'later');
    client.close();
    return { first, later, startMs };
  } finally {
    router.kill('SIGKILL');
  }
}

async function main(): Promise<void> {
  console.log(
    `# make bench-warmup ${new Date().toISOString()}, load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  console.log(`# ${CALLS} misses one at a time from SERVING, then ${CALLS} more after ${SETTLE_SECONDS} s; ${ROUNDS} rounds, the two modes interleaved`);
  await warmClient();
  for (let round = 1; round <= ROUNDS; round++) {
    for (const warmup of [true, false]) {
      const { first, later, startMs } = await once(warmup);
      const ratio = p99(first) / p99(later);
      console.log(
        `round ${round} warmup=${warmup ? 'on ' : 'off'} start-to-SERVING ${startMs} ms | first ${CALLS}: ${fmt(first)} | after ${SETTLE_SECONDS} s: ${fmt(later)} | first/later p99 ${ratio.toFixed(2)}`,
      );
    }
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
