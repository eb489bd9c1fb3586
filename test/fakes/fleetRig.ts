import * as grpc from '@grpc/grpc-js';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import type { CompleteRequest } from '../../src/generated/modelrouter/v1/CompleteRequest';
import type { CompleteResponse__Output } from '../../src/generated/modelrouter/v1/CompleteResponse';
import type { ModelRouterClient } from '../../src/generated/modelrouter/v1/ModelRouter';
import { FakeAnthropic } from '../../src/simulator';
import { freePort } from './freePort';
import { startRedisServer, type RedisServerHandle } from './redisServer';
import { CONFIG_PATH, createClient, TEST_API_KEY } from './routerHarness';
import { spawnRouter, type SpawnedRouter } from './spawnRouter';

export interface Replica {
  port: number;
  /** The Anthropic-compatible HTTP door, known once the replica has started. */
  httpPort: number;
  process: SpawnedRouter;
  client: ModelRouterClient;
}

export interface FleetRig {
  redis: RedisServerHandle;
  fake: FakeAnthropic;
  replicas: Replica[];
  close(): Promise<void>;
}

export interface FleetRigOptions {
  replicas?: number;
  /** Changes to config/router.yaml as parsed (raw YAML, before the service's own defaults). */
  config?: (raw: Record<string, unknown>) => void;
  env?: NodeJS.ProcessEnv;
}

/**
 * A real redis-server, one fake upstream, and N router processes (the compiled service) sharing both: what a
 * deployment with several replicas looks like, on loopback.
 */
export async function startFleet(options: FleetRigOptions = {}): Promise<FleetRig> {
  const dir = mkdtempSync(join(tmpdir(), 'mr-fleet-'));
  const raw = parse(readFileSync(CONFIG_PATH, 'utf8')) as Record<string, unknown>;
  options.config?.(raw);
  const configPath = join(dir, 'router.yaml');
  writeFileSync(configPath, stringify(raw));
  const [redis, fake] = await Promise.all([startRedisServer(), FakeAnthropic.start({ apiKey: TEST_API_KEY, serveRetiredModels: true })]);
  const replicas: Replica[] = [];
  try {
    for (let i = 0; i < (options.replicas ?? 3); i++) {
      const port = await freePort();
      const child = spawnRouter({
        ROUTER_CONFIG: configPath,
        GRPC_PORT: String(port),
        ANTHROPIC_API_KEY: TEST_API_KEY,
        ANTHROPIC_BASE_URL: fake.url,
        REDIS_URL: redis.url,
        WARMUP_ENABLED: 'false',
        ROUTING_INFER_TASK: 'false',
        // The config's catalog: the fake's own lineup calls some of its chain's models retired.
        CATALOG_LIVE: 'false',
        LOG_LEVEL: 'info',
        ...options.env,
      });
      replicas.push({ port, httpPort: 0, process: child, client: createClient(port) });
    }
    await Promise.all(
      replicas.map(async (r) => {
        r.httpPort = Number((await r.process.waitForEvent('started', 20_000))['http_port']);
        // A replica whose Redis connection is not up yet decides alone (fail open): the tests start from a fleet.
        await r.process.waitForEvent('fleet_redis_up', 10_000);
        if (options.env?.['CACHE_ENABLED'] !== 'false') await r.process.waitForEvent('cache_redis_up', 10_000);
      }),
    );
  } catch (err) {
    await stop(replicas, redis, fake, dir);
    throw err;
  }
  return { redis, fake, replicas, close: () => stop(replicas, redis, fake, dir) };
}

async function stop(replicas: Replica[], redis: RedisServerHandle, fake: FakeAnthropic, dir: string): Promise<void> {
  for (const r of replicas) r.client.close();
  await Promise.all(
    replicas.map(async (r) => {
      if (r.process.child.exitCode === null) {
        r.process.child.kill('SIGKILL');
        await r.process.exited;
      }
    }),
  );
  await Promise.all([redis.stop(), fake.close()]);
  rmSync(dir, { recursive: true, force: true });
}

export interface Outcome {
  response?: CompleteResponse__Output;
  error?: grpc.ServiceError;
  ms: number;
}

/** One Complete call on a replica: its answer or its error, and how long it took; never rejects. */
export function completeOn(replica: Replica, request: CompleteRequest, deadlineMs = 15_000): Promise<Outcome> {
  const started = Date.now();
  return new Promise((resolve) => {
    replica.client.Complete(request, new grpc.Metadata(), { deadline: Date.now() + deadlineMs }, (err, res) =>
      resolve(err ? { error: err, ms: Date.now() - started } : res ? { response: res, ms: Date.now() - started } : { ms: Date.now() - started }),
    );
  });
}

/** A trailing metadata value of a failed call. */
export function trailer(outcome: Outcome, key: string): string | undefined {
  const value = outcome.error?.metadata.get(key)[0];
  return value === undefined ? undefined : String(value);
}

/** `count` calls spread over the replicas in turn, `concurrency` at a time. */
export async function spread(replicas: readonly Replica[], count: number, concurrency: number, request: (i: number) => CompleteRequest): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < count; i = next++) {
        const replica = replicas[i % replicas.length];
        if (replica) outcomes.push(await completeOn(replica, request(i)));
      }
    }),
  );
  return outcomes;
}

/** How many of the calls were answered. */
export const answered = (outcomes: readonly Outcome[]): number => outcomes.filter((o) => o.response).length;
