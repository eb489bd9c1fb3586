/**
 * `make bench-warmup`: the first calls after start-up against the calls a minute later, with and without the
 * warm-up (warmup.enabled), side by side in one run. The router is the compiled service as `make run` starts it
 * (simulator, in-process cache), a process of its own per start; calls are misses (cache bypassed), one in flight
 * through each door in turn (grpc-js, and the Anthropic SDK at the HTTP door),
 * and start the moment grpc.health.v1 says SERVING, from a load generator whose own calls are already warm.
 * A bare grpc-js echo (make bench's floor, one process for the whole run, long warm) takes its turn after the
 * doors: the minute's lull slows it too (the machine's and the load generator's share of first/later), so each
 * round prints it as a control.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { loadavg } from 'node:os';
import Anthropic from '@anthropic-ai/sdk';
import * as grpc from '@grpc/grpc-js';
import type { ModelRouterClient } from '../src/generated/modelrouter/v1/ModelRouter';
import { freePort } from '../test/fakes/freePort';
import type { EchoReady } from './echoProcess';
import { startChild } from './lib/child';
import { modelRouterClient } from './lib/clients';

const CALLS = Number(process.env['BENCH_CALLS'] ?? 100);
const SETTLE_SECONDS = Number(process.env['BENCH_SETTLE_SECONDS'] ?? 60);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 2);
const MAIN_JS = `${__dirname}/../src/main.js`;
/** Extra node flags for the routers under test (as make bench's BENCH_ROUTER_EXEC_ARGV), e.g. '--no-flush-bytecode'. */
const ROUTER_EXEC_ARGV = (process.env['BENCH_ROUTER_EXEC_ARGV'] ?? '').split(/\s+/).filter(Boolean);

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

interface Doors {
  grpc: ModelRouterClient;
  http: Anthropic;
  /** The control: a bare grpc-js echo answering the same request. */
  echo: ModelRouterClient;
}

type Door = 'grpc' | 'http' | 'echo';
type Times = Record<Door, number[]>;

/** One miss through `door`, ms. */
async function timedCall(doors: Doors, door: Door, content: string): Promise<number> {
  const started = process.hrtime.bigint();
  if (door !== 'http') {
    await new Promise<void>((resolve, reject) =>
      doors[door].Complete({ task: 'simple_qa', cache: 'CACHE_MODE_BYPASS', messages: [{ role: 'user', content }] }, (err) => (err ? reject(err) : resolve())),
    );
  } else {
    await doors.http.messages.create(
      { model: 'task:simple_qa', max_tokens: 64, messages: [{ role: 'user', content }] },
      { headers: { 'x-modelrouter-cache': 'bypass' } },
    );
  }
  return Number(process.hrtime.bigint() - started) / 1e6;
}

/**
 * Latency of `CALLS` misses in a row through each door, taking turns, `leader` first in each turn (so the call
 * after a lull, the slowest, falls to each door in alternate rounds), ms, in call order.
 */
async function calls(doors: Doors, tag: string, leader: Door): Promise<Times> {
  const times: Times = { grpc: [], http: [], echo: [] };
  const order: Door[] = leader === 'grpc' ? ['grpc', 'http', 'echo'] : ['http', 'grpc', 'echo'];
  for (let i = 0; i < CALLS; i++) {
    for (const door of order) times[door].push(await timedCall(doors, door, `${tag} question ${i}: what is 2 + ${i}?`));
  }
  return times;
}

/** Every client, connected before anything is timed: the clients' connection set-up is not the router's. */
async function connect(ports: Ports): Promise<Doors & { close(): void }> {
  const grpcClient = async (port: number): Promise<ModelRouterClient> => {
    const client = modelRouterClient(port);
    await new Promise<void>((resolve, reject) => client.waitForReady(Date.now() + 5_000, (err) => (err ? reject(err) : resolve())));
    return client;
  };
  const [router, echo] = await Promise.all([grpcClient(ports.grpc), grpcClient(ports.echo)]);
  const http = new Anthropic({ apiKey: 'bench', baseURL: `http://127.0.0.1:${ports.http}`, maxRetries: 0 });
  await http.models.list();
  return {
    grpc: router,
    http,
    echo,
    close: () => {
      router.close();
      echo.close();
    },
  };
}

