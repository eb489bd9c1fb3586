import { readFileSync } from 'node:fs';
import { Catalog } from '../../src/catalog/catalog';
import { CatalogRefresher, type CatalogPersistence } from '../../src/catalog/catalogRefresher';
import { LiveCatalog } from '../../src/catalog/liveCatalog';
import { mergeCatalog } from '../../src/catalog/mergeCatalog';
import { ListingError, readListing, type UpstreamModel } from '../../src/catalog/upstreamListing';
import { parseConfig } from '../../src/config/loadConfig';
import { createMemoryLogger } from '../../src/observability/logger';
import { CONFIG_PATH } from '../fakes/routerHarness';

const config = parseConfig(readFileSync(CONFIG_PATH, 'utf8'), CONFIG_PATH);
const settings = config.catalog;
const cap = (supported: boolean) => ({ supported });

function upstream(id: string, over: Partial<UpstreamModel> = {}): UpstreamModel {
  return {
    id,
    display_name: id,
    created_at: '2025-05-14T00:00:00Z',
    lifecycle: 'active',
    line: 'sonnet',
    max_input_tokens: 200000,
    max_tokens: 64000,
    deprecated_at: null,
    retires_at: null,
    capabilities: null,
    ...over,
  };
}

async function* of(items: unknown[]): AsyncGenerator<unknown> {
  yield* items;
}

const merge = (models: UpstreamModel[], over: Partial<typeof settings> = {}) =>
  mergeCatalog(config.models, models, { ...settings, ...over }, { source: 'upstream', fetchedAt: 1 });

describe('merging a Models API listing with the config', () => {
  it('upstream decides which models exist, their lifecycle, line, limits and capabilities; the config adds prices and ids', () => {
    const { catalog } = merge([
      upstream('claude-sonnet-4-20250514', {
        lifecycle: 'deprecated',
        max_input_tokens: 180000,
        capabilities: { image_input: cap(false), pdf_input: cap(true), thinking: { supported: true, types: { enabled: cap(true), adaptive: cap(false) } } },
      }),
      upstream('claude-sonnet-5', { created_at: '2026-06-01T00:00:00Z', max_input_tokens: 1000000 }),
    ]);
    expect(catalog.models.map((m) => m.id)).toEqual(['claude-sonnet-5', 'claude-sonnet-4-20250514']);
    const sonnet4 = catalog.get('claude-sonnet-4-0');
    expect(sonnet4).toMatchObject({
      lifecycle: 'deprecated',
      deprecated: true,
      context_window: 180000,
      vision: false,
      extended_thinking: true,
      bedrock_id: 'anthropic.claude-sonnet-4-20250514-v1:0',
      price_estimated: false,
    });
    expect(sonnet4.pricing.input).toBe(3);
    // Not in the config: routable, with the newest priced sonnet's prices, said to be estimated.
    expect(catalog.get('claude-sonnet-5')).toMatchObject({
      line: 'sonnet',
      family: 'sonnet',
      context_window: 1000000,
      price_estimated: true,
      pricing: { input: 3, output: 15 },
    });
    expect(catalog.find('claude-opus-4-5-20251101')).toBeUndefined();
  });

  it('a config override wins over upstream, and says where they differ', () => {
    const { catalog, overridden } = merge([upstream('claude-sonnet-4-20250514', { max_input_tokens: 180000 })], {
      overrides: { 'claude-sonnet-4-20250514': { context_window: 150000 } },
    });
    expect(catalog.get('claude-sonnet-4-20250514').context_window).toBe(150000);
    expect(overridden).toEqual(['claude-sonnet-4-20250514.context_window: upstream 180000, config 150000']);
  });

  it('family:<line> is the newest active model of the line; a pin holds it, unless the pinned model is retired', () => {
    const models = [
      upstream('claude-sonnet-5', { created_at: '2026-06-01T00:00:00Z' }),
      upstream('claude-sonnet-5-5', { created_at: '2026-10-01T00:00:00Z', lifecycle: 'deprecated' }),
      upstream('claude-sonnet-4-20250514'),
      upstream('claude-sonnet-3', { created_at: '2024-01-01T00:00:00Z', lifecycle: 'retired' }),
    ];
    expect(merge(models).catalog.resolveCandidate('family:sonnet')?.id).toBe('claude-sonnet-5');
    expect(merge(models, { pin: { sonnet: 'claude-sonnet-4-0' } }).catalog.resolveCandidate('family:sonnet')?.id).toBe('claude-sonnet-4-20250514');
    expect(merge(models, { pin: { sonnet: 'claude-sonnet-3' } }).catalog.resolveCandidate('family:sonnet')?.id).toBe('claude-sonnet-5');
    expect(merge(models).catalog.resolveCandidate('family:opus')).toBeUndefined();
  });
});

