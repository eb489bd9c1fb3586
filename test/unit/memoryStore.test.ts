import { createMemoryStore, MemoryStoreOptions } from '../../src/cache/memoryStore';

function clock(start = 1_000_000): { now: () => number; advance: (ms: number) => void } {
  let t = start;
  return { now: () => t, advance: (ms) => (t += ms) };
}

function store(overrides: Partial<MemoryStoreOptions> = {}) {
  return createMemoryStore({ maxEntries: 100, maxBytes: 1_000_000, maxEntryBytes: 10_000, ...overrides });
}

describe('memory store', () => {
  it('stores and returns values, counting hits and misses', async () => {
    const s = store();
    expect(s.kind).toBe('memory');
    expect(s.state()).toBe('up');
    expect(await s.get('a')).toBeNull();
    s.set('a', 'alpha', 60);
    expect(await s.get('a')).toBe('alpha');
    s.set('a', 'alpha2', 60); // overwrite
    expect(await s.get('a')).toBe('alpha2');
    expect(s.stats()).toEqual({ hits: 2, misses: 1, errors: 0, sets: 2, skippedTooLarge: 0 });
    expect(s.size().entries).toBe(1);
  });

  it('evicts the least recently used entry when over maxEntries (a get refreshes recency)', async () => {
    const s = store({ maxEntries: 3 });
    s.set('a', '1', 60);
    s.set('b', '2', 60);
    s.set('c', '3', 60);
    expect(await s.get('a')).toBe('1'); // a is now most recent; b is the LRU
    s.set('d', '4', 60);
    expect(s.size().entries).toBe(3);
    expect(await s.get('b')).toBeNull();
    expect(await s.get('a')).toBe('1');
    expect(await s.get('c')).toBe('3');
    expect(await s.get('d')).toBe('4');
    // order of recency now: a, c, d -> next insert evicts a
    s.set('e', '5', 60);
    expect(await s.get('a')).toBeNull();
    expect(await s.get('e')).toBe('5');
  });

  it('overwriting a key makes it most recent', async () => {
    const s = store({ maxEntries: 2 });
    s.set('a', '1', 60);
    s.set('b', '2', 60);
    s.set('a', '1b', 60); // b is now the LRU
    s.set('c', '3', 60);
    expect(await s.get('b')).toBeNull();
    expect(await s.get('a')).toBe('1b');
    expect(await s.get('c')).toBe('3');
  });

  it('evicts LRU entries while over maxBytes (UTF-8 key + value bytes)', async () => {
    // each entry: 1-byte key + 9-byte value = 10 bytes
    const s = store({ maxBytes: 30 });
    s.set('a', 'x'.repeat(9), 60);
    s.set('b', 'x'.repeat(9), 60);
    s.set('c', 'x'.repeat(9), 60);
    expect(s.size()).toEqual({ entries: 3, bytes: 30 });
    s.set('d', 'x'.repeat(9), 60);
    expect(s.size()).toEqual({ entries: 3, bytes: 30 });
    expect(await s.get('a')).toBeNull();
    // one big entry (1 + 19 = 20 bytes) pushes out two old ones
    s.set('e', 'y'.repeat(19), 60);
    expect(s.size()).toEqual({ entries: 2, bytes: 30 });
    expect(await s.get('b')).toBeNull();
    expect(await s.get('c')).toBeNull();
    expect(await s.get('d')).toBe('x'.repeat(9));
    expect(await s.get('e')).toBe('y'.repeat(19));
  });

  it('counts bytes as UTF-8, not string length', () => {
    const s = store();
    s.set('k', 'é'.repeat(10), 60); // 10 chars, 20 bytes
    expect(s.size().bytes).toBe(1 + 20);
  });

  it('expires entries after their TTL (injected clock) and removes them', async () => {
    const c = clock();
    const s = store({ now: c.now });
    s.set('short', 'v', 1);
    s.set('long', 'v', 10);
    c.advance(999);
    expect(await s.get('short')).toBe('v');
    c.advance(1);
    expect(await s.get('short')).toBeNull();
    expect(s.size().entries).toBe(1); // removed on access
    expect(await s.get('long')).toBe('v');
    c.advance(9_000);
    expect(await s.get('long')).toBeNull();
    expect(s.size()).toEqual({ entries: 0, bytes: 0 });
    expect(s.stats().misses).toBe(2);
  });

  it('does not store values over maxEntryBytes (counted) nor non-positive TTLs', async () => {
    const s = store({ maxEntryBytes: 10 });
    s.set('ok', 'x'.repeat(10), 60);
    s.set('big', 'x'.repeat(11), 60);
    s.set('multibyte', 'é'.repeat(6), 60); // 6 chars but 12 bytes
    s.set('zero', 'v', 0);
    s.set('neg', 'v', -5);
    s.set('nan', 'v', Number.NaN);
    expect(await s.get('ok')).toBe('x'.repeat(10));
    expect(await s.get('big')).toBeNull();
    expect(await s.get('multibyte')).toBeNull();
    expect(await s.get('zero')).toBeNull();
    expect(await s.get('neg')).toBeNull();
    expect(await s.get('nan')).toBeNull();
    expect(s.stats().skippedTooLarge).toBe(2);
    expect(s.stats().sets).toBe(1);
  });

  it('a too-large value does not evict what is already stored', async () => {
    const s = store({ maxEntryBytes: 5, maxBytes: 20 });
    s.set('a', '12345', 60);
    s.set('b', 'x'.repeat(100), 60);
    expect(await s.get('a')).toBe('12345');
  });

  it('locks: first caller gets it, others do not until unlock or expiry', async () => {
    const c = clock();
    const s = store({ now: c.now });
    expect(await s.tryLock('fill:1', 1000)).toBe('acquired');
    expect(await s.tryLock('fill:1', 1000)).toBe('held');
    expect(await s.tryLock('fill:2', 1000)).toBe('acquired'); // independent key
    s.unlock('fill:1');
    expect(await s.tryLock('fill:1', 1000)).toBe('acquired');
    c.advance(999);
    expect(await s.tryLock('fill:1', 1000)).toBe('held');
    c.advance(1);
    expect(await s.tryLock('fill:1', 1000)).toBe('acquired'); // expired
    // locks do not collide with cache entries of the same name
    expect(await s.get('fill:1')).toBeNull();
  });

  it('close clears everything and stops accepting writes and locks', async () => {
    const s = store();
    s.set('a', '1', 60);
    await s.close();
    expect(s.state()).toBe('down');
    expect(await s.get('a')).toBeNull();
    s.set('b', '2', 60);
    expect(await s.get('b')).toBeNull();
    expect(await s.tryLock('l', 1000)).toBe('unavailable');
  });
});
