import * as grpc from '@grpc/grpc-js';
import { status } from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { protoPath as healthProtoPath } from 'grpc-health-check';
import type { BreakerConfig, RetryConfig, RouterConfig } from '../../src/config/schema';
import type { CompleteResponse__Output } from '../../src/generated/modelrouter/v1/CompleteResponse';
import type { CircuitState } from '../../src/resilience/modelBreaker';
import { ask, rejection, startHarness, type Harness } from '../fakes/routerHarness';

// simple_qa = [HAIKU_45, HAIKU_35, SONNET_4] in config/router.yaml.
const HAIKU_45 = 'claude-haiku-4-5-20251001';
const HAIKU_35 = 'claude-3-5-haiku-20241022';
const SONNET_4 = 'claude-sonnet-4-20250514';
const OPUS_45 = 'claude-opus-4-5-20251101';
const SIMPLE_QA = [HAIKU_45, HAIKU_35, SONNET_4];

// ---------------------------------------------------------------------------------------------------------------
// helpers

interface Tuning {
  breaker?: Partial<BreakerConfig>;
  retry?: Partial<RetryConfig>;
  upstreamTimeoutMs?: number;
}

/** Short real timers, no cache (a cached answer would hide upstream behaviour). */
function tuned(t: Tuning = {}): (c: RouterConfig) => void {
  return (c) => {
    c.cache.enabled = false;
    Object.assign(
      c.resilience.breaker,
      { error_threshold_percent: 50, volume_threshold: 4, reset_timeout_ms: 300, rolling_window_ms: 10_000 },
      t.breaker,
    );
    Object.assign(c.resilience.retry, { base_delay_ms: 10 }, t.retry);
    if (t.upstreamTimeoutMs !== undefined) c.upstream.timeout_ms = t.upstreamTimeoutMs;
  };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until the predicate holds; fails with `what` after timeoutMs. */
async function waitFor(predicate: () => boolean | Promise<boolean>, timeoutMs = 3_000, what = 'condition'): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (await predicate()) return;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(10);
  }
}

function steps(res: CompleteResponse__Output): Array<[string, string]> {
  return res.attempts.map((a) => [a.model, a.outcome]);
}

function state(h: Harness, model: string): CircuitState {
  return h.app.breakers.state(model);
}

function waitForState(h: Harness, model: string, want: CircuitState, timeoutMs = 5_000): Promise<void> {
  return waitFor(() => state(h, model) === want, timeoutMs, `${model} to be ${want} (is ${state(h, model)})`);
}

/** Fails `model` with 529s through `task` until its breaker opens; every request is still answered by a fallback. */
async function trip(h: Harness, model: string, task = 'simple_qa'): Promise<void> {
  h.fake.setFault(model, { status: 529 });
  for (let i = 0; i < 40 && state(h, model) !== 'open'; i++) {
    const res = await h.complete(ask(`trip ${model} ${i}`, { task }));
    expect(res.model).not.toBe(model);
  }
  expect(state(h, model)).toBe('open');
}

function requestLogs(h: Harness): Array<Record<string, unknown>> {
  return h.logs().filter((r) => r['event'] === 'request');
}

type HealthStatus = 'UNKNOWN' | 'SERVING' | 'NOT_SERVING' | 'SERVICE_UNKNOWN';

interface HealthClient extends grpc.Client {
  Check(
    request: { service: string },
    callback: (err: grpc.ServiceError | null, res?: { status: HealthStatus }) => void,
  ): grpc.ClientUnaryCall;
}

