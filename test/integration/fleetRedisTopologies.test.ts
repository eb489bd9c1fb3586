import { createRedisStore } from '../../src/cache/redisStore';
import { connectFleetRedis, type FleetRedis } from '../../src/fleet/fleetRedis';
import { FleetRateLimiter } from '../../src/fleet/rateLimiter';
import { SharedBreakers } from '../../src/fleet/sharedBreakers';
import { createLogger } from '../../src/observability/logger';
import type { RedisEndpoint } from '../../src/redis/redisClient';
import { startRedisCluster, startRedisSentinel } from '../fakes/redisTopologies';
import { waitFor } from '../fakes/waiting';

jest.setTimeout(60_000);

const silent = createLogger('silent');
const TIMEOUTS = { commandTimeoutMs: 500, connectTimeoutMs: 2_000 };

async function connected(endpoint: RedisEndpoint): Promise<FleetRedis> {
  const redis = connectFleetRedis(endpoint, 'mrtest:', silent);
  await waitFor('redis to be ready', () => redis.ready() !== undefined, 10_000);
  return redis;
}

describe.each([
  [
    'Cluster',
    async () => {
      const cluster = await startRedisCluster();
      return { endpoint: { cluster: { nodes: cluster.nodes }, ...TIMEOUTS }, stop: cluster.stop };
    },
  ],
  [
    'Sentinel',
    async () => {
      const sentinel = await startRedisSentinel();
      return { endpoint: { sentinel: { name: sentinel.name, sentinels: sentinel.sentinels }, ...TIMEOUTS }, stop: sentinel.stop };
    },
  ],
] as const)('fleet state on Redis %s', (_kind, start) => {
  let endpoint: RedisEndpoint;
  let stop: () => Promise<void>;
  const open: { close(): Promise<void> }[] = [];
  beforeAll(async () => {
    ({ endpoint, stop } = await start());
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((c) => c.close()));
  });
  afterAll(async () => stop?.());

  it('a rate limit counts the calls of two replicas in one window (each script keeps to one slot)', async () => {
    const [a, b] = await Promise.all([connected(endpoint), connected(endpoint)]);
    open.push(a, b);
    const fellBack: string[] = [];
    const limiters = [a, b].map((redis) => new FleetRateLimiter([{ caller: '*', requests_per_minute: 10 }], redis, (_f, reason) => fellBack.push(reason)));
    let admitted = 0;
    for (let i = 0; i < 16; i++) {
      const call = { caller: `topology-${_kind}`, task: 'general', estimatedInputTokens: 10, billed: true };
      await limiters[i % 2]?.admit(call).then(
        () => admitted++,
        () => undefined,
      );
    }
    expect(fellBack).toEqual([]);
    expect(admitted).toBe(10);
  });

  it('a breaker opening reaches the other replica, and one replica gets the half-open probe slot', async () => {
    const [a, b] = await Promise.all([connected(endpoint), connected(endpoint)]);
    open.push(a, b);
    const followed: string[] = [];
    const hooks = (who: string) => ({
      follow: (key: string, state: string) => followed.push(`${who}:${key}:${state}`),
      signal: () => undefined,
      fellBack: () => undefined,
    });
    const sa = new SharedBreakers(a, 5_000, 60_000, hooks('a'), silent);
    const sb = new SharedBreakers(b, 5_000, 60_000, hooks('b'), silent);
    open.push({ close: async () => (sa.close(), sb.close()) });
    await waitFor(
      'both subscribed',
      async () => {
        sa.changed(`probe-${_kind}`, 'open', 'local');
        await new Promise((r) => setTimeout(r, 50));
        return followed.includes(`b:probe-${_kind}:open`);
      },
      10_000,
      100,
    );
    expect(followed.some((f) => f.startsWith('a:'))).toBe(false);
    sa.changed(`slot-${_kind}`, 'half_open', 'local');
    sb.changed(`slot-${_kind}`, 'half_open', 'local');
    await waitFor('the slot to be decided', () => sa.mayProbe(`slot-${_kind}`) || sb.mayProbe(`slot-${_kind}`), 5_000);
    await new Promise((r) => setTimeout(r, 100));
    expect([sa.mayProbe(`slot-${_kind}`), sb.mayProbe(`slot-${_kind}`)].filter(Boolean)).toHaveLength(1);
  });

  it('a cache fill: lock, notice to the waiting replica, and the entry it then reads', async () => {
    const [one, two] = [0, 1].map(() => createRedisStore({ ...endpoint, maxEntryBytes: 1 << 20 }, silent));
    if (!one || !two) throw new Error('no stores');
    open.push(one, two);
    await waitFor('both stores up', () => one.state() === 'up' && two.state() === 'up', 10_000);
    const key = `fill-${_kind}`;
    expect(await one.tryLock(key, 5_000)).toBe('acquired');
    expect(await two.tryLock(key, 5_000)).toBe('held');
    const watch = two.watchFill?.(key);
    if (!watch) throw new Error('a Redis store watches fills');
    // The subscriber connects on its own time: announce until the notice lands.
    const heard = watch.next(Date.now() + 10_000, new AbortController().signal);
    one.set(key, 'the answer', 60);
    one.unlock(key);
    const announcing = setInterval(() => one.fillEnded?.(key), 100);
    try {
      expect(await heard).toBe('ended');
    } finally {
      clearInterval(announcing);
      watch.close();
    }
    expect(await two.get(key)).toBe('the answer');
  });
});
