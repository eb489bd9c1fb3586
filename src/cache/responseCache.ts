import type { TokenUsage } from '../catalog/cost';
import type { CompletionRequest } from '../policy/completionRequest';
import { sleep } from '../resilience/attemptSignal';
import type { CacheStore } from './cacheStore';

/** What a cache entry holds: the answer as the serving model gave it. */
export interface CachedAnswer {
  id: string;
  model: string;
  text: string;
  thinking: string;
  stop_reason: string;
  usage: TokenUsage;
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
    readonly store: CacheStore,
    private readonly settings: ResponseCacheSettings,
  ) {}

  /** Bypass never touches the cache; by default only temperature-0 requests, whose answers repeat, are cached. */
  accepts(request: CompletionRequest): boolean {
    if (request.cacheMode === 'bypass') return false;
    return !this.settings.deterministicOnly || request.temperature === 0;
  }

  async get(key: string): Promise<CachedAnswer | undefined> {
    const raw = await this.store.get(key);
    if (raw === null) return undefined;
    try {
      return JSON.parse(raw) as CachedAnswer;
    } catch {
      // A corrupt entry is a miss; the next fill overwrites it.
      return undefined;
    }
  }

  /** Stores a complete answer; refusals are not answers worth repeating. Never awaited, never throws. */
  put(key: string, answer: CachedAnswer, servedByFallback: boolean): void {
    if (answer.stop_reason === 'refusal') return;
    const ttl = servedByFallback ? this.settings.fallbackTtlSeconds : this.settings.ttlSeconds;
    this.store.set(key, JSON.stringify(answer), ttl);
  }

  /**
   * Across replicas: the first to take the fill lock calls upstream; the others poll for its entry until
   * `lockWaitMs` (or their deadline) runs out, then call upstream themselves. A store that is down skips all this.
   */
  async acquireFill(key: string, deadline: number, signal: AbortSignal): Promise<{ locked: boolean; hit?: CachedAnswer }> {
    if (this.store.state() === 'down') return { locked: false };
    if (await this.store.tryLock(key, this.settings.lockTtlMs)) return { locked: true };
    const waitUntil = Math.min(Date.now() + this.settings.lockWaitMs, deadline);
    while (Date.now() + FILL_POLL_MS < waitUntil && !signal.aborted && this.store.state() === 'up') {
      await sleep(FILL_POLL_MS, signal);
      const hit = await this.get(key);
      if (hit) return { locked: false, hit };
    }
    return { locked: false };
  }

  releaseFill(key: string): void {
    this.store.unlock(key);
  }
}