/** A grpc.health.v1 client built from grpc-health-check's own proto. */
function healthClient(port: number): HealthClient {
  const definition = protoLoader.loadSync(healthProtoPath, { keepCase: true, enums: String, defaults: true });
  const loaded = grpc.loadPackageDefinition(definition) as unknown as {
    grpc: { health: { v1: { Health: new (address: string, creds: grpc.ChannelCredentials) => HealthClient } } };
  };
  return new loaded.grpc.health.v1.Health(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
}

function checkHealth(client: HealthClient, service: string): Promise<HealthStatus> {
  return new Promise((resolve, reject) => {
    client.Check({ service }, (err, res) => (err ? reject(err) : resolve(res?.status ?? 'UNKNOWN')));
  });
}

// ---------------------------------------------------------------------------------------------------------------

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
    h = await startHarness({ config: tuned({ retry: { max_retries_per_model: 1, budget_min_retries: 100 }, breaker: { volume_threshold: 100 } }) });
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

describe('failures in a row open the circuit even when the window is full of successes', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ config: tuned({ retry: { max_retries_per_model: 0 }, breaker: { consecutive_failures: 5, reset_timeout_ms: 60_000 } }) });
  });
  afterAll(() => h.close());

  it('50 successes, then the primary dies: it opens on the 5th failure, not after the window has turned over', async () => {
    for (let i = 0; i < 50; i++) expect((await h.complete(ask(`ok ${i}`, { task: 'simple_qa' }))).model).toBe(HAIKU_45);
    h.fake.setFault(HAIKU_45, { status: 529 });
    for (let i = 0; i < 4; i++) await h.complete(ask(`down ${i}`, { task: 'simple_qa' }));
    expect(state(h, HAIKU_45)).toBe('closed');
    await h.complete(ask('down 4', { task: 'simple_qa' }));
    expect(state(h, HAIKU_45)).toBe('open');
    const before = h.fake.calls(HAIKU_45);
    for (let i = 0; i < 5; i++) expect((await h.complete(ask(`after ${i}`, { task: 'simple_qa' }))).model).toBe(HAIKU_35);
    expect(h.fake.calls(HAIKU_45)).toBe(before);
  });
});

describe('an open circuit', () => {
  let h: Harness;
  let health: HealthClient;
  const transitions: Array<[string, CircuitState]> = [];
  beforeAll(async () => {
    // Long enough that the breaker cannot go half-open while the skipped requests run on a slow machine.
    h = await startHarness({ config: tuned({ retry: { max_retries_per_model: 0 }, breaker: { reset_timeout_ms: 1_200 } }) });
    h.app.breakers.onTransition((model, s) => transitions.push([model, s]));
    health = healthClient(h.app.port);
  });
  afterAll(async () => {
    health.close();
    await h.close();
  });

  it('opens once volume_threshold calls in the window failed above the threshold, not before', async () => {
    expect(await checkHealth(health, HAIKU_45)).toBe('SERVING');
    h.fake.setFault(HAIKU_45, { status: 529 });
    for (let i = 0; i < 3; i++) {
      const res = await h.complete(ask(`q${i}`, { task: 'simple_qa' }));
      expect(res.model).toBe(HAIKU_35);
      expect(steps(res)).toEqual([
        [HAIKU_45, 'error'],
        [HAIKU_35, 'ok'],
      ]);
    }
    expect(state(h, HAIKU_45)).toBe('closed');
    await h.complete(ask('q3', { task: 'simple_qa' }));
    expect(state(h, HAIKU_45)).toBe('open');
    expect(transitions).toEqual([[HAIKU_45, 'open']]);
    expect(h.fake.calls(HAIKU_45)).toBe(4);
  });

  it('while open, the next 10 requests make no call to the primary and are all answered by the fallback', async () => {
    const before = h.fake.calls(HAIKU_45);
    for (let i = 0; i < 10; i++) {
      const res = await h.complete(ask(`open ${i}`, { task: 'simple_qa' }));
      expect(res.model).toBe(HAIKU_35);
      expect(res.fallback).toBe(true);
      expect(steps(res)).toEqual([
        [HAIKU_45, 'skipped_circuit_open'],
        [HAIKU_35, 'ok'],
      ]);
      expect(res.attempts[0]?.error).toContain('circuit open');
    }
    expect(h.fake.calls(HAIKU_45)).toBe(before);
    expect(state(h, HAIKU_45)).toBe('open');
  });

  it('GetModel, ListModels, Route and grpc.health.v1 all report it', async () => {
    expect((await h.getModel(HAIKU_45)).circuit_state).toBe('open');
    expect((await h.getModel(HAIKU_35)).circuit_state).toBe('closed');
    const list = await h.listModels({ limit: 100 });
    const byId = new Map(list.data.map((m) => [m.id, m.circuit_state]));
    expect(byId.get(HAIKU_45)).toBe('open');
    expect(byId.get(HAIKU_35)).toBe('closed');
    const route = await h.route(ask('x', { task: 'simple_qa' }));
    expect(route.model).toBe(HAIKU_35);
    expect(route.fallbacks).toEqual([SONNET_4]);
    expect(route.reason).toContain('circuit open');
    expect(route.reason).toContain(HAIKU_45);
    expect(await checkHealth(health, HAIKU_45)).toBe('NOT_SERVING');
    expect(await checkHealth(health, HAIKU_35)).toBe('SERVING');
    expect(await checkHealth(health, '')).toBe('SERVING');
  });

  it('recovers after the reset timeout: the probe succeeds, the circuit closes, health reads SERVING again', async () => {
    h.fake.setFault(HAIKU_45, null);
    await waitForState(h, HAIKU_45, 'half_open');
    const res = await h.complete(ask('probe', { task: 'simple_qa' }));
    expect(res.model).toBe(HAIKU_45);
    expect(res.fallback).toBe(false);
    expect(steps(res)).toEqual([[HAIKU_45, 'ok']]);
    expect(state(h, HAIKU_45)).toBe('closed');
    expect((await h.getModel(HAIKU_45)).circuit_state).toBe('closed');
    await waitFor(async () => (await checkHealth(health, HAIKU_45)) === 'SERVING', 2_000, 'health SERVING');
    expect(transitions.map(([, s]) => s)).toEqual(['open', 'half_open', 'closed']);
  });

  // The failures that opened the circuit are still in opossum's rolling window after it closes (opossum does not
  // reset its stats on close): 4 failures + 1 probe success, so one more failure is 5/6 > 50% and re-opens it.
  it('once recovered, a single transient 529 (then successes: 10%) does not re-open it', async () => {
    expect(state(h, HAIKU_45)).toBe('closed');
    h.fake.setFault(HAIKU_45, { status: 529, times: 1 });
    for (let i = 0; i < 10; i++) await h.complete(ask(`after recovery ${i}`, { task: 'simple_qa' }));
    expect(transitions.map(([, s]) => s)).toEqual(['open', 'half_open', 'closed']);
    expect(state(h, HAIKU_45)).toBe('closed');
  });
});

