import type { FillWaitOutcome } from '../../src/cache/responseCache';
import { answer, sharedRedisReplicas, type Replica } from '../fakes/cacheReplicas';
import { waitFor } from '../fakes/waiting';

const replicas = sharedRedisReplicas();

/** A replica with the given lock TTL, and how its waits for another's fill ended. */
async function replica(lockTtlMs = 5_000): Promise<Replica & { waits: FillWaitOutcome[] }> {
  const waits: FillWaitOutcome[] = [];
  return { ...(await replicas({ lockTtlMs, onWait: (o) => waits.push(o) })), waits };
}

const none = { signal: new AbortController().signal };

describe("waiting for another replica's fill", () => {
  it('a fill that ends without an entry sends the waiters upstream at once, not one after another', async () => {
    const [filler, waiter] = [await replica(), await replica()];
    expect(await filler.cache.acquireFill('k-failed', Infinity, none, false)).toEqual({ locked: true });
    const waiting = waiter.cache.acquireFill('k-failed', Date.now() + 10_000, none, false);
    await new Promise((r) => setTimeout(r, 200));
    const released = Date.now();
    filler.cache.releaseFill('k-failed'); // upstream failed: nothing was put
    expect(await waiting).toEqual({ locked: false });
    expect(Date.now() - released).toBeLessThan(900);
    expect(waiter.waits).toEqual(['fill_failed']);
  });

  it('a filler that is gone: its lock expires, and one waiter takes it over', async () => {
    const [filler, waiter] = [await replica(400), await replica(400)];
    expect(await filler.cache.acquireFill('k-dead', Infinity, none, false)).toEqual({ locked: true });
    await filler.store.close(); // its renewals stop reaching Redis
    const outcome = await waiter.cache.acquireFill('k-dead', Date.now() + 10_000, none, false);
    expect(outcome).toEqual({ locked: true });
    expect(waiter.waits).toEqual(['took_over']);
    waiter.cache.releaseFill('k-dead');
  });

  it('a live filler keeps its lock past its TTL while it runs, and the waiter gets its entry', async () => {
    const [filler, waiter] = [await replica(300), await replica(300)];
    expect(await filler.cache.acquireFill('k-slow', Infinity, none, false)).toEqual({ locked: true });
    const waiting = waiter.cache.acquireFill('k-slow', Date.now() + 10_000, none, false);
    await new Promise((r) => setTimeout(r, 1_200)); // four lock lifetimes
    filler.cache.put('k-slow', answer('slow answer'), false);
    filler.cache.releaseFill('k-slow');
    const got = await waiting;
    expect(got.hit?.message.content).toEqual([{ type: 'text', text: 'slow answer' }]);
    expect(waiter.waits).toEqual(['served']);
  });

  it("a fill that landed between this replica's read and its lock is served, not called upstream again", async () => {
    const [filler, late] = [await replica(), await replica()];
    // The late replica's own read missed; then the filler's whole fill ran: lock, entry, release.
    expect(await late.cache.get('k-race')).toBeUndefined();
    expect(await filler.cache.acquireFill('k-race', Infinity, none, false)).toEqual({ locked: true });
    filler.cache.put('k-race', answer('landed first'), false);
    filler.cache.releaseFill('k-race');
    await waitFor('the entry', async () => (await filler.store.get('k-race')) !== null, 2_000);
    const outcome = await late.cache.acquireFill('k-race', Date.now() + 5_000, none, false);
    expect(outcome).toEqual({ locked: false, hit: { message: answer('landed first'), fallback: false } });
    // And it let go of the lock it took on the way: the next replica is not kept waiting for a fill nobody runs.
    expect(await filler.store.tryLock('k-race', 1_000)).toBe('acquired');
    filler.store.unlock('k-race');
  });

  it('a refresh takes the lock even so: it was asked to skip that entry', async () => {
    const [filler, refresher] = [await replica(), await replica()];
    filler.cache.put('k-refresh', answer('old'), false);
    await waitFor('the entry', async () => (await filler.store.get('k-refresh')) !== null, 2_000);
    expect(await refresher.cache.acquireFill('k-refresh', Date.now() + 5_000, none, true)).toEqual({ locked: true });
    refresher.cache.releaseFill('k-refresh');
  });
});
