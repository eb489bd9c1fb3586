import { connectFleetRedis, type FleetRedis } from '../../src/fleet/fleetRedis';
import { SharedBreakers } from '../../src/fleet/sharedBreakers';
import { createLogger } from '../../src/observability/logger';
import { startRedisServer, type RedisServerHandle } from '../fakes/redisServer';
import { sleep, waitFor } from '../fakes/waiting';

const silent = createLogger('silent');
const SLOT_MS = 300;

let redis: RedisServerHandle;
const open: { close(): unknown }[] = [];
beforeAll(async () => {
  redis = await startRedisServer();
});
afterEach(async () => {
  for (const c of open.splice(0)) await c.close();
});
afterAll(async () => redis?.stop());

async function replica(): Promise<SharedBreakers> {
  const fleet: FleetRedis = connectFleetRedis({ url: redis.url, commandTimeoutMs: 500, connectTimeoutMs: 2_000 }, 'mrprobe:', silent);
  open.push(fleet);
  await waitFor('redis', () => fleet.ready() !== undefined, 5_000);
  const shared = new SharedBreakers(fleet, SLOT_MS, 10_000, { follow: () => undefined, signal: () => undefined, fellBack: () => undefined }, silent);
  open.push(shared);
  return shared;
}

/** Both replicas' breakers go half-open on `key`; resolves with the one that won the probe slot, then the other. */
async function halfOpen(key: string): Promise<[SharedBreakers, SharedBreakers]> {
  const [a, b] = [await replica(), await replica()];
  a.changed(key, 'half_open', 'local');
  await sleep(20);
  b.changed(key, 'half_open', 'local');
  await sleep(50);
  return [a, b];
}

describe('the fleet-wide half-open probe slot', () => {
  it('a probe that outlasts the slot keeps it: no second probe goes out while the first runs', async () => {
    const [a, b] = await halfOpen('long-probe');
    expect(a.mayProbe('long-probe')).toBe(true); // the probe starts; its slot is renewed from now on
    await sleep(SLOT_MS * 4);
    expect(b.mayProbe('long-probe')).toBe(false);
    // The outcome arrives: the slot is let go, and the next half-open race is open to anyone.
    a.changed('long-probe', 'open', 'local');
    b.changed('long-probe', 'open', 'local');
    b.changed('long-probe', 'half_open', 'local');
    await waitFor('b to win the next race', () => b.mayProbe('long-probe'), 2_000);
  });

  it('a slot won but never used expires, and another replica probes', async () => {
    const [a, b] = await halfOpen('idle-holder');
    await waitFor('b to take the expired slot', () => b.mayProbe('idle-holder'), SLOT_MS * 6);
    expect(a.mayProbe('idle-holder')).toBe(false);
  });
});
