import type { FillWatch } from './cacheStore';

interface Waiter {
  /** A notice came while nobody was waiting on next(). */
  pending: boolean;
  wake: ((outcome: 'ended' | 'down') => void) | undefined;
}

/**
 * The waiters of one store, by key: a notice for a key wakes each of its waiters (or is kept for its next wait),
 * and the store going down wakes every waiter at once.
 */
export class FillWatchers {
  private readonly byKey = new Map<string, Set<Waiter>>();

  constructor(private readonly isDown: () => boolean) {}

  get size(): number {
    return this.byKey.size;
  }

  ended(key: string): void {
    for (const waiter of this.byKey.get(key) ?? []) {
      if (waiter.wake) waiter.wake('ended');
      else waiter.pending = true;
    }
  }

  down(): void {
    for (const waiters of this.byKey.values()) for (const waiter of waiters) waiter.wake?.('down');
  }

  watch(key: string): FillWatch {
    const waiter: Waiter = { pending: false, wake: undefined };
    let waiters = this.byKey.get(key);
    if (!waiters) this.byKey.set(key, (waiters = new Set()));
    waiters.add(waiter);
    return {
      next: (until, signal) => {
        if (waiter.pending) {
          waiter.pending = false;
          return Promise.resolve('ended');
        }
        if (this.isDown()) return Promise.resolve('down');
        if (signal.aborted) return Promise.resolve('timeout');
        return new Promise((resolve) => {
          const finish = (outcome: 'ended' | 'timeout' | 'down'): void => {
            clearTimeout(timer);
            signal.removeEventListener('abort', aborted);
            waiter.wake = undefined;
            resolve(outcome);
          };
          const aborted = (): void => finish('timeout');
          const timer = setTimeout(() => finish('timeout'), Math.max(0, until - Date.now()));
          signal.addEventListener('abort', aborted, { once: true });
          waiter.wake = finish;
        });
      },
      close: () => {
        waiter.wake?.('down');
        waiters.delete(waiter);
        if (waiters.size === 0 && this.byKey.get(key) === waiters) this.byKey.delete(key);
      },
    };
  }
}
