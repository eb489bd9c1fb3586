import { createServer } from 'node:net';
import { freePort } from '../fakes/freePort';
import { ask, startHarness, type Harness } from '../fakes/routerHarness';

async function scrape(port: number): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${port}/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/plain');
  return res.text();
}

/** The value of one sample, e.g. value(text, 'modelrouter_fallbacks_total', { task: 'simple_qa' }). */
function value(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) return Number(line.split(' ').pop());
  }
  return undefined;
}

describe('Prometheus metrics on METRICS_PORT', () => {
  let h: Harness;
  let port: number;
  beforeAll(async () => {
    port = await freePort();
    h = await startHarness({
      config: (c) => {
        c.metrics.port = port;
        c.metrics.host = '127.0.0.1';
        c.resilience.breaker.volume_threshold = 2;
        c.resilience.breaker.reset_timeout_ms = 60_000;
        c.resilience.retry.max_retries_per_model = 0;
      },
    });
  });
  afterAll(() => h.close());

  it('counts requests, tokens, cost, cache lookups, fallbacks and circuit state', async () => {
    const request = ask('what is 1+1?', { task: 'simple_qa', temperature: 0 });
    const first = await h.complete(request);
    await h.complete(request); // a cache hit
    h.fake.setFault('claude-haiku-4-5-20251001', { status: 529 });
    for (let i = 0; i < 3; i++) await h.complete(ask(`q${i}`, { task: 'simple_qa' }));

    const text = await scrape(port);
    expect(value(text, 'modelrouter_requests_total', { rpc: 'Complete', task: 'simple_qa', code: 'OK', caller: 'anonymous' })).toBeGreaterThanOrEqual(1);
    expect(value(text, 'modelrouter_cache_lookups_total', { result: 'hit' })).toBe(1);
    expect(value(text, 'modelrouter_cache_lookups_total', { result: 'miss' })).toBe(1);
    expect(value(text, 'modelrouter_fallbacks_total', { task: 'simple_qa', model: 'claude-3-5-haiku-20241022' })).toBe(3);
    expect(value(text, 'modelrouter_upstream_attempts_total', { model: 'claude-haiku-4-5-20251001', outcome: 'error' })).toBe(2);
    expect(value(text, 'modelrouter_upstream_attempts_total', { model: 'claude-haiku-4-5-20251001', outcome: 'skipped_circuit_open' })).toBe(1);
    expect(value(text, 'modelrouter_circuit_state', { model: 'claude-haiku-4-5-20251001' })).toBe(2);
    expect(value(text, 'modelrouter_circuit_state', { model: 'claude-3-5-haiku-20241022' })).toBe(0);
    // Tokens and cost count the first (miss) call to haiku 4.5 only: the hit cost nothing.
    expect(value(text, 'modelrouter_tokens_total', { model: 'claude-haiku-4-5-20251001', direction: 'output', caller: 'anonymous' })).toBe(
      Number(first.usage?.output_tokens),
    );
    expect(value(text, 'modelrouter_cost_usd_total', { model: 'claude-haiku-4-5-20251001' })).toBeCloseTo(first.cost_usd, 12);
    expect(text).toContain('modelrouter_request_duration_seconds_bucket');
    expect(text).toContain('modelrouter_upstream_duration_seconds_bucket');
    expect(value(text, 'modelrouter_cache_up')).toBe(1);
  });

  it('answers 404 off /metrics', async () => {
    expect((await fetch(`http://127.0.0.1:${port}/`)).status).toBe(404);
  });
});

describe('retries and cache store errors are counted', () => {
  it('modelrouter_retries_total counts a retry on the same model; modelrouter_cache_errors_total a failed Redis read', async () => {
    const deadPort = await freePort();
    const h = await startHarness({
      config: (c) => {
        c.resilience.retry.max_retries_per_model = 1;
        c.resilience.retry.base_delay_ms = 0;
        c.cache.redis.url = `redis://127.0.0.1:${deadPort}`;
        c.cache.redis.connect_timeout_ms = 200;
      },
    });
    try {
      h.fake.setFault('claude-sonnet-4-20250514', { status: 529, times: 1 });
      const res = await h.complete(ask('retry me', { model: 'claude-sonnet-4-20250514', temperature: 0 }));
      expect(res.attempts.map((a) => a.outcome)).toEqual(['error', 'ok']);
      const text = await h.app.metrics.registry.metrics();
      expect(value(text, 'modelrouter_retries_total', { model: 'claude-sonnet-4-20250514' })).toBe(1);
      expect(value(text, 'modelrouter_cache_up')).toBe(0);
      expect(value(text, 'modelrouter_cache_errors_total')).toBeGreaterThanOrEqual(1);
    } finally {
      await h.close();
    }
  });
});

describe('a metrics port that is taken', () => {
  it('does not keep the router from serving; it logs why /metrics is missing', async () => {
    const blocker = createServer();
    const port = await freePort();
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
    try {
      const h = await startHarness({ config: (c) => ((c.metrics.port = port), (c.metrics.host = '127.0.0.1')) });
      try {
        expect(h.app.metricsPort).toBeUndefined();
        await expect(h.complete(ask('still serving'))).resolves.toMatchObject({ model: 'claude-sonnet-4-20250514' });
        expect(h.logs()).toContainEqual(expect.objectContaining({ event: 'metrics_unavailable', port }));
      } finally {
        await h.close();
      }
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  });
});
