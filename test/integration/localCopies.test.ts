import type { ResponseCache } from '../../src/cache/responseCache';
import { answer, sharedRedisReplicas, type Replica } from '../fakes/cacheReplicas';
import { waitFor } from '../fakes/waiting';

const replicas = sharedRedisReplicas();

/** A replica whose local copies are kept `ttlMs`. */
const replica = (ttlMs: number): Promise<Replica> => replicas({ localCopies: { maxBytes: 1 << 20, ttlMs } });

const textOf = async (cache: ResponseCache, key: string): Promise<unknown> => (await cache.get(key))?.message.content[0]?.['text'];

describe('local copies of Redis cache entries', () => {
  it('serves a repeated hit from the copy, without reading Redis again', async () => {
    const a = await replica(10_000);
    a.cache.put('k-repeat', answer('once'), false);
    await waitFor('the entry', async () => (await a.store.get('k-repeat')) !== null, 2_000);
    const readsBefore = a.store.stats().hits;
    expect(await textOf(a.cache, 'k-repeat')).toBe('once');
    expect(await textOf(a.cache, 'k-repeat')).toBe('once');
    expect(await textOf(a.cache, 'k-repeat')).toBe('once');
    expect(a.store.stats().hits - readsBefore).toBe(1);
  });

  it('parses an entry once: repeated hits share one frozen answer, which no caller can change', async () => {
    const a = await replica(10_000);
    a.cache.put('k-frozen', answer('shared'), false);
    await waitFor('the entry', async () => (await a.store.get('k-frozen')) !== null, 2_000);
    const [first, second] = [await a.cache.get('k-frozen'), await a.cache.get('k-frozen')];
    expect(second).toBe(first);
    const block = first?.message.content[0] as Record<string, unknown>;
    expect(() => {
      block['text'] = 'changed by one caller';
    }).toThrow(TypeError);
    expect(() => first?.message.content.push({ type: 'text', text: 'more' })).toThrow(TypeError);
    expect(await textOf(a.cache, 'k-frozen')).toBe('shared');
  });

  it("drops every replica's copy when another replica's refresh replaces the entry", async () => {
    const [a, b] = [await replica(60_000), await replica(60_000)];
    b.cache.put('k-refresh', answer('old'), false);
    await waitFor('the entry', async () => (await a.store.get('k-refresh')) !== null, 2_000);
    expect(await textOf(a.cache, 'k-refresh')).toBe('old');
    // b refreshes: it takes the fill lock, writes the new answer and announces the fill's end.
    expect(await b.cache.acquireFill('k-refresh', Date.now() + 5_000, { signal: new AbortController().signal }, true)).toEqual({ locked: true });
    b.cache.put('k-refresh', answer('new'), false);
    b.cache.releaseFill('k-refresh');
    await waitFor('a to see the new answer', async () => (await textOf(a.cache, 'k-refresh')) === 'new', 2_000);
  });

  it('a refresh on this replica replaces its own copy at once, before the notice comes back', async () => {
    const a = await replica(60_000);
    a.cache.put('k-own', answer('old'), false);
    await waitFor('the entry', async () => (await a.store.get('k-own')) !== null, 2_000);
    expect(await textOf(a.cache, 'k-own')).toBe('old');
    a.cache.put('k-own', answer('new'), false);
    await waitFor('the write', async () => (await a.store.get('k-own'))?.includes('new') === true, 2_000);
    expect(await textOf(a.cache, 'k-own')).toBe('new');
  });

  it('serves a copy for at most its ttl when no notice comes (an entry changed behind the router, or expired)', async () => {
    const a = await replica(300);
    a.cache.put('k-ttl', answer('first'), false);
    await waitFor('the entry', async () => (await a.store.get('k-ttl')) !== null, 2_000);
    expect(await textOf(a.cache, 'k-ttl')).toBe('first');
    // Written straight to Redis: no fill, no notice.
    a.store.set('k-ttl', JSON.stringify({ message: answer('second'), fallback: false }), 60);
    await waitFor('the write', async () => (await a.store.get('k-ttl'))?.includes('second') === true, 2_000);
    expect(await textOf(a.cache, 'k-ttl')).toBe('first');
    await new Promise((r) => setTimeout(r, 350));
    expect(await textOf(a.cache, 'k-ttl')).toBe('second');
  });

  it('keeps no copies when their ttl is 0: every hit reads Redis', async () => {
    const a = await replica(0);
    a.cache.put('k-none', answer('x'), false);
    await waitFor('the entry', async () => (await a.store.get('k-none')) !== null, 2_000);
    const readsBefore = a.store.stats().hits;
    for (let i = 0; i < 3; i++) expect(await textOf(a.cache, 'k-none')).toBe('x');
    expect(a.store.stats().hits - readsBefore).toBe(3);
  });
});
