import type { RouterConfig } from '../config/schema';
import type { Logger } from '../observability/logger';
import type { CacheStore } from './cacheStore';
import { createMemoryStore } from './memoryStore';
import { redisEndpoint } from '../redis/endpoint';
import { createRedisStore } from './redisStore';

/** Redis when REDIS_URL (or a cluster or sentinel) is configured; otherwise a bounded in-process LRU. */
export function createCacheStore(config: RouterConfig['cache'], logger: Logger): CacheStore {
  const endpoint = redisEndpoint(config.redis);
  if (endpoint) return createRedisStore({ ...endpoint, maxEntryBytes: config.max_entry_bytes }, logger.child({ component: 'cache' }));
  return createMemoryStore({
    maxEntries: config.memory.max_entries,
    maxBytes: config.memory.max_bytes,
    maxEntryBytes: config.max_entry_bytes,
  });
}
