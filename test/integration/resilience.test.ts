import type * as grpc from '@grpc/grpc-js';
import { status } from '@grpc/grpc-js';
import { ask, rejection, startHarness, type Harness } from '../fakes/routerHarness';
import { HAIKU_45, HAIKU_35, SONNET_4, OPUS_45, SIMPLE_QA, tuned, sleep, waitFor, steps, state, requestLogs } from '../fakes/resilience';

describe('fallback along the chain (no retries)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ config: tuned({ retry: { max_retries_per_model: 0 }, breaker: { volume_threshold: 100 } }) });
  });
  afterAll(() => h.close());
  beforeEach(() => h.fake.reset());

  it('a 529 from the primary is answered by the next model, with fallback: true and both attempts reported', async () => {
    h.fake.setFault(HAIKU_45, { status: 529 });
    const res = await h.complete(ask('What is 2+2?', { task: 'simple_qa' }));
    expect(res.model).toBe(HAIKU_35);
    expect(res.fallback).toBe(true);
    expect(res.text.length).toBeGreaterThan(0);
    expect(steps(res)).toEqual([
      [HAIKU_45, 'error'],
      [HAIKU_35, 'ok'],
    ]);
    expect(res.attempts[0]?.error).toContain('overloaded_error');
    expect(res.attempts[1]?.error).toBe('');
    expect(h.fake.calls(HAIKU_45)).toBe(1);
    expect(h.fake.calls(HAIKU_35)).toBe(1);
    expect(h.fake.calls(SONNET_4)).toBe(0);
  });

  it('a dropped connection and a 500 fall back too, down the whole chain', async () => {
    h.fake.setFault(HAIKU_45, { drop: true });
    h.fake.setFault(HAIKU_35, { status: 500 });
    const res = await h.complete(ask('hi', { task: 'simple_qa' }));
    expect(res.model).toBe(SONNET_4);
    expect(res.fallback).toBe(true);
    expect(steps(res)).toEqual([
      [HAIKU_45, 'error'],
      [HAIKU_35, 'error'],
      [SONNET_4, 'ok'],
    ]);
    expect(res.attempts[1]?.error).toContain('500');
  });

  it('without retries, an explicit model that returns 529 costs exactly one upstream call', async () => {
    h.fake.setFault(SONNET_4, { status: 529 });
    const err = await rejection(h.complete(ask('hi', { model: SONNET_4 })));
    expect(err.code).toBe(status.UNAVAILABLE);
    expect(h.fake.calls(SONNET_4)).toBe(1);
    expect(h.fake.calls()).toBe(1);
  });
});