describe('half-open', () => {
  let h: Harness;
  let health: HealthClient;
  const RESET_MS = 500;
  beforeAll(async () => {
    h = await startHarness({ config: tuned({ retry: { max_retries_per_model: 0 }, breaker: { reset_timeout_ms: RESET_MS } }) });
    health = healthClient(h.app.port);
  });
  afterAll(async () => {
    health.close();
    await h.close();
  });

  it('lets exactly one probe through 20 concurrent requests; the rest fall back; then it closes and the primary serves', async () => {
    await trip(h, HAIKU_45);
    await waitForState(h, HAIKU_45, 'half_open');
    // The fault is gone; the probe is slow, so all 20 requests arrive while it is still in flight.
    h.fake.setFault(HAIKU_45, { delayMs: 800, times: 1 });
    const before = h.fake.calls(HAIKU_45);
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => h.complete(ask(`concurrent ${i}`, { task: 'simple_qa' }))));
    expect(h.fake.calls(HAIKU_45) - before).toBe(1);
    const probes = results.filter((r) => r.model === HAIKU_45);
    const fallbacks = results.filter((r) => r.model !== HAIKU_45);
    expect(probes).toHaveLength(1);
    expect(steps(probes[0] as CompleteResponse__Output)).toEqual([[HAIKU_45, 'ok']]);
    expect(fallbacks).toHaveLength(19);
    for (const r of fallbacks) {
      expect(r.model).toBe(HAIKU_35);
      expect(steps(r)).toEqual([
        [HAIKU_45, 'skipped_circuit_open'],
        [HAIKU_35, 'ok'],
      ]);
    }
    expect(state(h, HAIKU_45)).toBe('closed');
    const after = h.fake.calls(HAIKU_45);
    for (let i = 0; i < 3; i++) {
      const res = await h.complete(ask(`after ${i}`, { task: 'simple_qa' }));
      expect(res.model).toBe(HAIKU_45);
      expect(res.fallback).toBe(false);
    }
    expect(h.fake.calls(HAIKU_45)).toBe(after + 3);
  });

  it('a failed probe re-opens it: one more call to the primary, then the next requests skip it again', async () => {
    await trip(h, HAIKU_45);
    await waitForState(h, HAIKU_45, 'half_open');
    const before = h.fake.calls(HAIKU_45);
    const res = await h.complete(ask('probe', { task: 'simple_qa' })); // the 529 fault is still on
    expect(steps(res)).toEqual([
      [HAIKU_45, 'error'],
      [HAIKU_35, 'ok'],
    ]);
    expect(h.fake.calls(HAIKU_45)).toBe(before + 1);
    expect(state(h, HAIKU_45)).toBe('open');
    for (let i = 0; i < 3; i++) {
      const next = await h.complete(ask(`skip ${i}`, { task: 'simple_qa' }));
      expect(steps(next)).toEqual([
        [HAIKU_45, 'skipped_circuit_open'],
        [HAIKU_35, 'ok'],
      ]);
    }
    expect(h.fake.calls(HAIKU_45)).toBe(before + 1);
    expect(await checkHealth(health, HAIKU_45)).toBe('NOT_SERVING');
  });

  it('a 400 probe leaves it half-open (not closed, counts unchanged); the next request can still probe', async () => {
    await trip(h, HAIKU_45);
    await waitForState(h, HAIKU_45, 'half_open');
    h.fake.setFault(HAIKU_45, { status: 400, message: 'messages: bad block', times: 1 });
    const statsBefore = h.app.breakers.get(HAIKU_45).stats;
    const before = h.fake.calls(HAIKU_45);
    const fallbackBefore = h.fake.calls(HAIKU_35);
    const err = await rejection(h.complete(ask('bad', { task: 'simple_qa' })));
    expect(err.code).toBe(status.INVALID_ARGUMENT);
    expect(h.fake.calls(HAIKU_45)).toBe(before + 1);
    expect(h.fake.calls(HAIKU_35)).toBe(fallbackBefore);
    await sleep(20); // let any (wrongly) replayed outcome land
    expect(state(h, HAIKU_45)).toBe('half_open');
    expect(h.app.breakers.get(HAIKU_45).stats).toEqual(statsBefore);

    const res = await h.complete(ask('good', { task: 'simple_qa' }));
    expect(res.model).toBe(HAIKU_45);
    expect(steps(res)).toEqual([[HAIKU_45, 'ok']]);
    expect(h.fake.calls(HAIKU_45)).toBe(before + 2);
    expect(state(h, HAIKU_45)).toBe('closed');
  });
});

