import { randomUUID } from 'node:crypto';
import Redis, { Cluster, type ClusterOptions, type RedisOptions } from 'ioredis';
import type { Logger } from '../observability/logger';
import { CacheStore, CacheStoreStats, emptyStats, valueBytes } from './cacheStore';

export interface RedisStoreOptions {
  /** redis://[user:pass@]host:port/db, rediss:// for TLS. Ignored when cluster or sentinel is given. */
  url?: string;
  /** "host:port" list -> Redis.Cluster. */
  cluster?: { nodes: string[] };
  /** Sentinel-managed master. password is the master's (data node) password. */
  sentinel?: { sentinels: { host: string; port: number }[]; name: string; password?: string };
  /** Prepended by ioredis to every key (cache keys and lock keys). Optional; callers may build full keys. */
  keyPrefix?: string;
  /** Per-command deadline; a command without a reply by then fails (and the read counts as a miss). */
  commandTimeoutMs: number;
  /** TCP connect deadline per connection attempt. */
  connectTimeoutMs: number;
  /** Values whose UTF-8 byte length exceeds this are not stored (skippedTooLarge). */
  maxEntryBytes: number;
  /** Prefix for lock keys (after keyPrefix). Default "lock:". */
  lockPrefix?: string;
  /**
   * A connection with commands outstanding that receives no data for this long is torn down and
   * re-established (a hung server, e.g. SIGSTOP or a black-holed network). While it is down, commands fail
   * immediately instead of each waiting commandTimeoutMs. Default max(1000, 20 * commandTimeoutMs).
   */
  socketTimeoutMs?: number;
}

/** CacheStore narrowed to kind 'redis'. */
export interface RedisStore extends CacheStore {
  readonly kind: 'redis';
}

const RETRY_BASE_MS = 50;
const RETRY_CAP_MS = 2000;
const CLOSE_GRACE_MS = 500;

/**
 * Reconnect delay for attempt n (1-based): min(50 * 2^(n-1), 2000) ms with ±25% jitter. Always returns a
 * number, so ioredis reconnects forever and hits resume by themselves once Redis is back.
 */
export function reconnectDelayMs(attempt: number, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(attempt - 1, 0), 16);
  const base = Math.min(RETRY_BASE_MS * 2 ** exponent, RETRY_CAP_MS);
  return Math.round(base * (0.75 + random() * 0.5));
}

// Deletes the lock only if it still holds our token (it may have expired and been taken by another replica).
const UNLOCK_SCRIPT = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

type Client = Redis | Cluster;

function parseNode(node: string): { host: string; port: number } {
  const idx = node.lastIndexOf(':');
  if (idx <= 0) return { host: node, port: 6379 };
  const port = Number(node.slice(idx + 1));
  if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new Error(`invalid redis cluster node "${node}"`);
  return { host: node.slice(0, idx), port };
}

function buildClient(options: RedisStoreOptions): Client {
  const socketTimeout = options.socketTimeoutMs ?? Math.max(1000, 20 * options.commandTimeoutMs);
  // Options every connection gets. The point of this module: never queue or retry commands while
  // Redis is unreachable, bound every command, and reconnect forever in the background.
  const perConnection = {
    commandTimeout: options.commandTimeoutMs,
    connectTimeout: options.connectTimeoutMs,
    socketTimeout,
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    lazyConnect: false,
  } satisfies RedisOptions;
  // Commands are prefixed where they are built (the Cluster or the Redis instance), so set it once, at that level.
  const prefix = options.keyPrefix !== undefined ? { keyPrefix: options.keyPrefix } : {};

  if (options.cluster) {
    const clusterOptions = {
      enableOfflineQueue: false,
      enableAutoPipelining: true,
      lazyConnect: false,
      clusterRetryStrategy: (times: number) => reconnectDelayMs(times),
      redisOptions: perConnection,
      ...prefix,
    } satisfies ClusterOptions;
    return new Cluster(options.cluster.nodes.map(parseNode), clusterOptions);
  }

  const common = {
    ...perConnection,
    ...prefix,
    enableOfflineQueue: false,
    enableAutoPipelining: true,
    retryStrategy: (times: number) => reconnectDelayMs(times),
  } satisfies RedisOptions;
  if (options.sentinel) {
    return new Redis({
      ...common,
      sentinels: options.sentinel.sentinels,
      name: options.sentinel.name,
      ...(options.sentinel.password !== undefined ? { password: options.sentinel.password } : {}),
      sentinelRetryStrategy: (times) => reconnectDelayMs(times),
    });
  }
  if (options.url !== undefined) return new Redis(options.url, common);
  return new Redis(common);
}

function endpointFields(options: RedisStoreOptions): Record<string, unknown> {
  if (options.cluster) return { mode: 'cluster', nodes: options.cluster.nodes };
  if (options.sentinel) return { mode: 'sentinel', name: options.sentinel.name };
  if (options.url !== undefined) {
    try {
      const u = new URL(options.url);
      return { mode: 'standalone', endpoint: `${u.protocol}//${u.host}${u.pathname}` }; // no credentials
    } catch {
      return { mode: 'standalone' };
    }
  }
  return { mode: 'standalone', endpoint: 'redis://127.0.0.1:6379' };
}

/** Resolves when p settles or after ms, whichever is first; never rejects, leaves no timer behind. */
function withTimeout(p: Promise<unknown>, ms: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    const done = (): void => {
      clearTimeout(timer);
      resolve();
    };
    p.then(done, done);
  });
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

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
  const client = buildClient(options);

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
    log.info(everUp ? 'redis cache recovered' : 'redis cache connected');
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

    stats: () => ({ ...counters }),

    state: () => (!closing && client.status === 'ready' ? 'up' : 'down'),

    async close() {
      if (closing) return;
      closing = true;
      lockTokens.clear();
      const ended = (): Promise<void> => withTimeout(new Promise<void>((resolve) => client.once('end', () => resolve())), CLOSE_GRACE_MS);
      if (client.status === 'ready') {
        // QUIT lets replies to commands already sent arrive; a hung server would make it wait forever.
        await withTimeout(
          client.quit().then(undefined, () => undefined),
          CLOSE_GRACE_MS,
        );
      }
      if (client.status === 'end') return;
      if (client instanceof Redis) {
        const stream = client.stream as Redis['stream'] | undefined;
        // With no live socket (e.g. between reconnect attempts) disconnect() just cancels the retry; no 'end' follows.
        const wait = stream !== undefined && !stream.destroyed ? ended() : Promise.resolve();
        client.disconnect();
        // disconnect() only half-closes the socket; a hung server never answers the FIN and the socket would
        // keep the process alive.
        stream?.destroy();
        await wait;
      } else {
        const wait = ended();
        client.disconnect();
        await wait;
      }
    },
  };
}
