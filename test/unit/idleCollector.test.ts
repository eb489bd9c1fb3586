import { getHeapStatistics } from 'node:v8';
import { startIdleCollector, type IdleCollection, type IdleCollector } from '../../src/runtime/idleCollector';
import { burst, busyFor } from '../fakes/heapBurst';

const MB = 1_048_576;
let collector: IdleCollector | undefined;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
afterEach(() => collector?.stop());

function collections(afterMs: number, minGrowthBytes: number): IdleCollection[] {
  const seen: IdleCollection[] = [];
  collector = startIdleCollector({ afterMs, minGrowthBytes, onCollect: (c) => seen.push(c) });
  return seen;
}

/** Looks every 250 ms: a test that polled often would keep the loop from ever looking idle on a busy machine. */
async function until(check: () => boolean, ms: number): Promise<void> {
  for (const end = Date.now() + ms; !check() && Date.now() < end;) await sleep(250);
}

describe('idle collector', () => {
  it('gives the heap a burst left behind back once the event loop has been idle', async () => {
    const seen = collections(200, 16 * MB);
    await burst(96);
    const grown = getHeapStatistics().total_heap_size;
    await until(() => seen.length > 0, 10_000);
    expect(seen.length).toBeGreaterThan(0);
    const first = seen[0] as IdleCollection;
    expect(first.heapBefore).toBeGreaterThanOrEqual(grown - 16 * MB);
    expect(first.heapAfter).toBeLessThan(first.heapBefore - 16 * MB);
    expect(getHeapStatistics().total_heap_size).toBeLessThan(grown - 16 * MB);
  });

  it('never collects while the event loop is busy, and does once it is idle', async () => {
    const seen = collections(200, 1);
    await burst(32);
    // A loop busy most of the time (as under calls), for five times the idle period.
    await busyFor(1_000);
    expect(seen).toEqual([]);
    await until(() => seen.length > 0, 10_000);
    expect(seen.length).toBeGreaterThan(0);
  });

  it('leaves a heap that has not grown by the threshold alone, however long the idle', async () => {
    const seen = collections(100, 64 * MB);
    await burst(2);
    await sleep(800);
    expect(seen).toEqual([]);
    // The same collector once a burst did grow the heap past its threshold.
    await burst(160);
    await until(() => seen.length > 0, 10_000);
    expect(seen.length).toBeGreaterThan(0);
  });
});
