import { createRedisStore, type RedisStore } from '../../src/cache/redisStore';
import { ResponseCache, type ResponseCacheSettings } from '../../src/cache/responseCache';
import type { Message } from '../../src/domain/messages';
import { createLogger } from '../../src/observability/logger';
import { startRedisServer, type RedisServerHandle } from './redisServer';
import { waitFor } from './waiting';

const silent = createLogger('silent');

export interface Replica {
  cache: ResponseCache;
  store: RedisStore;
}

/**
 * One redis-server for the calling test file (started before it, stopped after it) and replicas on it: each a
 * response cache on its own connection, closed after each test.
 */
export function sharedRedisReplicas(): (settings?: Partial<ResponseCacheSettings>) => Promise<Replica> {
  let redis: RedisServerHandle | undefined;
  const stores: RedisStore[] = [];
  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((s) => s.close()));
  });
  afterAll(async () => redis?.stop());
  return async (settings = {}) => {
    if (!redis) throw new Error('redis-server not started');
    const store = createRedisStore({ url: redis.url, commandTimeoutMs: 500, connectTimeoutMs: 2_000, maxEntryBytes: 1 << 20 }, silent);
    stores.push(store);
    await waitFor('redis', () => store.state() === 'up', 5_000);
    const defaults: ResponseCacheSettings = { ttlSeconds: 60, fallbackTtlSeconds: 60, deterministicOnly: true, lockTtlMs: 5_000, lockWaitMs: undefined };
    return { cache: new ResponseCache(store, { ...defaults, ...settings }), store };
  };
}

/** A one-text-block answer, as a cache entry holds it. */
export function answer(text: string): Message {
  return {
    id: 'm',
    type: 'message',
    role: 'assistant',
    model: 'x',
    content: [{ type: 'text', text }],
    stop_reason: 'end_turn',
    stop_sequence: null,
    usage: { input_tokens: 1, output_tokens: 1, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 },
  };
}
