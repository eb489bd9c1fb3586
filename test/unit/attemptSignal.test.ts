import { attemptSignal } from '../../src/resilience/attemptSignal';
import { LazyAbort } from '../../src/util/lazyAbort';

const LIMITS = { firstContentMs: 1_000, idleMs: 300, budgetMs: Infinity };

describe('attemptSignal', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('aborts with first_token_timeout when no content comes, and not for events that carry none', () => {
    const attempt = attemptSignal(new LazyAbort(), Infinity, LIMITS);
    jest.advanceTimersByTime(900);
    attempt.progress(false);
    jest.advanceTimersByTime(99);
    expect(attempt.cause()).toBeUndefined();
    jest.advanceTimersByTime(1);
    expect(attempt.cause()).toBe('first_token_timeout');
    attempt.dispose();
  });

  it("takes the attempt's share of the deadline first when it is shorter", () => {
    const attempt = attemptSignal(new LazyAbort(), Infinity, { ...LIMITS, budgetMs: 200 });
    jest.advanceTimersByTime(200);
    expect(attempt.cause()).toBe('attempt_budget');
    attempt.dispose();
  });

  it('keeps a flowing stream alive however long it runs, and aborts after the idle limit of silence', () => {
    const attempt = attemptSignal(new LazyAbort(), Infinity, LIMITS);
    attempt.progress(true);
    for (let i = 0; i < 50; i++) {
      jest.advanceTimersByTime(250);
      attempt.progress(false);
    }
    expect(attempt.cause()).toBeUndefined();
    jest.advanceTimersByTime(299);
    expect(attempt.cause()).toBeUndefined();
    jest.advanceTimersByTime(1);
    expect(attempt.cause()).toBe('idle_timeout');
    attempt.dispose();
  });

  it('stops the idle clock while the caller is slow to read, and restarts it on the next event', () => {
    const attempt = attemptSignal(new LazyAbort(), Infinity, LIMITS);
    attempt.progress(true);
    attempt.hold();
    jest.advanceTimersByTime(5_000);
    expect(attempt.cause()).toBeUndefined();
    attempt.progress(false);
    jest.advanceTimersByTime(300);
    expect(attempt.cause()).toBe('idle_timeout');
    attempt.dispose();
  });

  it("follows the caller's deadline and cancel, whatever the limits", () => {
    const caller = new LazyAbort();
    const timed = attemptSignal(caller, Date.now() + 50, LIMITS);
    const cancelled = attemptSignal(caller, Infinity, LIMITS);
    jest.advanceTimersByTime(50);
    expect(timed.cause()).toBe('deadline');
    caller.abort('cancel');
    expect(cancelled.cause()).toBe('cancelled');
    timed.dispose();
    cancelled.dispose();
  });

  it('hears a caller that was cancelled before the attempt began, and one disposed stops listening', () => {
    const gone = new LazyAbort();
    gone.abort('deadline');
    expect(attemptSignal(gone, Infinity, LIMITS).cause()).toBe('deadline');
    const caller = new LazyAbort();
    const disposed = attemptSignal(caller, Infinity, LIMITS);
    disposed.dispose();
    caller.abort('cancel');
    expect(disposed.cause()).toBeUndefined();
  });

  it('leaves no timer behind once disposed', () => {
    const attempt = attemptSignal(new LazyAbort(), Date.now() + 10_000, LIMITS);
    attempt.progress(true);
    attempt.dispose();
    expect(jest.getTimerCount()).toBe(0);
  });
});