describe('retries on the same model (max_retries_per_model = 1)', () => {
  let h: Harness;
  beforeAll(async () => {
    // A high volume threshold keeps the breakers out of the way: this block is about retries.
    // No breaker may open here, whatever order the tests run in: these tests are about retries.
    h = await startHarness({
      config: tuned({ retry: { max_retries_per_model: 1, budget_min_retries: 100 }, breaker: { volume_threshold: 100, consecutive_failures: 0 } }),
    });
  });
  afterAll(() => h.close());
  beforeEach(() => h.fake.reset());

  it('a 529 on an explicit model costs exactly 2 upstream calls (not the SDK default 3) and UNAVAILABLE summarises the attempts', async () => {
    h.fake.setFault(SONNET_4, { status: 529 });
    const err = await rejection(h.complete(ask('hi', { model: SONNET_4 })));
    expect(err.code).toBe(status.UNAVAILABLE);
    expect(h.fake.calls(SONNET_4)).toBe(2);
    expect(h.fake.calls()).toBe(2);
    expect(err.details).toContain('2 failed attempts');
    expect(err.details).toContain(`${SONNET_4}: error (529 overloaded_error`);
    expect(err.details.split(`${SONNET_4}: error`).length - 1).toBe(2);
  });

  it('a 529 then a success on the same model is retried there: no fallback', async () => {
    h.fake.setFault(HAIKU_45, { status: 529, times: 1 });
    const res = await h.complete(ask('hi', { task: 'simple_qa' }));
    expect(res.model).toBe(HAIKU_45);
    expect(res.fallback).toBe(false);
    expect(steps(res)).toEqual([
      [HAIKU_45, 'error'],
      [HAIKU_45, 'ok'],
    ]);
    expect(h.fake.calls(HAIKU_45)).toBe(2);
  });

  it('retry-after: 30 on the primary never makes the request wait: it moves to the next model at once', async () => {
    h.fake.setFault(HAIKU_45, { status: 429, retryAfter: '30' });
    const started = Date.now();
    const res = await h.complete(ask('hi', { task: 'simple_qa' }));
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(res.model).toBe(HAIKU_35);
    expect(res.fallback).toBe(true);
    expect(steps(res)).toEqual([
      [HAIKU_45, 'error'],
      [HAIKU_35, 'ok'],
    ]);
    expect(res.attempts[0]?.error).toContain('429');
    expect(h.fake.calls(HAIKU_45)).toBe(1);
  });

  it('retry-after: 30 on an explicit model fails fast with RESOURCE_EXHAUSTED', async () => {
    h.fake.setFault(OPUS_45, { status: 429, retryAfter: '30' });
    const started = Date.now();
    const err = await rejection(h.complete(ask('hi', { model: OPUS_45 })));
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(err.code).toBe(status.RESOURCE_EXHAUSTED);
    expect(h.fake.calls(OPUS_45)).toBe(1);
  });

  it('every model of the chain rate limited -> RESOURCE_EXHAUSTED with the smallest retry-after, fast, one call each', async () => {
    SIMPLE_QA.forEach((model, i) => h.fake.setFault(model, { status: 429, retryAfter: String([30, 12, 45, 20][i % 4]) }));
    const started = Date.now();
    const err = await rejection(h.complete(ask('hi', { task: 'simple_qa' })));
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(err.code).toBe(status.RESOURCE_EXHAUSTED);
    expect(err.metadata.get('retry-after')).toEqual(['12']);
    expect(err.metadata.get('error-type')).toEqual(['rate_limit_error']);
    for (const model of SIMPLE_QA) expect(h.fake.calls(model)).toBe(1);
  });

  it('every model of the chain overloaded -> UNAVAILABLE with error-type overloaded_error', async () => {
    h.fake.setFault('*', { status: 529 });
    const err = await rejection(h.complete(ask('hi', { task: 'simple_qa' })));
    expect(err.code).toBe(status.UNAVAILABLE);
    expect(err.metadata.get('error-type')).toEqual(['overloaded_error']);
  });

  it('a 429 without retry-after (a spend limit) is not retried on the same model', async () => {
    h.fake.setFault(OPUS_45, { status: 429 });
    const err = await rejection(h.complete(ask('hi', { model: OPUS_45 })));
    expect(err.code).toBe(status.RESOURCE_EXHAUSTED);
    expect(h.fake.calls(OPUS_45)).toBe(1);
  });

  it('a 429 with a short retry-after-ms is retried on the same model after waiting it out', async () => {
    h.fake.setFault(OPUS_45, { status: 429, retryAfterMs: '150', times: 1 });
    const started = Date.now();
    const res = await h.complete(ask('hi', { model: OPUS_45 }));
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(res.model).toBe(OPUS_45);
    expect(steps(res)).toEqual([
      [OPUS_45, 'error'],
      [OPUS_45, 'ok'],
    ]);
    expect(h.fake.calls(OPUS_45)).toBe(2);
  });
});

describe('the retry budget caps retries across requests', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      config: tuned({
        retry: { max_retries_per_model: 1, budget_percent: 0, budget_min_retries: 2, budget_window_ms: 60_000 },
        breaker: { volume_threshold: 100, consecutive_failures: 0 },
      }),
    });
  });
  afterAll(() => h.close());

  it('once the budget is spent a retryable failure is not retried', async () => {
    h.fake.setFault(SONNET_4, { status: 529 });
    const perRequest: number[] = [];
    for (let i = 0; i < 4; i++) {
      const before = h.fake.calls(SONNET_4);
      const err = await rejection(h.complete(ask(`budget ${i}`, { model: SONNET_4 })));
      expect(err.code).toBe(status.UNAVAILABLE);
      perRequest.push(h.fake.calls(SONNET_4) - before);
    }
    expect(perRequest).toEqual([2, 2, 1, 1]);
  });
});

