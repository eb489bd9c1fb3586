import type { IdleCollection } from '../../src/runtime/idleCollector';
import { idleScenario } from '../fakes/idleScenario';

const MB = 1_048_576;

// Each scenario runs in a process of its own (test/fakes/idleScenarios.cjs): the collector needs an event loop that
// goes idle, which a jest worker's is not reliably.
describe('idle collector', () => {
  it('gives the heap a burst left behind back once the event loop has been idle', async () => {
    const { grown, collections, heapNow } = await idleScenario<{ grown: number; collections: IdleCollection[]; heapNow: number }>('gives');
    expect(collections.length).toBeGreaterThan(0);
    const first = collections[0] as IdleCollection;
    expect(first.heapBefore).toBeGreaterThanOrEqual(grown - 16 * MB);
    expect(first.heapAfter).toBeLessThan(first.heapBefore - 16 * MB);
    expect(heapNow).toBeLessThan(grown - 16 * MB);
  });

  it('never collects while the event loop is busy, and does once it is idle', async () => {
    const { whileBusy, after } = await idleScenario<{ whileBusy: number; after: number }>('busy');
    expect(whileBusy).toBe(0);
    expect(after).toBeGreaterThan(0);
  });

  it('leaves a process whose RSS has not grown by the threshold alone, however long the idle', async () => {
    const { small, large } = await idleScenario<{ small: number; large: number }>('threshold');
    expect(small).toBe(0);
    // The same collector once a burst did grow it past the threshold.
    expect(large).toBeGreaterThan(0);
  });
});
