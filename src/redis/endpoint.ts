import type { RedisConfig } from '../config/schema';
import type { RedisEndpoint } from './redisClient';

/** cache.redis as a connection: REDIS_URL, a cluster or a sentinel; undefined when none is configured. */
export function redisEndpoint(redis: RedisConfig): RedisEndpoint | undefined {
  if (!redis.url && !redis.cluster && !redis.sentinel) return undefined;
  const sentinel = redis.sentinel && {
    name: redis.sentinel.name,
    sentinels: redis.sentinel.sentinels,
    ...(redis.sentinel.password !== undefined ? { password: redis.sentinel.password } : {}),
  };
  return {
    ...(redis.url ? { url: redis.url } : {}),
    ...(redis.cluster ? { cluster: redis.cluster } : {}),
    ...(sentinel ? { sentinel } : {}),
    commandTimeoutMs: redis.command_timeout_ms,
    connectTimeoutMs: redis.connect_timeout_ms,
  };
}