describe('client errors, cancels and deadlines are neutral for the breaker', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ config: tuned() });
  });
  afterAll(() => h.close());
  beforeEach(() => h.fake.reset());

  it('a 400 returns INVALID_ARGUMENT after one upstream call, no fallback, and leaves the counts unchanged', async () => {
    await h.complete(ask('warm up', { task: 'simple_qa' }));
    const statsBefore = h.app.breakers.get(`${HAIKU_45}@anthropic`).stats;
    expect(statsBefore.fires).toBe(1);
    h.fake.setFault(HAIKU_45, { status: 400, message: 'messages: bad block' });
    const err = await rejection(h.complete(ask('bad', { task: 'simple_qa' })));
    expect(err.code).toBe(status.INVALID_ARGUMENT);
    expect(err.details).toContain('400 invalid_request_error');
    expect(h.fake.calls(HAIKU_45)).toBe(2);
    expect(h.fake.calls()).toBe(2);
    await sleep(20);
    expect(h.app.breakers.get(`${HAIKU_45}@anthropic`).stats).toEqual(statsBefore);
  });

  it('many 400s never open the circuit', async () => {
    h.fake.setFault(HAIKU_45, { status: 400 });
    for (let i = 0; i < 10; i++) expect((await rejection(h.complete(ask(`bad ${i}`, { task: 'simple_qa' })))).code).toBe(status.INVALID_ARGUMENT);
    expect(state(h, HAIKU_45)).toBe('closed');
    expect(h.fake.calls()).toBe(10);
  });

  it('a 401 returns INTERNAL after one call and leaves the counts unchanged', async () => {
    const statsBefore = h.app.breakers.get(`${HAIKU_45}@anthropic`).stats;
    h.fake.setFault(HAIKU_45, { status: 401 });
    const err = await rejection(h.complete(ask('hi', { task: 'simple_qa' })));
    expect(err.code).toBe(status.INTERNAL);
    expect(h.fake.calls()).toBe(1);
    await sleep(20);
    expect(h.app.breakers.get(`${HAIKU_45}@anthropic`).stats).toEqual(statsBefore);
  });

  it("the caller's deadline passing mid-call leaves the counts unchanged", async () => {
    const statsBefore = h.app.breakers.get(`${HAIKU_45}@anthropic`).stats;
    const logged = requestLogs(h).length;
    h.fake.setFault(HAIKU_45, { hang: true });
    // One model: all of the deadline is its own (in a chain it would get a share, and the fallback would answer).
    const err = await rejection(h.complete(ask('hang', { model: HAIKU_45 }), { deadlineMs: 300 }));
    expect(err.code).toBe(status.DEADLINE_EXCEEDED);
    await h.fake.waitForAborted(1, HAIKU_45, 3_000);
    await waitFor(() => requestLogs(h).length > logged, 3_000, 'the request log line');
    await sleep(20);
    expect(h.app.breakers.get(`${HAIKU_45}@anthropic`).stats).toEqual(statsBefore);
    expect(h.fake.calls(HAIKU_35)).toBe(0);
  });
});

describe('deadlines and cancellation', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ config: tuned() });
  });
  afterAll(() => h.close());
  beforeEach(() => h.fake.reset());

  it('a 500 ms deadline against a hanging upstream ends in DEADLINE_EXCEEDED and the upstream connection is aborted', async () => {
    h.fake.setFault(SONNET_4, { hang: true });
    const logged = requestLogs(h).length;
    const started = Date.now();
    const err = await rejection(h.complete(ask('hang', { model: SONNET_4 }), { deadlineMs: 500 }));
    expect(err.code).toBe(status.DEADLINE_EXCEEDED);
    expect(Date.now() - started).toBeLessThan(1_000);
    // The router, not only the client, gave up: the fake saw the connection closed, long before any upstream timeout.
    await h.fake.waitForAborted(1, SONNET_4, 2_000);
    expect(Date.now() - started).toBeLessThan(2_500);
    await waitFor(() => requestLogs(h).length > logged, 2_000, 'the request log line');
    const line = requestLogs(h).at(-1);
    expect(['DEADLINE_EXCEEDED', 'CANCELLED']).toContain(line?.['code']);
    expect(h.fake.calls(SONNET_4)).toBe(1);
  });

  it('a caller that cancels makes the router abort its upstream call', async () => {
    h.fake.setFault(SONNET_4, { hang: true });
    let callbackErr: grpc.ServiceError | null | undefined;
    const call = h.client.Complete(ask('cancel me', { model: SONNET_4 }), (err) => {
      callbackErr = err;
    });
    await waitFor(() => h.fake.calls(SONNET_4) === 1, 3_000, 'the upstream call');
    call.cancel();
    await h.fake.waitForAborted(1, SONNET_4, 2_000);
    await waitFor(() => callbackErr !== undefined, 2_000, 'the client callback');
    expect(callbackErr?.code).toBe(status.CANCELLED);
    expect(h.fake.calls(SONNET_4)).toBe(1);
  });

  it('one call timing out does not abort another call to the same model', async () => {
    h.fake.setFault(SONNET_4, { delayMs: 800, times: 1 });
    const slow = rejection(h.complete(ask('slow', { model: SONNET_4 }), { deadlineMs: 300 }));
    await waitFor(() => h.fake.calls(SONNET_4) === 1, 3_000, 'the slow call to reach upstream');
    // The second call is still in flight when the first one's deadline passes.
    h.fake.setFault(SONNET_4, { delayMs: 500, times: 1 });
    const normal = h.complete(ask('normal', { model: SONNET_4 }));
    expect((await slow).code).toBe(status.DEADLINE_EXCEEDED);
    await h.fake.waitForAborted(1, SONNET_4, 2_000);
    const res = await normal;
    expect(res.model).toBe(SONNET_4);
    expect(steps(res)).toEqual([[SONNET_4, 'ok']]);
    expect(h.fake.calls(SONNET_4)).toBe(2);
    expect(h.fake.aborted(SONNET_4)).toBe(1);
  });
});

