import { sleep } from '../util/sleep';
import type { CacheStore } from './cacheStore';

/** How long start-up waits for the store's connection before doing without it. */
const READY_WAIT_MS = 2_000;
const POLL_MS = 25;

/**
 * One value kept in the store across restarts (the last good catalog). The store takes no command while it is
 * still connecting (no offline queue, by design), and this is used right at start-up: so both sides wait for the
 * connection, bounded, and then fail open like every other use of the store.
 */
export function persistedValue(store: CacheStore, key: string, ttlSeconds: number): { load(): Promise<string | null>; save(value: string): void } {
  return {
    load: async () => ((await whenUp(store)) ? store.get(key) : null),
    save: (value) => void whenUp(store).then((up) => up && store.set(key, value, ttlSeconds)),
  };
}

async function whenUp(store: CacheStore): Promise<boolean> {
  const until = Date.now() + READY_WAIT_MS;
  const never = new AbortController().signal;
  while (store.state() !== 'up' && Date.now() < until) await sleep(POLL_MS, never);
  return store.state() === 'up';
}
