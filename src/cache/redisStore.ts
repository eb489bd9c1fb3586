import { randomUUID } from 'node:crypto';
import type { Logger } from '../observability/logger';
import { buildRedisClient, closeRedisClient, endpointFields, errorMessage, type RedisClient, type RedisEndpoint } from '../redis/redisClient';
import { FillWatchers } from './fillWatchers';
import { CacheStore, CacheStoreStats, emptyStats, valueBytes } from './cacheStore';

export interface RedisStoreOptions extends RedisEndpoint {
  /** Values whose UTF-8 byte length exceeds this are not stored (skippedTooLarge). */
  maxEntryBytes: number;
  /** Prefix for lock keys (after keyPrefix). Default "lock:". */
  lockPrefix?: string;
}

/** CacheStore narrowed to kind 'redis'. */
export interface RedisStore extends CacheStore {
  readonly kind: 'redis';
}

export { reconnectDelayMs } from '../redis/redisClient';

// Deletes the lock only if it still holds our token (it may have expired and been taken by another replica).
const UNLOCK_SCRIPT = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";
// Keeps the lock alive while its fill runs, only if it is still ours.
const EXTEND_SCRIPT = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end";
/** Where fills are announced (a channel is not prefixed by ioredis: the key prefix is added by hand). */
const FILLS_CHANNEL = 'mr:cache:fills';

/**
 * Shared cache store on Redis (standalone URL, Cluster or Sentinel). Fail-open by construction:
 * - no offline queue: while disconnected every command fails at once instead of waiting for a reconnect;
 * - commandTimeout: a slow or hung server costs at most commandTimeoutMs per command;
 * - maxRetriesPerRequest 0 and no resend: a command in flight when the connection drops fails, it is not replayed;
 * - reconnects forever with capped, jittered exponential backoff, so hits resume without a restart;
 * - availability changes are logged once per transition (warn on down, info on up), never per request.
 */
export function createRedisStore(options: RedisStoreOptions, logger: Logger): RedisStore {
  const log = logger.child({ component: 'cache.redis', ...endpointFields(options) });
  const lockPrefix = options.lockPrefix ?? 'lock:';
  const counters: CacheStoreStats = emptyStats();
  const lockTokens = new Map<string, string>();
  const client = buildRedisClient(options);

  // Availability as logged: 'unknown' until the first connect or failure, then transitions only.
  let availability: 'unknown' | 'up' | 'down' = 'unknown';
  let lastError: string | undefined;
  let closing = false;

  const markDown = (reason: string): void => {
    if (closing || availability === 'down') return;
    const first = availability === 'unknown';
    availability = 'down';
    log.warn(first ? 'redis cache unavailable at startup; serving without it' : 'redis cache down; serving without it', {
      reason,
    });
  };
  let everUp = false;
  const markUp = (): void => {
    if (closing || availability === 'up') return;
    availability = 'up';
    lastError = undefined;
    log.info(everUp ? 'redis cache recovered' : 'redis cache connected', { event: 'cache_redis_up' });
    everUp = true;
  };

  // Without an 'error' listener ioredis prints "[ioredis] Unhandled error event" on every failed attempt.
  // Errors are only remembered as the reason for the next transition: a failed attempt (refused, timed out)
  // is always followed by 'close', which is where the transition is decided.
  client.on('error', (err: unknown) => {
    lastError = errorMessage(err);
  });
  client.on('ready', markUp);
  client.on('close', () => markDown(lastError ?? 'connection closed'));
  client.on('end', () => markDown(lastError ?? 'connection ended'));

  const channel = (options.keyPrefix ?? '') + FILLS_CHANNEL;
  const watchers = new FillWatchers(() => closing || client.status !== 'ready');
  client.on('close', () => watchers.down());
  // Subscribed from the start: a first waiter would otherwise miss a notice sent while SUBSCRIBE was on its way.
  const subscriber: RedisClient = buildRedisClient(options, true);
  subscriber.on('error', () => undefined);
  const fillListeners: ((key: string) => void)[] = [];
  subscriber.on('message', (_channel: string, key: string) => {
    watchers.ended(key);
    for (const listener of fillListeners) listener(key);
  });
  subscriber.subscribe(channel).catch((err: unknown) => log.warn('cache fill notices unavailable', { reason: errorMessage(err) }));

  const failed = (): void => {
    counters.errors++;
  };

  return {
    kind: 'redis',

    async get(key) {
      if (closing) {
        counters.misses++;
        return null;
      }
      try {
        const value = await client.get(key);
        if (value === null) counters.misses++;
        else counters.hits++;
        return value;
      } catch {
        failed();
        counters.misses++;
        return null;
      }
    },

    set(key, value, ttlSeconds) {
      if (closing || !(ttlSeconds > 0) || !Number.isFinite(ttlSeconds)) return;
      if (valueBytes(value) > options.maxEntryBytes) {
        counters.skippedTooLarge++;
        return;
      }
      try {
        client.set(key, value, 'EX', Math.ceil(ttlSeconds)).then(() => {
          counters.sets++;
        }, failed);
      } catch {
        failed();
      }
    },

    async tryLock(key, ttlMs) {
      if (closing) return 'unavailable';
      const token = randomUUID();
      try {
        const reply = await client.set(lockPrefix + key, token, 'PX', Math.max(1, Math.ceil(ttlMs)), 'NX');
        if (reply !== 'OK') return 'held';
        lockTokens.set(key, token);
        return 'acquired';
      } catch {
        failed();
        return 'unavailable';
      }
    },

    async tryLockUnlessFilled(key, ttlMs) {
      if (closing) return { lock: 'unavailable', entry: null };
      // Both commands leave before either answer comes back: on one connection Redis runs them in that order, so an
      // entry whose fill let go of the lock before this SET took it is seen by this GET.
      const [lock, entry] = await Promise.all([
        this.tryLock(key, ttlMs),
        client.get(key).then(
          (value) => value,
          () => null,
        ),
      ]);
      if (entry !== null) counters.hits++;
      return { lock, entry };
    },

    unlock(key) {
      const token = lockTokens.get(key);
      if (token === undefined) return;
      lockTokens.delete(key);
      if (closing) return;
      try {
        client.eval(UNLOCK_SCRIPT, 1, lockPrefix + key, token).then(undefined, failed);
      } catch {
        failed();
      }
    },

    extendLock(key, ttlMs) {
      const token = lockTokens.get(key);
      if (token === undefined || closing) return;
      try {
        client.eval(EXTEND_SCRIPT, 1, lockPrefix + key, token, Math.max(1, Math.ceil(ttlMs))).then(undefined, failed);
      } catch {
        failed();
      }
    },

    fillEnded(key) {
      if (closing) return;
      try {
        client.publish(channel, key).then(undefined, failed);
      } catch {
        failed();
      }
    },

    onFillEnded: (listener) => fillListeners.push(listener),

    watchFill: (key) => watchers.watch(key),

    stats: () => ({ ...counters }),

    state: () => (!closing && client.status === 'ready' ? 'up' : 'down'),

    async close() {
      if (closing) return;
      closing = true;
      lockTokens.clear();
      watchers.down();
      await Promise.all([closeRedisClient(client), closeRedisClient(subscriber)]);
    },
  };
}