/**
 * Nearest rank, as HdrHistogram (make bench's percentiles) takes it: the ceil(q·n)-th smallest. Of 100 calls p99 is
 * the second slowest; the slowest is shown beside it (and the first call, and p90).
 */
const at = (sorted: readonly number[], q: number): number => sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? NaN;
const sortedOf = (times: readonly number[]): number[] => [...times].sort((a, b) => a - b);
const fmt = (times: readonly number[]): string => {
  const sorted = sortedOf(times);
  return `first call ${(times[0] ?? NaN).toFixed(2)} ms, p50 ${at(sorted, 0.5).toFixed(2)}, p90 ${at(sorted, 0.9).toFixed(2)}, p99 ${at(sorted, 0.99).toFixed(2)}, slowest ${at(sorted, 1).toFixed(2)} ms`;
};
const ratio = (first: readonly number[], later: readonly number[], q: number): string => (at(sortedOf(first), q) / at(sortedOf(later), q)).toFixed(2);

interface Ports {
  grpc: number;
  http: number;
  echo: number;
}

function startRouter(ports: Ports, warmup: boolean): ChildProcess {
  return spawn(process.execPath, [...ROUTER_EXEC_ARGV, MAIN_JS], {
    env: {
      ...process.env,
      ANTHROPIC_API_KEY: '',
      REDIS_URL: '',
      GRPC_PORT: String(ports.grpc),
      HTTP_PORT: String(ports.http),
      METRICS_PORT: '0',
      LOG_LEVEL: 'warn',
      WARMUP_ENABLED: String(warmup),
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

/**
 * The load generator's own first calls (grpc-js's client path, protobufjs compiling the codecs, the SDK) are not
 * the router's: they are made against a router started for it, before anything is timed.
 */
async function warmClients(echo: number): Promise<void> {
  const ports = { grpc: await freePort(), http: await freePort(), echo };
  const router = startRouter(ports, false);
  try {
    await serving(ports.grpc);
    const doors = await connect(ports);
    await calls(doors, 'client warm-up', 'grpc');
    // The control is to show the lull, not a cold start: it is warm before the first round.
    for (let i = 0; i < 20 * CALLS; i++) await timedCall(doors, 'echo', `echo warm-up ${i}`);
    doors.close();
  } finally {
    router.kill('SIGKILL');
  }
}

async function once(warmup: boolean, leader: Door, echo: number): Promise<{ first: Times; later: Times; startMs: number }> {
  const ports = { grpc: await freePort(), http: await freePort(), echo };
  const started = Date.now();
  const router = startRouter(ports, warmup);
  try {
    await serving(ports.grpc);
    const startMs = Date.now() - started;
    const doors = await connect(ports);
    const first = await calls(doors, 'first', leader);
    await sleep(SETTLE_SECONDS * 1000);
    const later = await calls(doors, 'later', leader);
    doors.close();
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
  console.log(
    `# ${CALLS} misses one at a time through each door (gRPC and HTTP taking turns, gRPC first in odd rounds, then a warm bare grpc-js echo as a control) from SERVING, then ${CALLS} more after ${SETTLE_SECONDS} s; ${ROUNDS} rounds, the two modes interleaved`,
  );
  const echo = await startChild<EchoReady>('echo', `${__dirname}/echoProcess.js`);
  try {
    await warmClients(echo.ready.port);
    for (let round = 1; round <= ROUNDS; round++) {
      for (const warmup of [true, false]) {
        const { first, later, startMs } = await once(warmup, round % 2 === 1 ? 'grpc' : 'http', echo.ready.port);
        for (const door of ['grpc', 'http', 'echo'] as const satisfies readonly Door[]) {
          const what = door === 'echo' ? 'echo (control, warm)' : `${door.padEnd(4)} start-to-SERVING ${startMs} ms`;
          console.log(
            `round ${round} warmup=${warmup ? 'on ' : 'off'} ${what} | first ${CALLS}: ${fmt(first[door])} | after ${SETTLE_SECONDS} s: ${fmt(later[door])} | first/later p99 ${ratio(first[door], later[door], 0.99)}, slowest ${ratio(first[door], later[door], 1)}`,
          );
        }
      }
    }
  } finally {
    await echo.stop();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
