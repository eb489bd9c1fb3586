import type { RouterConfig } from '../../src/config/schema';
import { type Harness } from '../fakes/routerHarness';
import { timed, waitFor } from '../fakes/waiting';
import { HAIKU, KILLED_BOUND_MS, HUNG_BOUND_MS, RECOVERY_WAIT_MS, uniq, det, closeAll, newRedis, redisRouter } from '../fakes/cacheFixtures';

// Router-level tests of the response cache (issue 4). Redis is a real redis-server per describe on a private port
// (never the shared 6379). Bounds are generous and waits are polls: this runs on a noisy 2-core box.

afterAll(closeAll);

describe('two routers on one Redis', () => {
  let h1: Harness;
  let h2: Harness;

  beforeAll(async () => {
    const redis = await newRedis();
    // A replica waits up to lock_wait_ms for another's fill; 3 s (shipped: 1 s) keeps a loaded box from timing out
    // the wait on a 300 ms upstream call.
    const config = (c: RouterConfig): void => {
      c.cache.redis.lock_wait_ms = 3_000;
    };
    h1 = await redisRouter(redis.url, { config });
    h2 = await redisRouter(redis.url, { config, fake: h1.fake });
  });
  afterAll(closeAll);
  beforeEach(() => h1.fake.reset());

  it('share hits both ways', async () => {
    const a = det(uniq('shared a'));
    const first = await h1.complete(a);
    expect(first.cached).toBe(false);
    const second = await h2.complete(a);
    expect(second).toMatchObject({ cached: true, id: first.id, text: first.text, model: first.model, cost_usd: 0 });
    expect(h1.fake.calls()).toBe(1);

    const b = det(uniq('shared b'));
    const third = await h2.complete(b);
    expect(third.cached).toBe(false);
    expect((await h1.complete(b)).id).toBe(third.id);
    expect(h1.fake.calls()).toBe(2);
  });

  it('concurrent identical requests split across both routers make one upstream call (cross-replica fill lock)', async () => {
    const p = uniq('cross replica');
    h1.fake.setFault(HAIKU, { delayMs: 300 });
    const responses = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? h1 : h2).complete(det(p))));
    expect(h1.fake.calls()).toBe(1);
    const paid = responses.filter((r) => !r.cached);
    expect(paid).toHaveLength(1);
    for (const r of responses) {
      expect(r.text).toBe(paid[0]?.text);
      if (r.cached) expect(r.cost_usd).toBe(0);
    }
  });

  it('concurrent CACHE_MODE_REFRESH on both routers: neither returns the old entry it was told to skip', async () => {
    const p = uniq('concurrent refresh');
    const old = await h1.complete(det(p));
    expect((await h2.complete(det(p))).id).toBe(old.id);
    expect(h1.fake.calls()).toBe(1);

    h1.fake.setFault(HAIKU, { delayMs: 300, text: 'fresh answer' });
    const refresh = det(p, { cache: 'CACHE_MODE_REFRESH' });
    const onH1 = h1.complete(refresh);
    // h1's refresh has reached upstream, so it holds the cross-replica fill lock for the key.
    await waitFor('h1’s refresh to reach upstream', () => h1.fake.calls() === 2, 3_000, 5);
    const onH2 = await h2.complete(refresh);
    const fromH1 = await onH1;

    expect(fromH1).toMatchObject({ cached: false, text: 'fresh answer' });
    // h2 may wait for h1's fill or call upstream itself, but must not answer with the entry REFRESH skips.
    expect(onH2.id).not.toBe(old.id);
    expect(onH2.text).toBe('fresh answer');
    // And afterwards the entry is the refreshed one.
    h1.fake.setFault(HAIKU, null);
    const after = await h2.complete(det(p));
    expect(after.cached).toBe(true);
    expect(after.text).toBe('fresh answer');
  });
});

// =====================================================================================================

describe('Redis failing underneath a router', () => {
  afterAll(closeAll);

  async function hitsResume(h: Harness): Promise<void> {
    const p = uniq('after recovery');
    await waitFor(
      'a fill followed by a hit',
      async () => {
        expect((await h.complete(det(p))).text).toBeTruthy();
        return (await h.complete(det(p))).cached;
      },
      RECOVERY_WAIT_MS,
      100,
    );
  }

  it('killed: every request still succeeds, quickly (a hit this replica read lately from its copy, the rest via upstream); restarted: hits resume without restarting the router', async () => {
    const redis = await newRedis();
    const h = await redisRouter(redis.url, { shippedTimeouts: true });
    const warm = uniq('warm before kill');
    await h.complete(det(warm));
    expect((await h.complete(det(warm))).cached).toBe(true);

    await redis.kill();
    const slow: number[] = [];
    for (let i = 0; i < 6; i++) {
      const fromCopy = i % 2 === 0;
      const { value, ms } = await timed(h.complete(det(fromCopy ? warm : uniq('while killed'))));
      expect(value.cached).toBe(fromCopy);
      expect(value.text).toBeTruthy();
      if (ms >= KILLED_BOUND_MS) slow.push(Math.round(ms));
    }
    expect(slow).toEqual([]); // latencies (ms) of requests that took KILLED_BOUND_MS or longer
    expect(h.fake.calls()).toBe(1 + 3);

    await redis.restart();
    await hitsResume(h);
  });

  it('hung (SIGSTOP): every request succeeds and none waits much past the command timeout; SIGCONT: hits resume', async () => {
    const redis = await newRedis();
    const h = await redisRouter(redis.url, { shippedTimeouts: true });
    // HUNG_BOUND_MS assumes the shipped, small command timeout.
    expect(h.config.cache.redis.command_timeout_ms).toBeLessThanOrEqual(100);
    const warm = uniq('warm before pause');
    await h.complete(det(warm));
    expect((await h.complete(det(warm))).cached).toBe(true);

    const latencies: number[] = [];
    redis.pause();
    try {
      for (let i = 0; i < 6; i++) {
        const req = det(i % 2 === 0 ? warm : uniq('while hung'));
        const { value, ms } = await timed(h.complete(req));
        expect(value.text).toBeTruthy();
        latencies.push(Math.round(ms));
      }
    } finally {
      redis.resume();
    }
    // Every request was answered, and none waited on the hung Redis for long (shown per request on failure).
    expect(latencies.map((ms) => (ms < HUNG_BOUND_MS ? 'fast' : `${ms} ms`))).toEqual(latencies.map(() => 'fast'));

    await hitsResume(h);
  });
});