describe('the per-attempt timeout (UPSTREAM_TIMEOUT_MS) without a caller deadline', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ config: tuned({ upstreamTimeoutMs: 400, breaker: { volume_threshold: 100 } }) });
  });
  afterAll(() => h.close());

  it('a hanging primary is abandoned after the attempt timeout and the next model answers', async () => {
    h.fake.setFault(HAIKU_45, { hang: true });
    const started = Date.now();
    const res = await h.complete(ask('hi', { task: 'simple_qa' }));
    expect(Date.now() - started).toBeLessThan(2_500);
    expect(res.model).toBe(HAIKU_35);
    expect(steps(res)).toEqual([
      [HAIKU_45, 'error'],
      [HAIKU_35, 'ok'],
    ]);
    expect(res.attempts[0]?.error).toContain('no content within the first-token limit');
    await h.fake.waitForAborted(1, HAIKU_45, 2_000);
  });
});

describe('deadlines, reported the way they happened', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ config: tuned({ retry: { max_retries_per_model: 0 } }) });
  });
  afterAll(() => h.close());
  beforeEach(() => h.fake.reset());

  it('a passed deadline is logged as DEADLINE_EXCEEDED, not CANCELLED', async () => {
    h.fake.setFault(SONNET_4, { hang: true });
    const err = await rejection(h.complete(ask('slow', { model: SONNET_4 }), { deadlineMs: 300 }));
    expect(err.code).toBe(status.DEADLINE_EXCEEDED);
    await waitFor(() => h.logs().some((r) => r['event'] === 'request' && r['rpc'] === 'Complete' && r['code'] !== 'OK'), 3_000, 'the request line');
    const line = h
      .logs()
      .filter((r) => r['event'] === 'request' && r['rpc'] === 'Complete')
      .pop();
    expect(line?.['code']).toBe('DEADLINE_EXCEEDED');
  });

  it('no model is tried with less than min_attempt_ms left', async () => {
    const tight = await startHarness({
      fake: h.fake,
      config: (c) => {
        tuned({ retry: { max_retries_per_model: 0 } })(c);
        c.resilience.min_attempt_ms = 1_000;
      },
    });
    try {
      const err = await rejection(tight.complete(ask('hi', { model: SONNET_4 }), { deadlineMs: 500 }));
      expect(err.code).toBe(status.DEADLINE_EXCEEDED);
      expect(err.details).toMatch(/deadline too close to try/);
      expect(h.fake.calls()).toBe(0);
    } finally {
      await tight.close();
    }
  });

  it('every model timing out upstream (504) is DEADLINE_EXCEEDED, with the attempts in the message', async () => {
    h.fake.setFault('*', { status: 504 });
    const err = await rejection(h.complete(ask('hi', { task: 'simple_qa' })));
    expect(err.code).toBe(status.DEADLINE_EXCEEDED);
    expect(err.details).toContain('timeout_error');
  });
});
