import { LazyAbort, SignalCancel } from '../../src/util/lazyAbort';

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

  it('calls its listeners once, with the reason already set, and never makes a signal to do it', () => {
    const abort = new LazyAbort();
    const made = jest.spyOn(globalThis, 'AbortController');
    const heard: unknown[] = [];
    abort.onAbort(() => heard.push(['first', abort.aborted, abort.reason]));
    const removed = abort.onAbort(() => heard.push('removed'));
    abort.onAbort(() => heard.push('third'));
    removed();
    abort.abort('deadline');
    abort.abort('cancelled');
    expect(heard).toEqual([['first', true, 'deadline'], 'third']);
    expect(made).not.toHaveBeenCalled();
    made.mockRestore();
  });

  it('takes no listener once aborted: the caller checks `aborted` first', () => {
    const abort = new LazyAbort();
    abort.abort('cancelled');
    const heard: string[] = [];
    abort.onAbort(() => heard.push('late'))();
    expect([heard, abort.aborted, abort.reason]).toEqual([[], true, 'cancelled']);
  });
});

describe('SignalCancel', () => {
  it("is an AbortSignal's cancel: its state, and a listener called on abort unless removed", () => {
    const controller = new AbortController();
    const cancel = new SignalCancel(controller.signal);
    const heard: string[] = [];
    cancel.onAbort(() => heard.push('kept'));
    cancel.onAbort(() => heard.push('removed'))();
    controller.abort('cancelled');
    expect([heard, cancel.aborted, cancel.reason, cancel.signal]).toEqual([['kept'], true, 'cancelled', controller.signal]);
  });
});
