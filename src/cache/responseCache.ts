import type { Message } from '../domain/messages';
import type { CacheMode } from '../domain/request';
import { sleep } from '../util/sleep';
import type { CacheStore } from './cacheStore';

/** What a cache entry holds: the answer as the serving model gave it. */
export interface CachedAnswer {
  message: Message;
  /** Served by a model other than its chain's first. */
  fallback: boolean;
}

export interface ResponseCacheSettings {
  ttlSeconds: number;
  fallbackTtlSeconds: number;
  deterministicOnly: boolean;
  lockTtlMs: number;
  lockWaitMs: number;
}

const FILL_POLL_MS = 25;

/** What may be cached, for how long, and the cross-replica fill; storage itself is the CacheStore's business. */
export class ResponseCache {
  constructor(
    private readonly store: CacheStore,
    private readonly settings: ResponseCacheSettings,
  ) {}

  /** Bypass never touches the cache; by default only temperature-0 requests, whose answers repeat, are cached. */
  accepts(mode: CacheMode, temperature: number | undefined): boolean {
    if (mode === 'bypass') return false;
    return !this.settings.deterministicOnly || temperature === 0;
  }

  async get(key: string): Promise<CachedAnswer | undefined> {
    const raw = await this.store.get(key);
    if (raw === null) return undefined;
    try {
      const entry = JSON.parse(raw) as Partial<CachedAnswer>;
      return entry.message && Array.isArray(entry.message.content) ? { message: entry.message, fallback: entry.fallback === true } : undefined;
    } catch {
      // A corrupt entry is a miss; the next fill overwrites it.
      return undefined;
    }
  }

  /** Stores a complete answer; refusals are not answers worth repeating. Never awaited, never throws. */
  put(key: string, message: Message, servedByFallback: boolean): void {
    if (message.stop_reason === 'refusal') return;
    const ttl = servedByFallback ? this.settings.fallbackTtlSeconds : this.settings.ttlSeconds;
    this.store.set(key, JSON.stringify({ message, fallback: servedByFallback } satisfies CachedAnswer), ttl);
  }

  /**
   * Across replicas: the first to take the fill lock calls upstream; the others poll for its entry until
   * `lockWaitMs` (or their deadline) runs out, then call upstream themselves. A store that is down, or fails a
   * command on the way, ends the wait at once: the cache must never make a request slower than no cache.
   * A refresh never takes the entry it was asked to skip, so it does not wait either.
   */
  async acquireFill(key: string, deadline: number, signal: AbortSignal, refresh: boolean): Promise<{ locked: boolean; hit?: CachedAnswer }> {
    // In one process the single flight already lets one call fill; only a shared store needs the lock.
    if (this.store.kind === 'memory' || this.store.state() === 'down') return { locked: false };
    const lock = await this.store.tryLock(key, this.settings.lockTtlMs);
    if (lock !== 'held' || refresh) return { locked: lock === 'acquired' };
    const waitUntil = Math.min(Date.now() + this.settings.lockWaitMs, deadline);
    const errorsBefore = this.store.stats().errors;
    while (Date.now() + FILL_POLL_MS < waitUntil && !signal.aborted) {
      await sleep(FILL_POLL_MS, signal);
      const hit = await this.get(key);
      if (hit) return { locked: false, hit };
      if (this.store.stats().errors !== errorsBefore) break;
    }
    return { locked: false };
  }

  releaseFill(key: string): void {
    this.store.unlock(key);
  }
}