// With retries on, a failed probe is retried on the same model after backoffDelay(), which is full jitter and can be
// 0; base_delay_ms = 0 makes it always 0. The retry must find the circuit open again, not take a second probe.
describe('a failed probe with retries enabled', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ config: tuned({ retry: { max_retries_per_model: 1, base_delay_ms: 0, budget_min_retries: 100 }, breaker: { reset_timeout_ms: 300 } }) });
  });
  afterAll(() => h.close());

  it('costs the primary exactly one call and re-opens the circuit', async () => {
    await trip(h, HAIKU_45);
    await waitForState(h, HAIKU_45, 'half_open');
    const before = h.fake.calls(HAIKU_45);
    const res = await h.complete(ask('probe', { task: 'simple_qa' }));
    expect(res.model).toBe(HAIKU_35);
    expect(h.fake.calls(HAIKU_45) - before).toBe(1);
    expect(steps(res)).toEqual([
      [HAIKU_45, 'error'],
      [HAIKU_45, 'skipped_circuit_open'],
      [HAIKU_35, 'ok'],
    ]);
    expect(state(h, HAIKU_45)).toBe('open');
  });
});

describe('a low error rate keeps the circuit closed', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ config: tuned({ retry: { max_retries_per_model: 0 } }) });
  });
  afterAll(() => h.close());

  it('40 requests with every 10th a 529 (10%): never opens, the primary serves the rest', async () => {
    const transitions: Array<[string, CircuitState]> = [];
    h.app.breakers.onTransition((model, s) => transitions.push([model, s]));
    let served = 0;
    for (let i = 0; i < 40; i++) {
      if (i % 10 === 0) h.fake.setFault(HAIKU_45, { status: 529, times: 1 });
      const res = await h.complete(ask(`q${i}`, { task: 'simple_qa' }));
      if (res.model === HAIKU_45) served++;
      else expect(steps(res)).toEqual([
        [HAIKU_45, 'error'],
        [HAIKU_35, 'ok'],
      ]);
    }
    expect(served).toBe(36);
    expect(h.fake.calls(HAIKU_45)).toBe(40);
    expect(transitions).toEqual([]);
    expect(state(h, HAIKU_45)).toBe('closed');
    expect(h.app.breakers.get(HAIKU_45).stats).toMatchObject({ fires: 40, failures: 4, successes: 36 });
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
    const statsBefore = h.app.breakers.get(HAIKU_45).stats;
    expect(statsBefore.fires).toBe(1);
    h.fake.setFault(HAIKU_45, { status: 400, message: 'messages: bad block' });
    const err = await rejection(h.complete(ask('bad', { task: 'simple_qa' })));
    expect(err.code).toBe(status.INVALID_ARGUMENT);
    expect(err.details).toContain('400 invalid_request_error');
    expect(h.fake.calls(HAIKU_45)).toBe(2);
    expect(h.fake.calls()).toBe(2);
    await sleep(20);
    expect(h.app.breakers.get(HAIKU_45).stats).toEqual(statsBefore);
  });

  it('many 400s never open the circuit', async () => {
    h.fake.setFault(HAIKU_45, { status: 400 });
    for (let i = 0; i < 10; i++) expect((await rejection(h.complete(ask(`bad ${i}`, { task: 'simple_qa' })))).code).toBe(status.INVALID_ARGUMENT);
    expect(state(h, HAIKU_45)).toBe('closed');
    expect(h.fake.calls()).toBe(10);
  });

  it('a 401 returns INTERNAL after one call and leaves the counts unchanged', async () => {
    const statsBefore = h.app.breakers.get(HAIKU_45).stats;
    h.fake.setFault(HAIKU_45, { status: 401 });
    const err = await rejection(h.complete(ask('hi', { task: 'simple_qa' })));
    expect(err.code).toBe(status.INTERNAL);
    expect(h.fake.calls()).toBe(1);
    await sleep(20);
    expect(h.app.breakers.get(HAIKU_45).stats).toEqual(statsBefore);
  });

  it("the caller's deadline passing mid-call leaves the counts unchanged", async () => {
    const statsBefore = h.app.breakers.get(HAIKU_45).stats;
    const logged = requestLogs(h).length;
    h.fake.setFault(HAIKU_45, { hang: true });
    // One model: all of the deadline is its own (in a chain it would get a share, and the fallback would answer).
    const err = await rejection(h.complete(ask('hang', { model: HAIKU_45 }), { deadlineMs: 300 }));
    expect(err.code).toBe(status.DEADLINE_EXCEEDED);
    await h.fake.waitForAborted(1, HAIKU_45, 3_000);
    await waitFor(() => requestLogs(h).length > logged, 3_000, 'the request log line');
    await sleep(20);
    expect(h.app.breakers.get(HAIKU_45).stats).toEqual(statsBefore);
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

describe('every circuit of the chain open', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ config: tuned({ retry: { max_retries_per_model: 0 }, breaker: { reset_timeout_ms: 10_000 } }) });
  });
  afterAll(() => h.close());

  it('fails with UNAVAILABLE at once, without any upstream call', async () => {
    h.fake.setFault('*', { status: 529 });
    for (let i = 0; i < 20 && SIMPLE_QA.some((m) => state(h, m) !== 'open'); i++) {
      expect((await rejection(h.complete(ask(`trip ${i}`, { task: 'simple_qa' })))).code).toBe(status.UNAVAILABLE);
    }
    for (const model of SIMPLE_QA) expect(state(h, model)).toBe('open');

    const before = h.fake.calls();
    const started = Date.now();
    const err = await rejection(h.complete(ask('anyone?', { task: 'simple_qa' })));
    const elapsed = Date.now() - started;
    expect(err.code).toBe(status.UNAVAILABLE);
    expect(elapsed).toBeLessThan(1_000);
    expect(h.fake.calls()).toBe(before);
    for (const model of SIMPLE_QA) expect(err.details).toContain(`${model}: skipped_circuit_open`);

    // An explicit model whose circuit is open is refused the same way.
    const explicit = await rejection(h.complete(ask('you?', { model: HAIKU_45 })));
    expect(explicit.code).toBe(status.UNAVAILABLE);
    expect(h.fake.calls()).toBe(before);
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
    const line = h.logs().filter((r) => r['event'] === 'request' && r['rpc'] === 'Complete').pop();
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
