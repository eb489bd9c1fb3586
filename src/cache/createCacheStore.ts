import type { RouterConfig } from '../config/schema';
import type { Logger } from '../observability/logger';
import type { CacheStore } from './cacheStore';
import { createMemoryStore } from './memoryStore';
import { createRedisStore, type RedisStoreOptions } from './redisStore';

/** Redis when REDIS_URL (or a cluster or sentinel) is configured; otherwise a bounded in-process LRU. */
export function createCacheStore(config: RouterConfig['cache'], logger: Logger): CacheStore {
  const { redis } = config;
  if (redis.url || redis.cluster || redis.sentinel) {
    return createRedisStore(
      {
        ...(redis.url ? { url: redis.url } : {}),
        ...(redis.cluster ? { cluster: redis.cluster } : {}),
        ...(redis.sentinel ? { sentinel: sentinelOptions(redis.sentinel) } : {}),
        commandTimeoutMs: redis.command_timeout_ms,
        connectTimeoutMs: redis.connect_timeout_ms,
        maxEntryBytes: config.max_entry_bytes,
      },
      logger.child({ component: 'cache' }),
    );
  }
  return createMemoryStore({
    maxEntries: config.memory.max_entries,
    maxBytes: config.memory.max_bytes,
    maxEntryBytes: config.max_entry_bytes,
  });
}

function sentinelOptions(sentinel: NonNullable<RouterConfig['cache']['redis']['sentinel']>): RedisStoreOptions['sentinel'] & object {
  const { name, sentinels, password } = sentinel;
  return password === undefined ? { name, sentinels } : { name, sentinels, password };
}
