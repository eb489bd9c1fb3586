import { createSingleFlight } from '../../src/cache/singleFlight';

function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void; reject: (e: unknown) => void } {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('single flight', () => {
  it('50 concurrent same-key calls run fn once and all get the value', async () => {
    const sf = createSingleFlight<string>();
    const gate = deferred<string>();
    const fn = jest.fn(() => gate.promise);
    const calls = Array.from({ length: 50 }, () => sf.do('k', fn));
    expect(fn).toHaveBeenCalledTimes(1);
    expect(sf.inFlight()).toBe(1);
    gate.resolve('value');
    const results = await Promise.all(calls);
    expect(results).toEqual(Array.from({ length: 50 }, () => 'value'));
    expect(fn).toHaveBeenCalledTimes(1);
    expect(sf.inFlight()).toBe(0);
  });

  it('different keys run separately', async () => {
    const sf = createSingleFlight<string>();
    const fn = jest.fn((k: string) => new Promise<string>((r) => setTimeout(() => r(`v-${k}`), 5)));
    const results = await Promise.all([sf.do('a', () => fn('a')), sf.do('b', () => fn('b')), sf.do('a', () => fn('a')), sf.do('c', () => fn('c'))]);
    expect(results).toEqual(['v-a', 'v-b', 'v-a', 'v-c']);
    expect(fn).toHaveBeenCalledTimes(3);
  });

  it('does not remember a settled success: the next call runs fn again', async () => {
    const sf = createSingleFlight<number>();
    let n = 0;
    const fn = jest.fn(async () => ++n);
    expect(await sf.do('k', fn)).toBe(1);
    expect(await sf.do('k', fn)).toBe(2);
    expect(fn).toHaveBeenCalledTimes(2);
  });

  it('shares a rejection with concurrent waiters, then forgets it', async () => {
    const sf = createSingleFlight<string>();
    const gate = deferred<string>();
    const failing = jest.fn(() => gate.promise);
    const waiters = Array.from({ length: 10 }, () => sf.do('k', failing));
    gate.reject(new Error('boom'));
    const settled = await Promise.allSettled(waiters);
    expect(settled.every((r) => r.status === 'rejected' && (r.reason as Error).message === 'boom')).toBe(true);
    expect(failing).toHaveBeenCalledTimes(1);
    expect(sf.inFlight()).toBe(0);

    const ok = jest.fn(async () => 'recovered');
    expect(await sf.do('k', ok)).toBe('recovered');
    expect(ok).toHaveBeenCalledTimes(1);
  });

  it('treats a synchronous throw like a rejection and does not leak the entry', async () => {
    const sf = createSingleFlight<string>();
    await expect(
      sf.do('k', () => {
        throw new Error('sync');
      }),
    ).rejects.toThrow('sync');
    expect(sf.inFlight()).toBe(0);
    expect(await sf.do('k', async () => 'ok')).toBe('ok');
  });
});
