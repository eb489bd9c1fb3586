import { ANY_MODEL } from '../../src/simulator/faults';
import { answered, completeOn, spread, startFleet, type FleetRig, type Replica } from '../fakes/fleetRig';
import { ask } from '../fakes/routerHarness';
import { sleep, waitFor } from '../fakes/waiting';

jest.setTimeout(90_000);

describe('coalescing across three replicas', () => {
  let rig: FleetRig;
  beforeAll(async () => {
    rig = await startFleet({ env: { RETRY_MAX_PER_MODEL: '0' } });
  });
  afterAll(async () => rig?.close());

  it('30 identical requests over three replicas with a 5 s upstream make one upstream call, all answered alike', async () => {
    rig.fake.setFault(ANY_MODEL, { delayMs: 5_000 });
    const request = ask('the same question, thirty times', { task: 'simple_qa', temperature: 0 });
    const before = rig.fake.calls();
    const outcomes = await spread(rig.replicas, 30, 30, () => request);
    expect(answered(outcomes)).toBe(30);
    expect(rig.fake.calls() - before).toBe(1);
    expect(new Set(outcomes.map((o) => o.response?.text)).size).toBe(1);
    expect(outcomes.filter((o) => o.response?.cached === false)).toHaveLength(1);
  });
});

describe('coalescing when the filling replica dies', () => {
  let rig: FleetRig;
  beforeAll(async () => {
    rig = await startFleet({
      env: { RETRY_MAX_PER_MODEL: '0' },
      // A dead filler's lock lapses sooner: the takeover is what is tested, not the default TTL.
      config: (raw) => {
        ((raw['cache'] as Record<string, unknown>)['redis'] as Record<string, unknown>)['lock_ttl_ms'] = 1_500;
      },
    });
  });
  afterAll(async () => rig?.close());

  it('a filler that dies: its lock expires and one waiter takes over; Redis that dies: the waiters go upstream at once', async () => {
    rig.fake.setFault(ANY_MODEL, { delayMs: 3_000 });
    const request = ask('asked of a replica about to die', { task: 'simple_qa', temperature: 0 });
    const [doomed, ...others] = rig.replicas as [Replica, Replica, Replica];
    const before = rig.fake.calls();
    void completeOn(doomed, request);
    await waitFor('the doomed replica to call upstream', () => rig.fake.calls() > before, 5_000);
    const waiting = spread(others, 10, 10, () => request);
    await sleep(300);
    doomed.process.child.kill('SIGKILL');
    const outcomes = await waiting;
    expect(answered(outcomes)).toBe(10);
    expect(rig.fake.calls() - before).toBe(2);

    // Redis dies while one replica waits for the other's fill: it stops waiting and calls upstream itself.
    const [filler, waiter] = others as [Replica, Replica];
    const again = ask('asked while Redis is about to die', { task: 'simple_qa', temperature: 0 });
    const start = rig.fake.calls();
    const filled = completeOn(filler, again);
    await waitFor('the filler to call upstream', () => rig.fake.calls() > start, 5_000);
    const waiters = spread([waiter], 4, 4, () => again);
    await sleep(300);
    await rig.redis.kill();
    const [first, rest] = await Promise.all([filled, waiters]);
    expect(answered([first, ...rest])).toBe(5);
    // One call each: the waiting replica did not sit out its deadline (15 s) but went upstream when Redis died.
    expect(rig.fake.calls() - start).toBe(2);
    expect(Math.max(...rest.map((o) => o.ms))).toBeLessThan(3_000 + 2_500);
  });
});
