import { status } from '@grpc/grpc-js';
import Anthropic from '@anthropic-ai/sdk';
import type { RefreshCatalogResponse__Output } from '../../src/generated/modelrouter/v1/RefreshCatalogResponse';
import type { RouterConfig } from '../../src/config/schema';
import { capabilitiesFor, FakeAnthropic, type ModelInfo } from '../../src/simulator';
import Redis from 'ioredis';
import { runCli } from '../../src/cli/runCli';
import { waitFor } from '../fakes/waiting';
import { startRedisServer, type RedisServerHandle } from '../fakes/redisServer';
import { ask, rejection, startHarness, TEST_API_KEY, type Harness } from '../fakes/routerHarness';

const SONNET4 = 'claude-sonnet-4-20250514';
const HAIKU45 = 'claude-haiku-4-5-20251001';
const HAIKU35 = 'claude-3-5-haiku-20241022';

function model(id: string, line: string, created: string, lifecycle: ModelInfo['lifecycle'] = 'active'): ModelInfo {
  return {
    type: 'model',
    id,
    display_name: id,
    created_at: `${created}T00:00:00Z`,
    lifecycle,
    line: line as ModelInfo['line'],
    max_input_tokens: 200000,
    max_tokens: 64000,
    deprecated_at: lifecycle === 'active' ? null : '2026-06-01T00:00:00Z',
    retires_at: null,
    capabilities: capabilitiesFor(4.5),
  };
}

/** A small, known listing: Sonnet 4 and Haiku 4.5 (priced in the config), Haiku 3.5 retired. */
const BASE = [model(SONNET4, 'sonnet', '2025-05-14'), model(HAIKU45, 'haiku', '2025-10-01'), model(HAIKU35, 'haiku', '2024-10-22', 'retired')];
const SONNET5 = model('claude-sonnet-5', 'sonnet', '2026-08-25');

