/**
 * The small async key/value store behind the response cache. Two implementations:
 * `createMemoryStore` (per-process bounded LRU) and `createRedisStore` (shared across replicas).
 *
 * Contract shared by both: the request path never waits on, and never fails because of, the store.
 * Reads fail open (a broken store looks like a miss), writes are fire-and-forget.
 *
 * Sizes: every store measures a value as its UTF-8 byte length (`Buffer.byteLength(value, 'utf8')`),
 * i.e. what would be sent to Redis, so one `maxEntryBytes` setting means the same thing for both.
 */
export interface CacheStoreStats {
  /** get() calls that returned a value. */
  hits: number;
  /** get() calls that resolved null — genuine misses AND failed/timed-out reads (fail-open counts as a miss). */
  misses: number;
  /** Store commands (get/set/lock/unlock) that failed or timed out. Always 0 for the memory store. */
  errors: number;
  /** set() calls accepted for storage (for redis: SETs that the server acknowledged). */
  sets: number;
  /** set() calls skipped because the value exceeded maxEntryBytes. */
  skippedTooLarge: number;
}

export type LockResult = 'acquired' | 'held' | 'unavailable';

/** A wait for another replica's fill of one key to end: `ended` (an entry landed, or the lock was let go). */
export interface FillWatch {
  /** The next end of a fill (or one since the last call), `timeout` at `until`, `down` when the store cannot tell. */
  next(until: number, signal: AbortSignal): Promise<'ended' | 'timeout' | 'down'>;
  close(): void;
}

export interface CacheStore {
  readonly kind: 'memory' | 'redis';
  /** Never rejects: resolves null on a miss AND on any store failure or timeout (fail-open). */
  get(key: string): Promise<string | null>;
  /**
   * Fire-and-forget: never throws, never needs awaiting on the request path; failures are counted/logged by
   * the store. A non-positive or non-finite ttlSeconds stores nothing. Redis rounds ttlSeconds up to whole seconds.
   */
  set(key: string, value: string, ttlSeconds: number): void;
  /**
   * Cross-replica fill lock (SET key NX PX): 'acquired' when this caller now holds it, 'held' when someone else
   * does, 'unavailable' when the store could not say (down, timed out). Never rejects.
   */
  tryLock(key: string, ttlMs: number): Promise<LockResult>;
  /**
   * Shared stores: tryLock and a read of the entry sent together (one round trip, not atomic). When the lock is
   * acquired and the entry is there, another replica's fill landed after this caller's own read missed: the caller
   * serves it instead of calling upstream again. An entry found counts as a hit, none as nothing.
   */
  tryLockUnlessFilled?(key: string, ttlMs: number): Promise<{ lock: LockResult; entry: string | null }>;
  /** Release a lock this caller holds (only if still ours: token-guarded). Fire-and-forget, never throws. */
  unlock(key: string): void;
  /** Shared stores: keeps a lock this caller holds from expiring while its fill runs. Fire-and-forget. */
  extendLock?(key: string, ttlMs: number): void;
  /**
   * Shared stores: tells every replica waiting on `key` that its fill ended. Sent after this caller's own set and
   * unlock of the key on the same connection, so a replica told can read the entry (on a Redis Cluster the entry,
   * the lock and the notice may travel on different nodes' connections: a waiter may then find no entry yet, and
   * goes upstream itself, as it would without the cache).
   */
  fillEnded?(key: string): void;
  /** Shared stores: `listener` hears every fillEnded(key), from any replica (this one included). */
  onFillEnded?(listener: (key: string) => void): void;
  /** Shared stores: hears fillEnded(key) from any replica. */
  watchFill?(key: string): FillWatch;
  /** Counters for metrics/tests (a snapshot copy). */
  stats(): CacheStoreStats;
  /** 'up' | 'down' — for redis, whether the connection is ready. The memory store is always 'up' until closed. */
  state(): 'up' | 'down';
  /** Releases resources. Never hangs (redis: QUIT, then a hard disconnect after a short grace period). */
  close(): Promise<void>;
}

/** UTF-8 byte length — the single size measure used by all stores (see file comment). */
export function valueBytes(value: string): number {
  return Buffer.byteLength(value, 'utf8');
}

export function emptyStats(): CacheStoreStats {
  return { hits: 0, misses: 0, errors: 0, sets: 0, skippedTooLarge: 0 };
}
