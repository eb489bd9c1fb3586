import { status } from '@grpc/grpc-js';
import type { CircuitState } from '../../src/resilience/modelBreaker';
import type { CompleteResponse__Output } from '../../src/generated/modelrouter/v1/CompleteResponse';
import { ask, rejection, startHarness, type Harness } from '../fakes/routerHarness';
import {
  HAIKU_45,
  HAIKU_35,
  SONNET_4,
  SIMPLE_QA,
  tuned,
  sleep,
  waitFor,
  steps,
  state,
  waitForState,
  trip,
  healthClient,
  checkHealth,
  type HealthClient,
} from '../fakes/resilience';

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
    h.app.breakers.onTransition((_deployment, s, model) => transitions.push([model, s]));
    health = healthClient(h.app.port);
  });
  afterAll(async () => {
    health.close();
    await h.close();
  });

  it('in order, one story: opens past volume_threshold, skips the primary while open, is reported everywhere, recovers through a probe, and one transient 529 after recovery does not re-open it', async () => {
    // opens once volume_threshold calls in the window failed above the threshold, not before
    {
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
    }
    // while open, the next 10 requests make no call to the primary and are all answered by the fallback
    {
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
    }
    // GetModel, ListModels, Route and grpc.health.v1 all report it
    {
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
    }
    // recovers after the reset timeout: the probe succeeds, the circuit closes, health reads SERVING again
    {
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
    }
    // once recovered, a single transient 529 (then successes: 10%) does not re-open it
    {
      expect(state(h, HAIKU_45)).toBe('closed');
      h.fake.setFault(HAIKU_45, { status: 529, times: 1 });
      for (let i = 0; i < 10; i++) await h.complete(ask(`after recovery ${i}`, { task: 'simple_qa' }));
      expect(transitions.map(([, s]) => s)).toEqual(['open', 'half_open', 'closed']);
      expect(state(h, HAIKU_45)).toBe('closed');
    }
  });

  // The failures that opened the circuit are still in opossum's rolling window after it closes (opossum does not
  // reset its stats on close): 4 failures + 1 probe success, so one more failure is 5/6 > 50% and re-opens it.
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

  it('in order, one story: exactly one probe among 20 concurrent requests, a failed probe re-opens, a 400 probe leaves it half-open', async () => {
    // lets exactly one probe through 20 concurrent requests; the rest fall back; then it closes and the primary serves
    {
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
    }
    // a failed probe re-opens it: one more call to the primary, then the next requests skip it again
    {
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
    }
    // a 400 probe leaves it half-open (not closed, counts unchanged); the next request can still probe
    {
      await trip(h, HAIKU_45);
      await waitForState(h, HAIKU_45, 'half_open');
      h.fake.setFault(HAIKU_45, { status: 400, message: 'messages: bad block', times: 1 });
      const statsBefore = h.app.breakers.get(`${HAIKU_45}@anthropic`).stats;
      const before = h.fake.calls(HAIKU_45);
      const fallbackBefore = h.fake.calls(HAIKU_35);
      const err = await rejection(h.complete(ask('bad', { task: 'simple_qa' })));
      expect(err.code).toBe(status.INVALID_ARGUMENT);
      expect(h.fake.calls(HAIKU_45)).toBe(before + 1);
      expect(h.fake.calls(HAIKU_35)).toBe(fallbackBefore);
      await sleep(20); // let any (wrongly) replayed outcome land
      expect(state(h, HAIKU_45)).toBe('half_open');
      expect(h.app.breakers.get(`${HAIKU_45}@anthropic`).stats).toEqual(statsBefore);

      const res = await h.complete(ask('good', { task: 'simple_qa' }));
      expect(res.model).toBe(HAIKU_45);
      expect(steps(res)).toEqual([[HAIKU_45, 'ok']]);
      expect(h.fake.calls(HAIKU_45)).toBe(before + 2);
      expect(state(h, HAIKU_45)).toBe('closed');
    }
  });
});

// With retries on, a failed probe is retried on the same model after backoffDelay(), which is full jitter and can be
// 0; base_delay_ms = 0 makes it always 0. The retry must find the circuit open again, not take a second probe.

describe('a failed probe with retries enabled', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      config: tuned({ retry: { max_retries_per_model: 1, base_delay_ms: 0, budget_min_retries: 100 }, breaker: { reset_timeout_ms: 300 } }),
    });
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
      else
        expect(steps(res)).toEqual([
          [HAIKU_45, 'error'],
          [HAIKU_35, 'ok'],
        ]);
    }
    expect(served).toBe(36);
    expect(h.fake.calls(HAIKU_45)).toBe(40);
    expect(transitions).toEqual([]);
    expect(state(h, HAIKU_45)).toBe('closed');
    expect(h.app.breakers.get(`${HAIKU_45}@anthropic`).stats).toMatchObject({ fires: 40, failures: 4, successes: 36 });
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
