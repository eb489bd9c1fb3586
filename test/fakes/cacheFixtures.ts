import Redis from 'ioredis';
import type { CompleteChunk__Output } from '../../src/generated/modelrouter/v1/CompleteChunk';
import type { CompleteRequest } from '../../src/generated/modelrouter/v1/CompleteRequest';
import type { CompleteResponse__Output } from '../../src/generated/modelrouter/v1/CompleteResponse';
import type { Message } from '../../src/generated/modelrouter/v1/Message';
import type { RouterConfig } from '../../src/config/schema';
import type { FakeAnthropic } from '../../src/simulator';
import { startRedisServer, type RedisServerHandle } from './redisServer';
import { ask, startHarness, type Harness } from './routerHarness';
import { waitFor } from './waiting';

// Router-level tests of the response cache (issue 4). Redis is a real redis-server per describe on a private port
// (never the shared 6379). Bounds are generous and waits are polls: this runs on a noisy 2-core box.

export const HAIKU = 'claude-haiku-4-5-20251001'; // simple_qa primary
export const HAIKU3 = 'claude-3-haiku-20240307'; // used only as an explicit model (errors test), so its breaker stays clean
export const OPUS45 = 'claude-opus-4-5-20251101'; // complex_reasoning primary; only the TTL and thinking tests use it
export const OPUS41 = 'claude-opus-4-1-20250805'; // complex_reasoning first fallback

export const KILLED_BOUND_MS = 1_000; // Redis gone: a request must not be slowed by it (fails fast, no offline queue)
export const HUNG_BOUND_MS = 500; // Redis hung: command_timeout_ms is 50; nothing should wait much past it
export const RECOVERY_WAIT_MS = 8_000; // reconnect backoff is capped at 2 s (+25% jitter)
// The tests of cache behaviour (not of Redis failures) give Redis commands this long instead of the shipped 50 ms:
// on a loaded 2-core box a healthy Redis can take longer than 50 ms to answer, and a timed-out read is a miss.
export const GENEROUS_COMMAND_TIMEOUT_MS = 1_000;

let seq = 0;
/** A prompt no other test uses, so entries never leak between tests that share a Redis. */
export const uniq = (what: string): string => `${what} [${++seq}]`;

/** A deterministic (temperature 0) simple_qa request: cached by default. */
export const det = (content: string, extra: Partial<CompleteRequest> = {}): CompleteRequest => ask(content, { task: 'simple_qa', temperature: 0, ...extra });

export const conversation = (messages: Message[], extra: Partial<CompleteRequest> = {}): CompleteRequest => ({
  task: 'simple_qa',
  temperature: 0,
  messages,
  ...extra,
});

// ---- resources, closed in afterAll of the describe that made them ----

export const harnesses: Harness[] = [];
export const servers: RedisServerHandle[] = [];
export const rawClients: Redis[] = [];

export async function closeAll(): Promise<void> {
  // Harnesses that borrowed a fake close before the one that owns it (reverse creation order).
  for (const h of harnesses.splice(0).reverse()) await h.close();
  await Promise.all(rawClients.splice(0).map((c) => c.quit().catch(() => c.disconnect())));
  await Promise.all(servers.splice(0).map((s) => s.stop()));
}

export async function newRedis(): Promise<RedisServerHandle> {
  const server = await startRedisServer();
  servers.push(server);
  return server;
}

export async function track(h: Promise<Harness>): Promise<Harness> {
  const harness = await h;
  harnesses.push(harness);
  return harness;
}

export interface RedisRouterOptions {
  config?: (c: RouterConfig) => void;
  fake?: FakeAnthropic;
  /** Keep config/router.yaml's command_timeout_ms (50) instead of GENEROUS_COMMAND_TIMEOUT_MS. */
  shippedTimeouts?: boolean;
}

/** A router whose cache store is Redis at url (picked by createCacheStore from the config), connected. */
export async function redisRouter(url: string, options: RedisRouterOptions = {}): Promise<Harness> {
  const h = await track(
    startHarness({
      ...(options.fake ? { fake: options.fake } : {}),
      config: (c) => {
        c.cache.redis.url = url;
        if (!options.shippedTimeouts) c.cache.redis.command_timeout_ms = GENEROUS_COMMAND_TIMEOUT_MS;
        options.config?.(c);
      },
    }),
  );
  expect(h.app.cacheStore?.kind).toBe('redis');
  await waitFor('the router’s redis store to connect', () => h.app.cacheStore?.state() === 'up', 5_000, 10);
  return h;
}

export function rawClient(url: string): Redis {
  const client = new Redis(url, { maxRetriesPerRequest: 1 });
  rawClients.push(client);
  return client;
}

export async function cacheKeys(raw: Redis): Promise<string[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await raw.scan(cursor, 'MATCH', 'mr:v2:*', 'COUNT', 1000);
    keys.push(...batch);
    cursor = next;
  } while (cursor !== '0');
  return keys;
}

/** The one cache key that appeared since `before` (writes are fire-and-forget, so poll). */
export async function newKey(raw: Redis, before: ReadonlySet<string>): Promise<string> {
  let added: string[] = [];
  await waitFor(
    'a new mr:v2:* key in redis',
    async () => {
      added = (await cacheKeys(raw)).filter((k) => !before.has(k));
      return added.length > 0;
    },
    3_000,
  );
  expect(added).toHaveLength(1);
  return added[0] as string;
}

export const doneOf = (chunks: CompleteChunk__Output[]): CompleteResponse__Output => {
  const last = chunks[chunks.length - 1];
  expect(last?.event).toBe('done');
  return last?.done as CompleteResponse__Output;
};
export const deltas = (chunks: CompleteChunk__Output[], kind: 'text_delta' | 'thinking_delta'): string[] =>
  chunks.filter((c) => c.event === kind).map((c) => c[kind] as string);

// =====================================================================================================