describe('the live catalog, read from the Models API', () => {
  let fake: FakeAnthropic;
  let h: Harness;
  beforeEach(async () => {
    fake = await FakeAnthropic.start({ apiKey: TEST_API_KEY });
    fake.setModels(BASE);
    h = await startHarness({ fake, config: (c) => (c.catalog.live = true) });
  });
  afterEach(async () => {
    await h.close();
    await fake.close();
  });

  const refresh = () =>
    new Promise<RefreshCatalogResponse__Output>((resolve, reject) => h.client.RefreshCatalog({}, (e, r) => (e || !r ? reject(e) : resolve(r))));

  it('at start-up upstream decides what exists: ListModels shows lifecycle, line and capabilities; config-only models are gone', async () => {
    const page = await h.listModels({ limit: 50 });
    expect(page.data.map((m) => [m.id, m.lifecycle, m.line])).toEqual([
      [HAIKU45, 'active', 'haiku'],
      [SONNET4, 'active', 'sonnet'],
      [HAIKU35, 'retired', 'haiku'],
    ]);
    const sonnet = page.data.find((m) => m.id === SONNET4);
    expect(sonnet?.capabilities?.fields?.['image_input']?.structValue?.fields?.['supported']?.boolValue).toBe(true);
    expect(sonnet?.pdf_input).toBe(true);
    expect(sonnet?.price_estimated).toBe(false);
  });

  it("a new sonnet upstream becomes family:sonnet's choice after a refresh, priced as an estimate", async () => {
    expect((await h.complete(ask('hi', { task: 'general' }))).model).toBe(SONNET4);
    fake.setModels([...BASE, SONNET5]);
    const refreshed = await refresh();
    expect(refreshed).toMatchObject({ outcome: 'ok', models: 4, changes: ['added claude-sonnet-5 (active)'] });
    const res = await h.complete(ask('hi', { task: 'general' }));
    expect(res.model).toBe('claude-sonnet-5');
    expect(res.cost_estimated).toBe(true);
    // Priced as the newest priced sonnet of the catalog, Sonnet 4: $3 in, $15 out.
    expect(res.cost_usd).toBeCloseTo((Number(res.usage?.input_tokens) * 3 + Number(res.usage?.output_tokens) * 15) / 1e6, 12);
    expect((await h.getModel('claude-sonnet-5')).price_estimated).toBe(true);
    const metrics = await h.app.metrics.registry.metrics();
    expect(metrics).toMatch(/modelrouter_catalog_refresh_total\{outcome="ok"\} 2/);
    expect(metrics).toMatch(/modelrouter_catalog_models\{lifecycle="active"\} 3/);
    expect(metrics).toMatch(/modelrouter_catalog_models\{lifecycle="retired"\} 1/);
    expect(metrics).toMatch(/modelrouter_catalog_age_seconds \d/);
    expect(h.logs().some((l) => l['event'] === 'catalog_change' && l['kind'] === 'added' && l['id'] === 'claude-sonnet-5')).toBe(true);
  });

  it('a model turned deprecated leaves family selection but still answers when named, flagged and logged once', async () => {
    fake.setModels([...BASE, SONNET5]);
    await refresh();
    fake.setModels([...BASE, { ...SONNET5, lifecycle: 'deprecated', deprecated_at: '2026-12-01T00:00:00Z' }]);
    expect((await refresh()).changes).toEqual(['claude-sonnet-5: active -> deprecated']);
    expect((await h.complete(ask('hi', { task: 'general' }))).model).toBe(SONNET4);
    const named = await h.complete(ask('hi', { model: 'claude-sonnet-5' }));
    await h.complete(ask('hi again', { model: 'claude-sonnet-5' }));
    expect(named.model).toBe('claude-sonnet-5');
    expect(named.attempts.map((a) => [a.model, a.outcome, a.deprecated])).toEqual([['claude-sonnet-5', 'ok', true]]);
    expect(h.logs().filter((l) => l['event'] === 'deprecated_model' && l['model'] === 'claude-sonnet-5')).toHaveLength(1);
  });

  it('a retired model is never called: skipped_retired in a chain; named, FAILED_PRECONDITION (HTTP: 404)', async () => {
    fake.setFault(HAIKU45, { status: 529 });
    const res = await h.complete(ask('hi', { task: 'simple_qa' }));
    expect(res.attempts.map((a) => [a.model, a.outcome])).toEqual([
      [HAIKU45, 'error'],
      [HAIKU45, 'error'],
      [HAIKU35, 'skipped_retired'],
      [SONNET4, 'ok'],
    ]);
    expect(fake.calls(HAIKU35)).toBe(0);
    const err = await rejection(h.complete(ask('hi', { model: 'claude-3-5-haiku-latest' })));
    expect(err.code).toBe(status.FAILED_PRECONDITION);
    expect(err.details).toMatch(/^model 'claude-3-5-haiku-20241022' is retired/);
    const http = new Anthropic({ apiKey: 'k', baseURL: `http://127.0.0.1:${h.app.httpPort}`, maxRetries: 0 });
    const viaHttp = await http.messages.create({ model: HAIKU35, max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e);
    expect(viaHttp).toMatchObject({ status: 404, type: 'not_found_error' });
    expect(fake.calls(HAIKU35)).toBe(0);
  });

  it('a failed refresh keeps the catalog (and says so); garbage entries are skipped and counted; a listing that never ends is refused', async () => {
    fake.setModels([...BASE, SONNET5]);
    await refresh();
    fake.setModelsFault({ status: 529 });
    const failed = await refresh();
    expect(failed).toMatchObject({ outcome: 'error', models: 4 });
    expect(failed.error).toMatch(/529/);
    expect((await h.complete(ask('hi', { task: 'general' }))).model).toBe('claude-sonnet-5');
    fake.setModelsFault(null);
    fake.setModels([...BASE, { id: '', lifecycle: 'active' }, { ...SONNET5, lifecycle: 'sunset' }, { ...SONNET5, id: 'claude-x', line: 42 }]);
    expect(await refresh()).toMatchObject({ outcome: 'ok', models: 3, skipped: 3 });
    // Every page the first one again, has_more forever (a listing whose last entry has no id would end it early).
    fake.setModels(BASE);
    fake.setModelsFault({ pageLoop: true });
    expect(await refresh()).toMatchObject({ outcome: 'error', error: expect.stringMatching(/more than 1000 entries/) });
    expect((await h.listModels({ limit: 50 })).data).toHaveLength(3);
    fake.setModelsFault(null);
    fake.setModels(Array.from({ length: 10_000 }, (_, i) => model(`claude-junk-${i}`, 'sonnet', '2026-01-01')));
    expect((await refresh()).outcome).toBe('error');
    expect((await h.complete(ask('hi', { task: 'general' }))).model).toBe(SONNET4);
  });
});

describe('the live catalog with a pin and with Redis', () => {
  let redis: RedisServerHandle;
  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(() => redis.stop());

  it('catalog.pin keeps family:sonnet on the pinned model though a newer one is listed', async () => {
    const fake = await FakeAnthropic.start({ apiKey: TEST_API_KEY });
    fake.setModels([...BASE, SONNET5]);
    const h = await startHarness({ fake, config: (c) => ((c.catalog.live = true), (c.catalog.pin = { sonnet: 'claude-sonnet-4-0' })) });
    try {
      expect((await h.complete(ask('hi', { task: 'general' }))).model).toBe(SONNET4);
      expect((await h.route(ask('hi', { task: 'code_generation' }))).model).toBe(SONNET4);
    } finally {
      await h.close();
      await fake.close();
    }
  });

  it('a restarted router starts from the catalog persisted in Redis while the Models API is down', async () => {
    const fake = await FakeAnthropic.start({ apiKey: TEST_API_KEY });
    const live = (c: RouterConfig): void => {
      c.catalog.live = true;
      c.cache.redis.url = redis.url;
    };
    try {
      fake.setModels([...BASE, SONNET5]);
      const first = await startHarness({ fake, config: live });
      // The save is fire-and-forget: a replica that ran a while has it in Redis.
      const raw = new Redis(redis.url);
      await waitFor('the catalog persisted in Redis', async () => (await raw.exists('mr:catalog:v1')) === 1, 3000);
      raw.disconnect();
      await first.close();
      fake.setModelsFault({ status: 503 });
      const second = await startHarness({ fake, config: live });
      try {
        expect(second.app.catalog.current.meta.source).toBe('persisted');
        expect((await second.complete(ask('hi', { task: 'general' }))).model).toBe('claude-sonnet-5');
        expect(second.logs().some((l) => l['event'] === 'catalog_persisted')).toBe(true);
      } finally {
        await second.close();
      }
    } finally {
      await fake.close();
    }
  });
});

describe('the CLI: models --refresh', () => {
  it('reads the Models API first, prints what changed, then the catalog with lifecycles', async () => {
    const fake = await FakeAnthropic.start({ apiKey: TEST_API_KEY });
    fake.setModels(BASE);
    const h = await startHarness({ fake, config: (c) => (c.catalog.live = true) });
    try {
      fake.setModels([...BASE, SONNET5]);
      const out: string[] = [];
      const err: string[] = [];
      const code = await runCli(['models', '--refresh'], {
        stdout: { write: (s: string) => out.push(s) },
        stderr: { write: (s: string) => err.push(s) },
        env: { MODELROUTER_ADDR: `127.0.0.1:${h.app.port}` },
      });
      expect(code).toBe(0);
      expect(err.join('')).toBe('catalog refresh: ok, 4 models, 0 skipped\n  added claude-sonnet-5 (active)\n');
      expect(out.join('')).toMatch(/^claude-sonnet-5\s+sonnet/m);
      expect(out.join('')).toMatch(/^claude-3-5-haiku-20241022 \(retired\)/m);
    } finally {
      await h.close();
      await fake.close();
    }
  });
});
