import type { Message } from '../domain/messages';
import type { CacheMode } from '../domain/request';
import { sleep } from '../util/sleep';
import type { CacheStore, LockResult } from './cacheStore';
import { LocalCopies } from './localCopies';
import { deepFreeze } from '../util/deepFreeze';

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
  /** How long a replica waits for another's fill of the same entry; undefined: up to its caller's deadline; 0: not at all. */
  lockWaitMs: number | undefined;
  /** Told how each wait for another replica's fill ended. */
  onWait?: (outcome: FillWaitOutcome) => void;
  /** A shared store's entries copied in process (LocalCopies); undefined or a ttl of 0: every hit reads the store. */
  localCopies?: { maxBytes: number; ttlMs: number };
}

/**
 * `served`: the other's entry; `fill_failed`: its fill ended without one, so this call goes upstream; `took_over`:
 * its lock expired (it died) and this one fills; `unavailable`: the store could not say (this replica decides
 * alone); `gave_up`: the wait cap or the caller's time ran out.
 */
export type FillWaitOutcome = 'served' | 'fill_failed' | 'took_over' | 'unavailable' | 'gave_up';

function pollOnce(signal: AbortSignal): Promise<'timeout'> {
  return sleep(FILL_POLL_MS, signal).then(
    () => 'timeout' as const,
    () => 'timeout' as const,
  );
}

const FILL_POLL_MS = 25;
const RECHECK_MS = 1_000;

/** What may be cached, for how long, and the cross-replica fill; storage itself is the CacheStore's business. */
export class ResponseCache {
  private readonly heartbeats = new Map<string, NodeJS.Timeout>();
  private readonly copies: LocalCopies<CachedAnswer> | undefined;

  constructor(
    private readonly store: CacheStore,
    private readonly settings: ResponseCacheSettings,
  ) {
    const local = settings.localCopies;
    // Only a store with fill notices can tell this replica that another one replaced an entry.
    if (local && local.ttlMs > 0 && store.kind !== 'memory' && store.onFillEnded) {
      const copies = (this.copies = new LocalCopies<CachedAnswer>(local));
      store.onFillEnded((key) => copies.delete(key));
    }
  }

  /** Bypass never touches the cache; by default only temperature-0 requests, whose answers repeat, are cached. */
  accepts(mode: CacheMode, temperature: number | undefined): boolean {
    if (mode === 'bypass') return false;
    return !this.settings.deterministicOnly || temperature === 0;
  }

  /**
   * A repeated hit is the copy itself, parsed once and frozen (JSON.parse of the entry was the largest item of the
   * router's own code per hit): every caller served from it shares it, and none can change it.
   */
  async get(key: string): Promise<CachedAnswer | undefined> {
    const copies = this.copies;
    const copy = copies?.get(key);
    if (copy !== undefined) return copy;
    const raw = await this.store.get(key);
    const hit = parseEntry(raw);
    // About twice what V8 holds for the parsed entry (499 bytes for one of 413 characters, measured).
    if (hit && raw !== null && copies) copies.set(key, deepFreeze(hit), 2 * (key.length + raw.length));
    return hit;
  }

  /** Stores a complete answer; refusals are not answers worth repeating. Never awaited, never throws. */
  put(key: string, message: Message, servedByFallback: boolean): void {
    if (message.stop_reason === 'refusal') return;
    const ttl = servedByFallback ? this.settings.fallbackTtlSeconds : this.settings.ttlSeconds;
    // The copy this replica may hold is replaced now, not when its own notice comes back; no new copy is made (the
    // store may refuse the entry as too large, and the notice would drop it anyway).
    this.copies?.delete(key);
    this.store.set(key, JSON.stringify({ message, fallback: servedByFallback } satisfies CachedAnswer), ttl);
  }

