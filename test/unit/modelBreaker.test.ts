import type { BreakerConfig } from '../../src/config/schema';
import { ModelBreaker, type Admission, type CircuitState } from '../../src/resilience/modelBreaker';

const CONFIG: BreakerConfig = {
  error_threshold_percent: 50,
  volume_threshold: 4,
  reset_timeout_ms: 40,
  rolling_window_ms: 10_000,
  rolling_buckets: 10,
  // The rate rule alone, unless a test turns the streak rule on.
  consecutive_failures: 0,
};

/** Outcomes are replayed into opossum asynchronously (a few microtasks); let them land. */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

async function waitForState(breaker: ModelBreaker, state: CircuitState, timeoutMs = 2_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (breaker.state !== state) {
    if (Date.now() > until) throw new Error(`breaker stayed ${breaker.state}, expected ${state} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function admit(breaker: ModelBreaker): Admission {
  const admission = breaker.tryAcquire();
  if (!admission) throw new Error(`expected an admission, breaker is ${breaker.state}`);
  return admission;
}

async function fail(breaker: ModelBreaker, times: number): Promise<void> {
  for (let i = 0; i < times; i++) admit(breaker).failure(new Error('529 overloaded_error'));
  await settle();
}

describe('ModelBreaker', () => {
  let breaker: ModelBreaker;
  const make = (config: Partial<BreakerConfig> = {}): ModelBreaker => {
    breaker = new ModelBreaker('claude-test', { ...CONFIG, ...config });
    return breaker;
  };
  afterEach(() => breaker?.shutdown());

  it('admits calls while closed, none of them a probe', () => {
    const b = make();
    expect(b.state).toBe('closed');
    const admission = admit(b);
    expect(admission.probe).toBe(false);
    admission.success();
  });

  it('does not open below the volume threshold, opens once it is reached with failures above the threshold', async () => {
    const b = make();
    await fail(b, 3);
    expect(b.state).toBe('closed');
    expect(b.stats).toEqual({ fires: 3, failures: 3, successes: 0 });
    await fail(b, 1);
    expect(b.state).toBe('open');
    expect(b.tryAcquire()).toBeUndefined();
  });

  it('stays closed when failures do not exceed the threshold percentage', async () => {
    const b = make();
    for (let i = 0; i < 9; i++) admit(b).success();
    await fail(b, 1);
    expect(b.state).toBe('closed');
    expect(b.stats).toEqual({ fires: 10, failures: 1, successes: 9 });
  });

  it('release() is neutral: no fire, no success, no failure', async () => {
    const b = make();
    admit(b).success();
    await settle();
    const before = b.stats;
    for (let i = 0; i < 5; i++) admit(b).release();
    await settle();
    expect(b.stats).toEqual(before);
  });

  it('an admission settles once: later calls are ignored', async () => {
    const b = make();
    const admission = admit(b);
    admission.failure(new Error('x'));
    admission.success();
    admission.release();
    await settle();
    expect(b.stats).toEqual({ fires: 1, failures: 1, successes: 0 });
  });

  it('half-open lets exactly one probe through; a successful probe closes it', async () => {
    const b = make();
    await fail(b, 4);
    expect(b.state).toBe('open');
    await waitForState(b, 'half_open');
    const probe = admit(b);
    expect(probe.probe).toBe(true);
    for (let i = 0; i < 10; i++) expect(b.tryAcquire()).toBeUndefined();
    probe.success();
    await settle();
    expect(b.state).toBe('closed');
    expect(admit(b).probe).toBe(false);
  });

  it('a failed probe re-opens it', async () => {
    const b = make();
    await fail(b, 4);
    await waitForState(b, 'half_open');
    admit(b).failure(new Error('529'));
    await settle();
    expect(b.state).toBe('open');
    expect(b.tryAcquire()).toBeUndefined();
  });

  it('a released probe (client error, cancel) leaves it half-open with its counts unchanged, and the next call probes', async () => {
    const b = make();
    await fail(b, 4);
    await waitForState(b, 'half_open');
    const before = b.stats;
    const probe = admit(b);
    expect(probe.probe).toBe(true);
    probe.release();
    await settle();
    expect(b.state).toBe('half_open');
    expect(b.stats).toEqual(before);
    const next = admit(b);
    expect(next.probe).toBe(true);
    next.success();
    await settle();
    expect(b.state).toBe('closed');
  });

  // The executor retries on the same model after `await sleep(delay)`, and backoffDelay() can return 0 (full
  // jitter: Math.round(random * base)), in which case sleep() is a resolved promise: the retry's tryAcquire()
  // runs one microtask after the failed probe settled, before opossum has processed the replayed failure.
  it('no second probe is admitted right after a failed probe settles, before the replay has landed', async () => {
    const b = make();
    await fail(b, 4);
    await waitForState(b, 'half_open');
    admit(b).failure(new Error('529'));
    await Promise.resolve(); // what `await sleep(0, signal)` costs the executor
    expect(b.tryAcquire()).toBeUndefined();
  });

  it('reports transitions open -> half_open -> closed', async () => {
    const b = make();
    const seen: CircuitState[] = [];
    b.onTransition((s) => seen.push(s));
    await fail(b, 4);
    await waitForState(b, 'half_open');
    admit(b).success();
    await settle();
    expect(seen).toEqual(['open', 'half_open', 'closed']);
  });
});

describe('consecutive failures', () => {
  it('open the breaker even when the window is full of successes', async () => {
    const breaker = new ModelBreaker('m', { ...CONFIG, consecutive_failures: 5 });
    try {
      for (let i = 0; i < 100; i++) admit(breaker).success();
      await settle();
      for (let i = 0; i < 4; i++) await admit(breaker).failure(new Error('529'));
      expect(breaker.state).toBe('closed');
      await admit(breaker).failure(new Error('529'));
      expect(breaker.state).toBe('open');
    } finally {
      breaker.shutdown();
    }
  });

  it('a success in between resets the streak, and a released call does not count', async () => {
    const breaker = new ModelBreaker('m', { ...CONFIG, consecutive_failures: 3 });
    try {
      for (let i = 0; i < 100; i++) admit(breaker).success();
      for (let round = 0; round < 5; round++) {
        await admit(breaker).failure(new Error('529'));
        admit(breaker).release();
        await admit(breaker).failure(new Error('529'));
        admit(breaker).success();
      }
      await settle();
      expect(breaker.state).toBe('closed');
    } finally {
      breaker.shutdown();
    }
  });
});

describe('late results', () => {
  it('a call admitted before the breaker opened cannot take the half-open probe', async () => {
    const breaker = new ModelBreaker('m', { ...CONFIG, volume_threshold: 1, reset_timeout_ms: 30 });
    try {
      const early = admit(breaker); // admitted while closed, answers late
      await admit(breaker).failure(new Error('529'));
      await waitForState(breaker, 'open');
      await waitForState(breaker, 'half_open');
      await early.failure(new Error('529, late'));
      expect(breaker.state).toBe('half_open');
      const probe = admit(breaker);
      expect(probe.probe).toBe(true);
      probe.success();
      await waitForState(breaker, 'closed');
    } finally {
      breaker.shutdown();
    }
  });
});
