import { LazyAbort } from '../../src/util/lazyAbort';

describe('LazyAbort', () => {
  it('shows an abort that came before its signal was asked for, with the reason', () => {
    const abort = new LazyAbort();
    abort.abort('deadline');
    expect([abort.signal.aborted, abort.signal.reason]).toEqual([true, 'deadline']);
  });

  it('aborts a signal already handed out, once: a later reason does not replace the first', () => {
    const abort = new LazyAbort();
    const { signal } = abort;
    const heard: unknown[] = [];
    signal.addEventListener('abort', () => heard.push(signal.reason));
    expect(signal.aborted).toBe(false);
    abort.abort('cancelled');
    abort.abort('deadline');
    expect([heard, abort.signal]).toEqual([['cancelled'], signal]);
  });
});
