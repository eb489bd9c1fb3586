import Anthropic from '@anthropic-ai/sdk';
import { status } from '@grpc/grpc-js';
import { answered, completeOn, spread, startFleet, trailer, type FleetRig, type Replica } from '../fakes/fleetRig';
import { ask } from '../fakes/routerHarness';
import { sleep } from '../fakes/waiting';

jest.setTimeout(90_000);

function routedModel(rig: FleetRig, task: string): Promise<string> {
  return new Promise((resolve, reject) => {
    rig.replicas[0]?.client.Route(ask('which model?', { task }), (err, res) => (err || !res ? reject(err ?? new Error('no answer')) : resolve(res.model)));
  });
}

describe('rate limits across three replicas', () => {
  let rig: FleetRig;
  beforeAll(async () => {
    rig = await startFleet({
      config: (raw) => {
        raw['rate_limits'] = [
          { caller: '*', requests_per_minute: 100 },
          { caller: '*', task: 'code_generation', requests_per_minute: 10 },
        ];
      },
    });
  });
  afterAll(async () => rig?.close());

  it('hold fleet-wide per (caller, task) and per caller, refuse with retry-after, and fall back to per-replica limits when Redis dies', async () => {
    const code = await spread(rig.replicas, 20, 6, (i) => ask(`write code ${i}`, { task: 'code_generation' }));
    expect(answered(code)).toBe(10);
    const refused = code.filter((o) => o.error);
    for (const o of refused) {
      expect(o.error?.code).toBe(status.RESOURCE_EXHAUSTED);
      expect(trailer(o, 'error-type')).toBe('rate_limit_error');
      expect(Number(trailer(o, 'retry-after'))).toBeGreaterThanOrEqual(1);
      expect(o.error?.details).toMatch(/10 requests per minute for task 'code_generation'/);
    }
    // The caller's own 100 counted the 10 code calls that ran, not the 10 refused.
    const qa = await spread(rig.replicas, 150, 12, (i) => ask(`question ${i}`, { task: 'simple_qa' }));
    // Counted exactly across the replicas: a burst is a minute from fading out of the window.
    expect(answered(qa)).toBe(90);
    expect(qa.filter((o) => o.error).every((o) => o.error?.code === status.RESOURCE_EXHAUSTED)).toBe(true);
    // The HTTP door counts against the same limit: 429 with retry-after, to the Anthropic SDK.
    const sdk = new Anthropic({ apiKey: 'unused', baseURL: `http://127.0.0.1:${rig.replicas[1]?.httpPort}`, maxRetries: 0 });
    const refusal = await sdk.messages
      .create({ model: 'auto', max_tokens: 16, messages: [{ role: 'user', content: 'over the limit?' }] })
      .catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(Anthropic.RateLimitError);
    expect(Number((refusal as InstanceType<typeof Anthropic.RateLimitError>).headers?.get('retry-after'))).toBeGreaterThanOrEqual(1);

    // Redis gone: each replica counts alone (a fresh window of its own), nobody hangs.
    await rig.redis.kill();
    const alone = await spread(rig.replicas, 9, 3, (i) => ask(`alone ${i}`, { task: 'simple_qa' }));
    expect(answered(alone)).toBe(9);
    expect(Math.max(...alone.map((o) => o.ms))).toBeLessThan(3_000);
    await Promise.all(rig.replicas.map((r) => r.process.waitForEvent('fleet_local_fallback', 5_000, (e) => e['feature'] === 'rate_limit')));
  });
});

describe('breakers and budgets shared across three replicas', () => {
  let rig: FleetRig;
  beforeAll(async () => {
    rig = await startFleet({
      // A team's budget smaller than one call: the first call of the team spends it, fleet-wide.
      config: (raw) => {
        raw['budgets'] = { labels: ['team'], limits: [{ label: { team: '*' }, period: 'day', usd: 0.000001 }] };
      },
      env: {
        BREAKER_CONSECUTIVE_FAILURES: '2',
        BREAKER_VOLUME_THRESHOLD: '2',
        BREAKER_RESET_TIMEOUT_MS: '2000',
        RETRY_MAX_PER_MODEL: '0',
        CACHE_ENABLED: 'false',
      },
    });
  });
  afterAll(async () => rig?.close());

  it('an opening on one replica is followed by the others within a second, and one half-open probe goes out for the fleet', async () => {
    const [first, ...others] = rig.replicas as [Replica, Replica, Replica];
    const model = await routedModel(rig, 'simple_qa');
    rig.fake.setFault(model, { status: 529 });
    const failing = [await completeOn(first, ask('a', { task: 'simple_qa' })), await completeOn(first, ask('b', { task: 'simple_qa' }))];
    // The fallback answers while the primary fails.
    expect(failing.map((o) => o.response?.attempts[0]?.outcome)).toEqual(['error', 'error']);
    const opened = Date.now();
    await Promise.all(
      others.map((r) => r.process.waitForEvent('circuit_transition', 1_000, (e) => e['state'] === 'open' && e['source'] === 'fleet' && e['model'] === model)),
    );
    expect(Date.now() - opened).toBeLessThan(1_000);
    const before = rig.fake.calls(model);
    for (const r of others) {
      const o = await completeOn(r, ask('skip it', { task: 'simple_qa' }));
      expect(o.response?.attempts[0]).toMatchObject({ model, outcome: 'skipped_circuit_open' });
    }
    expect(rig.fake.calls(model)).toBe(before);

    // Half-open everywhere: many calls on every replica, one probe upstream (it fails: open again everywhere).
    await sleep(2_300);
    await spread(rig.replicas, 12, 12, (i) => ask(`probe ${i}`, { task: 'simple_qa' }));
    expect(rig.fake.calls(model)).toBe(before + 1);

    // The model is back: again one probe, it succeeds, and every replica calls the model again.
    rig.fake.setFault(model, null);
    await sleep(2_300);
    await spread(rig.replicas, 12, 12, (i) => ask(`recover ${i}`, { task: 'simple_qa' }));
    // One probe again; calls that start once it has closed the breakers may reach the model too (it is back).
    expect(rig.fake.calls(model)).toBeGreaterThanOrEqual(before + 2);
    // Closed everywhere: on the replica whose probe succeeded by itself, on the others by following it.
    const closings = await Promise.all(rig.replicas.map((r) => r.process.waitForEvent('circuit_transition', 2_000, (e) => e['state'] === 'closed')));
    expect(closings.map((e) => e['source']).sort()).toEqual(['fleet', 'fleet', 'local']);
    const after = await spread(rig.replicas, 3, 3, (i) => ask(`after ${i}`, { task: 'simple_qa' }));
    expect(after.map((o) => o.response?.attempts[0]?.outcome)).toEqual(['ok', 'ok', 'ok']);
  });

  it('a budget spent through one replica stops the team on the other two', async () => {
    const [first, ...others] = rig.replicas as [Replica, Replica, Replica];
    const team = ask('spend it', { task: 'code_generation', labels: { team: `fleet-${Date.now()}` } });
    const spent = await completeOn(first, team);
    expect(spent.response?.cost_usd).toBeGreaterThan(0.000001);
    for (const r of [first, ...others]) {
      const refused = await completeOn(r, team);
      expect(refused.error?.code).toBe(status.RESOURCE_EXHAUSTED);
      expect(trailer(refused, 'error-type')).toBe('budget_exceeded');
    }
    // Another team, and calls with no team, are not held by it.
    expect((await completeOn(others[0], ask('not the team', { task: 'code_generation' }))).response).toBeDefined();
  });
});
