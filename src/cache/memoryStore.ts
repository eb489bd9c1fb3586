import { CacheStore, CacheStoreStats, emptyStats, valueBytes } from './cacheStore';

export interface MemoryStoreOptions {
  /** Most entries kept; the least recently used are evicted beyond this. */
  maxEntries: number;
  /** Most bytes kept, counted as UTF-8 bytes of key + value per entry; LRU eviction beyond this. */
  maxBytes: number;
  /** Values whose UTF-8 byte length exceeds this are not stored (counted in skippedTooLarge). */
  maxEntryBytes: number;
  /** Clock in ms (injectable for tests). Defaults to Date.now. */
  now?: () => number;
}

/** CacheStore plus a size gauge (for metrics and tests). */
export interface MemoryStore extends CacheStore {
  readonly kind: 'memory';
  /** Current entry count and bytes (UTF-8 key + value), including expired entries not yet removed. */
  size(): { entries: number; bytes: number };
}

interface Entry {
  value: string;
  expiresAt: number;
  bytes: number;
}

/**
 * Per-process bounded LRU with per-entry TTL. Recency is the Map's insertion order: a hit re-inserts the
 * entry at the end, eviction takes from the front. Expired entries are removed when touched (a get or an
 * eviction pass), so they count towards the bounds until then — the bounds are still hard limits.
 *
 * Locks are in-process only (a Map of key -> expiry); they exist so that code written against CacheStore
 * behaves the same with either store. unlock(key) releases whoever holds the key in this process.
 */
export function createMemoryStore(options: MemoryStoreOptions): MemoryStore {
  const { maxEntries, maxBytes, maxEntryBytes } = options;
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();
  const locks = new Map<string, number>();
  const counters: CacheStoreStats = emptyStats();
  let totalBytes = 0;
  let closed = false;

  const remove = (key: string, entry: Entry): void => {
    entries.delete(key);
    totalBytes -= entry.bytes;
  };

  const evict = (): void => {
    while (entries.size > maxEntries || totalBytes > maxBytes) {
      const oldest = entries.entries().next();
      if (oldest.done) return;
      const [key, entry] = oldest.value;
      remove(key, entry);
    }
  };

  return {
    kind: 'memory',

    get(key) {
      const entry = entries.get(key);
      if (entry === undefined) {
        counters.misses++;
        return Promise.resolve(null);
      }
      if (entry.expiresAt <= now()) {
        remove(key, entry);
        counters.misses++;
        return Promise.resolve(null);
      }
      // Mark as most recently used.
      entries.delete(key);
      entries.set(key, entry);
      counters.hits++;
      return Promise.resolve(entry.value);
    },

    set(key, value, ttlSeconds) {
      if (closed || !(ttlSeconds > 0) || !Number.isFinite(ttlSeconds)) return;
      const size = valueBytes(value);
      const bytes = valueBytes(key) + size;
      if (size > maxEntryBytes || bytes > maxBytes) {
        counters.skippedTooLarge++;
        return;
      }
      const previous = entries.get(key);
      if (previous !== undefined) remove(key, previous);
      entries.set(key, { value, expiresAt: now() + ttlSeconds * 1000, bytes });
      totalBytes += bytes;
      counters.sets++;
      evict();
    },

    tryLock(key, ttlMs) {
      const t = now();
      const heldUntil = locks.get(key);
      if (closed) return Promise.resolve('unavailable');
      if (heldUntil !== undefined && heldUntil > t) return Promise.resolve('held');
      locks.set(key, t + ttlMs);
      return Promise.resolve('acquired');
    },

    unlock(key) {
      locks.delete(key);
    },

    stats: () => ({ ...counters }),

    size: () => ({ entries: entries.size, bytes: totalBytes }),

    state: () => (closed ? 'down' : 'up'),

    close() {
      closed = true;
      entries.clear();
      locks.clear();
      totalBytes = 0;
      return Promise.resolve();
    },
  };
}