  /**
   * Across replicas: the first to take the fill lock calls upstream and keeps the lock alive while it does; the
   * others wait for its notice that the fill ended, up to their deadline (or `lockWaitMs` when set), and serve its
   * entry. A fill that ended without an entry (it failed) sends every waiter upstream at once; a lock that expired
   * (its holder died) lets one waiter take it and fill. A store that is down, or fails a command on the way, ends the wait at once: the cache
   * must never make a request slower than no cache. A refresh never takes the entry it was asked to skip, so it
   * does not wait either.
   */
  async acquireFill(
    key: string,
    deadline: number,
    caller: { readonly signal: AbortSignal },
    refresh: boolean,
  ): Promise<{ locked: boolean; hit?: CachedAnswer }> {
    // In one process the single flight already lets one call fill; only a shared store needs the lock.
    if (this.store.kind === 'memory') return { locked: false };
    if (this.store.state() === 'down') return this.waited('unavailable', { locked: false });
    const ttl = this.settings.lockTtlMs;
    const lock = await this.lock(key, ttl, refresh);
    if (typeof lock !== 'string') return lock;
    if (lock === 'acquired') this.keepAlive(key);
    if (lock !== 'held' || refresh) return { locked: lock === 'acquired' };
    const cap = this.settings.lockWaitMs;
    const waitUntil = cap === undefined ? deadline : Math.min(Date.now() + cap, deadline);
    const errorsBefore = this.store.stats().errors;
    const watch = this.store.watchFill?.(key);
    // Asked for only here: a call that does not wait for another's fill makes no AbortSignal.
    const signal = caller.signal;
    try {
      while (!signal.aborted) {
        // Without notices, poll; with them, look again every second all the same: a notice lost to a frozen Redis or
        // a holder that died must cost about a second, not the caller's deadline.
        const outcome = watch ? await watch.next(Math.min(waitUntil, Date.now() + Math.min(ttl, RECHECK_MS)), signal) : await pollOnce(signal);
        const hit = await this.get(key);
        if (hit) return this.waited('served', { locked: false, hit });
        if (outcome === 'down' || this.store.stats().errors !== errorsBefore) return this.waited('unavailable', { locked: false });
        // The fill ended without an entry (upstream failed, or the answer is not cached): every waiter calls upstream
        // now, at once, rather than each taking the lock in turn behind the one before.
        if (outcome === 'ended') return this.waited('fill_failed', { locked: false });
        if (Date.now() + FILL_POLL_MS >= waitUntil) break;
        // No notice for a while: the holder may have died, and its lock expired. One waiter takes over.
        const again = await this.store.tryLock(key, ttl);
        if (again === 'acquired') {
          this.keepAlive(key);
          return this.waited('took_over', { locked: true });
        }
        if (again === 'unavailable') return this.waited('unavailable', { locked: false });
      }
      return this.waited('gave_up', { locked: false });
    } finally {
      watch?.close();
    }
  }

  /**
   * The fill lock, unless another replica's fill landed between this caller's read and its lock: then that entry,
   * and the lock let go again at once (a refresh must not take the entry, so it only locks).
   */
  private async lock(key: string, ttl: number, refresh: boolean): Promise<LockResult | { locked: false; hit: CachedAnswer }> {
    if (refresh || !this.store.tryLockUnlessFilled) return this.store.tryLock(key, ttl);
    const { lock, entry } = await this.store.tryLockUnlessFilled(key, ttl);
    const hit = lock === 'acquired' ? parseEntry(entry) : undefined;
    if (!hit) return lock;
    this.releaseFill(key);
    return { locked: false, hit };
  }

  /** Lets go of the fill lock and tells the waiting replicas, after this replica's own write of the entry. */
  releaseFill(key: string): void {
    const beat = this.heartbeats.get(key);
    clearInterval(beat);
    this.heartbeats.delete(key);
    this.store.unlock(key);
    this.store.fillEnded?.(key);
  }

  /** An upstream call can outlast the lock's TTL: renew it while this replica fills, so nobody takes over a live fill. */
  private keepAlive(key: string): void {
    const extend = this.store.extendLock?.bind(this.store);
    if (!extend) return;
    const ttl = this.settings.lockTtlMs;
    const beat = setInterval(() => extend(key, ttl), Math.max(50, Math.floor(ttl / 3)));
    beat.unref();
    clearInterval(this.heartbeats.get(key));
    this.heartbeats.set(key, beat);
  }

  private waited<T>(outcome: FillWaitOutcome, value: T): T {
    this.settings.onWait?.(outcome);
    return value;
  }
}

function parseEntry(raw: string | null): CachedAnswer | undefined {
  if (raw === null) return undefined;
  try {
    const entry = JSON.parse(raw) as Partial<CachedAnswer>;
    return entry.message && Array.isArray(entry.message.content) ? { message: entry.message, fallback: entry.fallback === true } : undefined;
  } catch {
    // A corrupt entry is a miss; the next fill overwrites it.
    return undefined;
  }
}
