import { LocalCopies } from '../../src/cache/localCopies';

describe('local copies of shared cache entries', () => {
  it('serves a copy until its ttl, then none', () => {
    let now = 1_000;
    const copies = new LocalCopies<string>({ maxBytes: 1 << 20, ttlMs: 100, now: () => now });
    copies.set('k', 'v', 4);
    now += 99;
    expect(copies.get('k')).toBe('v');
    now += 1;
    expect(copies.get('k')).toBeUndefined();
    expect(copies.size()).toEqual({ entries: 0, bytes: 0 });
  });

  it('keeps within its byte bound by dropping the least recently used', () => {
    const copies = new LocalCopies<string>({ maxBytes: 300, ttlMs: 60_000 });
    for (const key of ['k1', 'k2', 'k3']) copies.set(key, 'x', 100);
    expect(copies.get('k1')).toBeDefined(); // k1 is now the most recently used
    copies.set('k4', 'x', 100);
    expect(['k1', 'k2', 'k3', 'k4'].map((k) => copies.get(k) !== undefined)).toEqual([true, false, true, true]);
    expect(copies.size()).toEqual({ entries: 3, bytes: 300 });
    // One larger than the whole bound is not kept at all (and evicts nothing).
    copies.set('big', 'x', 301);
    expect([copies.get('big'), copies.size().entries]).toEqual([undefined, 3]);
  });

  it('forgets a key on delete and on a replacing set, counting its bytes once', () => {
    const copies = new LocalCopies<string>({ maxBytes: 1 << 20, ttlMs: 60_000 });
    copies.set('k', 'old', 10);
    copies.set('k', 'new!', 12);
    expect([copies.get('k'), copies.size()]).toEqual(['new!', { entries: 1, bytes: 12 }]);
    copies.delete('k');
    expect([copies.get('k'), copies.size()]).toEqual([undefined, { entries: 0, bytes: 0 }]);
  });
});