describe('reading a listing', () => {
  it('skips and counts entries that are not models, and repeated ids', async () => {
    const listing = await readListing(
      of([
        upstream('a-1'),
        { id: '', lifecycle: 'active' },
        upstream('b-2', { lifecycle: 'gone' as never }),
        upstream('c-3', { line: 'Not A Line' }),
        upstream('a-1'),
        'junk',
        null,
      ]),
      100,
    );
    expect(listing.models.map((m) => m.id)).toEqual(['a-1']);
    expect(listing.skipped).toBe(6);
  });

  it('refuses a listing over catalog.max_models (a page loop that never ends) and one with no usable model', async () => {
    async function* endless(): AsyncGenerator<unknown> {
      for (let i = 0; ; i++) yield upstream(`m-${i % 3}`);
    }
    await expect(readListing(endless(), 50)).rejects.toThrow(ListingError);
    await expect(readListing(of([{ nope: true }]), 50)).rejects.toThrow(/no usable model/);
  });
});

describe('the live catalog and its refresher', () => {
  const persisted = (): CatalogPersistence & { saved: string[] } => {
    const saved: string[] = [];
    return { saved, load: async () => saved.at(-1) ?? null, save: (json) => saved.push(json) };
  };

  function refresher(live: LiveCatalog, list: () => AsyncIterable<unknown>, persistence: CatalogPersistence | undefined) {
    const outcomes: string[] = [];
    const { logger, records } = createMemoryLogger('info');
    const r = new CatalogRefresher({ live, configModels: config.models, settings, list, persistence, logger, onRefresh: (o) => outcomes.push(o) });
    return { r, outcomes, records };
  }

  it('a refresh swaps the catalog in and reports what changed; a failed one keeps it', async () => {
    const live = new LiveCatalog(Catalog.fromConfig(config.models));
    let listing: unknown[] = [upstream('claude-sonnet-4-20250514'), upstream('claude-sonnet-5', { created_at: '2026-06-01T00:00:00Z' })];
    let fail = false;
    const { r, outcomes } = refresher(
      live,
      () =>
        fail
          ? (async function* () {
              throw new Error('529 overloaded_error');
            })()
          : of(listing),
      undefined,
    );
    const first = await r.refresh('test');
    expect(first.outcome).toBe('ok');
    expect(first.changes).toContain('added claude-sonnet-5 (active)');
    expect(first.changes).toContain('removed claude-opus-4-5-20251101');
    expect(live.current.meta.source).toBe('upstream');
    listing = [upstream('claude-sonnet-4-20250514', { lifecycle: 'retired' }), upstream('claude-sonnet-5', { created_at: '2026-06-01T00:00:00Z' })];
    expect((await r.refresh('test')).changes).toEqual(['claude-sonnet-4-20250514: active -> retired']);
    fail = true;
    const before = live.current;
    const failed = await r.refresh('test');
    expect(failed).toMatchObject({ outcome: 'error', error: expect.stringContaining('529') });
    expect(live.current).toBe(before);
    expect(outcomes).toEqual(['ok', 'ok', 'error']);
    r.stop();
  });

  it('at start-up, with upstream down, the last persisted listing is served; without one, the config', async () => {
    const store = persisted();
    const up = refresher(
      new LiveCatalog(Catalog.fromConfig(config.models)),
      () => of([upstream('claude-sonnet-5', { created_at: '2026-06-01T00:00:00Z' })]),
      store,
    );
    await up.r.start();
    up.r.stop();
    expect(store.saved).toHaveLength(1);

    const live = new LiveCatalog(Catalog.fromConfig(config.models));
    const down = refresher(
      live,
      () =>
        (async function* () {
          throw new Error('connection refused');
        })(),
      store,
    );
    await down.r.start();
    down.r.stop();
    expect(live.current.meta.source).toBe('persisted');
    expect(live.current.models.map((m) => m.id)).toEqual(['claude-sonnet-5']);
    expect(down.records().some((l) => l['event'] === 'catalog_persisted')).toBe(true);

    const bare = new LiveCatalog(Catalog.fromConfig(config.models));
    const none = refresher(
      bare,
      () =>
        (async function* () {
          throw new Error('connection refused');
        })(),
      undefined,
    );
    await none.r.start();
    none.r.stop();
    expect(bare.current.meta.source).toBe('config');
  });

  it('concurrent refreshes share one listing', async () => {
    let lists = 0;
    const { r } = refresher(
      new LiveCatalog(Catalog.fromConfig(config.models)),
      () => {
        lists += 1;
        return of([upstream('claude-sonnet-5')]);
      },
      undefined,
    );
    await Promise.all([r.refresh('a'), r.refresh('b'), r.refresh('c')]);
    expect(lists).toBe(1);
    r.stop();
  });
});
