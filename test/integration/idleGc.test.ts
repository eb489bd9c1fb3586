import { burst } from '../fakes/heapBurst';
import { ask, startHarness, type Harness } from '../fakes/routerHarness';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The router's own idle GC lines: there may be none yet. */
function idleGcLines(h: Harness): Record<string, unknown>[] {
  return h.logs().filter((line) => line['event'] === 'idle_gc');
}

describe('idle GC (runtime.idle_gc_after_ms)', () => {
  it('once calls stop and the loop is idle, collects the heap they grew and says so in the log', async () => {
    const h = (harness = await startHarness({
      config: (c) => {
        c.runtime.idle_gc_after_ms = 300;
        c.runtime.idle_gc_min_growth_mb = 1;
      },
    }));
    await Promise.all(
      Array.from({ length: 8 }, async (_, lane) => {
        for (let i = 0; i < 25; i++) await h.complete(ask(`burst ${lane}-${i}`, { cache: 'CACHE_MODE_BYPASS' }));
      }),
    );
    // The calls alone may grow this shared process's heap less than V8's own collections give back (jest runs other
    // files in it first): what the test holds through a busy spell and lets go makes the growth certain. The policy
    // itself is src/runtime's own test; this one is of the wiring.
    await burst(64);
    const end = Date.now() + 10_000;
    while (idleGcLines(h).length === 0 && Date.now() < end) await sleep(250);
    const [line] = idleGcLines(h);
    expect(line).toEqual(
      expect.objectContaining({ level: 'info', heap_before_mb: expect.any(Number), heap_after_mb: expect.any(Number), pause_ms: expect.any(Number) }),
    );
    expect(Number(line?.['heap_after_mb'])).toBeLessThan(Number(line?.['heap_before_mb']));
    // Still serving afterwards.
    expect((await h.complete(ask('after the collection'))).text.length).toBeGreaterThan(0);
  });

  it('runs no collection of its own when idle_gc_after_ms is 0', async () => {
    const h = (harness = await startHarness({ config: (c) => (c.runtime.idle_gc_min_growth_mb = 1) }));
    for (let i = 0; i < 40; i++) await h.complete(ask(`call ${i}`, { cache: 'CACHE_MODE_BYPASS' }));
    await sleep(1_000);
    expect(h.config.runtime.idle_gc_after_ms).toBe(0);
    expect(idleGcLines(h)).toEqual([]);
  });
});
