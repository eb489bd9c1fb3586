import { ask, startHarness } from '../fakes/routerHarness';

describe('warm-up before SERVING (warmup.enabled)', () => {
  it('runs the hot paths on a router of its own: no upstream call, nothing cached, logged, counted or tripped', async () => {
    const h = await startHarness({
      config: (c) => {
        c.warmup.enabled = true;
        c.warmup.rounds = 5;
        // Counted rounds, not the clock: a cold first round on a slow machine can take most of the default 2 s.
        c.warmup.max_ms = 30_000;
        c.routing.infer_task = true;
      },
    });
    try {
      const line = h.logs().find((l) => l['event'] === 'warmup' && l['msg'] === 'warmed up before serving');
      // Its upstream calls crossed a socket of its own (the real transport warmed), none reached the real upstream.
      // Both doors (the harness turns the HTTP door on): 3 requests × 3 calls a round each.
      expect(line).toMatchObject({ rounds: 5, ms: expect.any(Number), grpc_calls: 45, http_calls: 45 });
      expect(Number(line?.['upstream_calls'])).toBeGreaterThanOrEqual(5);
      expect(h.fake.calls()).toBe(0);
      expect(h.fake.countTokensCalls()).toBe(0);
      expect(h.logs().filter((l) => l['event'] === 'request')).toEqual([]);
      const metrics = await h.app.metrics.registry.getSingleMetricAsString('modelrouter_requests_total');
      expect(metrics).not.toMatch(/modelrouter_requests_total\{/);
      expect(h.app.cacheStore?.stats()).toMatchObject({ hits: 0, misses: 0 });
      // The real router serves normally afterwards, its first call a miss upstream.
      const answer = await h.complete(ask('What is the capital of France?', { task: 'simple_qa', temperature: 0 }));
      expect(answer).toMatchObject({ cached: false, task: 'simple_qa' });
      expect(h.fake.calls()).toBe(1);
    } finally {
      await h.close();
    }
  });

  it('leaves the HTTP door out when it is off', async () => {
    const h = await startHarness({
      config: (c) => {
        c.warmup.enabled = true;
        c.warmup.rounds = 2;
        c.warmup.max_ms = 30_000;
        c.http.enabled = false;
      },
    });
    try {
      const line = h.logs().find((l) => l['event'] === 'warmup' && l['msg'] === 'warmed up before serving');
      expect(line).toMatchObject({ rounds: 2, grpc_calls: 18, http_calls: 0 });
    } finally {
      await h.close();
    }
  });

  it('stops at warmup.max_ms whatever is left of the rounds', async () => {
    const h = await startHarness({
      config: (c) => {
        c.warmup.enabled = true;
        c.warmup.rounds = 1_000_000;
        // Long enough for the first, cold round on a busy CI machine (it took more than 1 s there once).
        c.warmup.max_ms = 3_000;
      },
    });
    try {
      const line = h.logs().find((l) => l['event'] === 'warmup' && l['msg'] === 'warmed up before serving');
      // Stopped by the clock, not the rounds: its calls carry max_ms as their deadline, so a round cut short ends it.
      expect(Number(line?.['rounds'])).toBeLessThan(1_000_000);
      expect(Number(line?.['ms'])).toBeLessThan(3_000 + 1_000);
      // Running out of time is how it usually ends, not a failure: no round is started that the clock would cut.
      expect(h.logs().filter((l) => l['msg'] === 'warm-up stopped early')).toEqual([]);
    } finally {
      await h.close();
    }
  });
});
