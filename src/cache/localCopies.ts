export interface LocalCopiesOptions {
  /** Most bytes kept, as each copy's `bytes` says; LRU beyond. */
  maxBytes: number;
  /** How long a copy is served without asking Redis again. */
  ttlMs: number;
  now?: () => number;
}

interface Copy<T> {
  value: T;
  expiresAt: number;
  bytes: number;
}

/**
 * This replica's copies of shared cache entries it has read or written lately, so a repeated hit is served without
 * a Redis round trip (at 1 in flight: hit p50 834 against 1,057 µs; bench/RESULTS.md). An
 * entry only ever changes by a refresh or an expiry: every replica drops its copy on the refresh's fill notice, and
 * a copy is served for at most `ttlMs` (the bound on staleness when a notice is lost, or Redis's own entry expired).
 */
export class LocalCopies<T> {
  private readonly copies = new Map<string, Copy<T>>();
  private bytes = 0;
  private readonly now: () => number;

  constructor(private readonly options: LocalCopiesOptions) {
    this.now = options.now ?? Date.now;
  }

  get(key: string): T | undefined {
    const copy = this.copies.get(key);
    if (!copy) return undefined;
    this.copies.delete(key);
    if (copy.expiresAt <= this.now()) {
      this.bytes -= copy.bytes;
      return undefined;
    }
    // Most recently used last: eviction takes from the front.
    this.copies.set(key, copy);
    return copy.value;
  }

  /** `bytes`: what the copy holds in memory, key included, as the caller estimates it. */
  set(key: string, value: T, bytes: number): void {
    this.delete(key);
    if (bytes > this.options.maxBytes) return;
    this.copies.set(key, { value, expiresAt: this.now() + this.options.ttlMs, bytes });
    this.bytes += bytes;
    for (const [oldest, copy] of this.copies) {
      if (this.bytes <= this.options.maxBytes) break;
      this.copies.delete(oldest);
      this.bytes -= copy.bytes;
    }
  }

  delete(key: string): void {
    const copy = this.copies.get(key);
    if (!copy) return;
    this.copies.delete(key);
    this.bytes -= copy.bytes;
  }

  size(): { entries: number; bytes: number } {
    return { entries: this.copies.size, bytes: this.bytes };
  }
}
