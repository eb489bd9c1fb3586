import { readFileSync } from 'node:fs';
import { Catalog } from '../../src/catalog/catalog';
import { costUsd } from '../../src/catalog/cost';
import { paginate } from '../../src/catalog/paginate';
import { parseConfig } from '../../src/config/loadConfig';
import { RouterError } from '../../src/domain/routerError';
import { CONFIG_PATH } from '../fakes/routerHarness';

const config = parseConfig(readFileSync(CONFIG_PATH, 'utf8'), CONFIG_PATH);
const catalog = Catalog.fromConfig(config.models);
const page = (after_id = '', before_id = '', limit = 0) => paginate(catalog, { after_id, before_id, limit });

function routerError(fn: () => unknown): RouterError {
  try {
    fn();
  } catch (err) {
    if (err instanceof RouterError) return err;
    throw err;
  }
  throw new Error('expected a RouterError');
}

describe('catalog', () => {
  it('holds every model of the seeds, newest first', () => {
    const ids = catalog.models.map((m) => m.id);
    expect(ids).toHaveLength(11);
    expect(ids[0]).toBe('claude-opus-4-5-20251101');
    expect(ids[ids.length - 1]).toBe('claude-3-opus-20240229');
    const dates = catalog.models.map((m) => Date.parse(m.created_at));
    expect([...dates].sort((a, b) => b - a)).toEqual(dates);
  });

  it.each([
    ['claude-sonnet-4-0', 'claude-sonnet-4-20250514'],
    ['claude-3-5-haiku-latest', 'claude-3-5-haiku-20241022'],
    ['claude-3-7-sonnet-latest', 'claude-3-7-sonnet-20250219'],
    ['claude-opus-4-1', 'claude-opus-4-1-20250805'],
    ['claude-4-opus-20250514', 'claude-opus-4-20250514'],
  ])('alias %s resolves to %s', (alias, id) => {
    expect(catalog.get(alias).id).toBe(id);
  });

  it('family selectors pick the newest non-deprecated model of the family', () => {
    expect(catalog.resolveCandidate('family:haiku')?.id).toBe('claude-haiku-4-5-20251001');
    // Sonnet 4.5 is deprecated (end of life 2026-11-30 per the SDK), so the selector skips it.
    expect(catalog.resolveCandidate('family:sonnet')?.id).toBe('claude-sonnet-4-20250514');
    expect(catalog.resolveCandidate('family:opus')?.id).toBe('claude-opus-4-5-20251101');
    expect(catalog.resolveCandidate('family:gpt')).toBeUndefined();
  });

  it('an unknown model is NOT_FOUND in the words of the Models API', () => {
    const err = routerError(() => catalog.get('invalid-model'));
    expect(err.kind).toBe('not_found');
    expect(err.message).toBe("Model 'invalid-model' not found");
  });
});

describe('ListModels pagination', () => {
  it('defaults to 20 per page: the whole catalog, has_more false', () => {
    const p = page();
    expect(p.data).toHaveLength(11);
    expect(p.has_more).toBe(false);
    expect(p.first_id).toBe('claude-opus-4-5-20251101');
    expect(p.last_id).toBe('claude-3-opus-20240229');
  });

  it('walks forward with after_id and back with before_id', () => {
    const first = page('', '', 4);
    expect(first.data.map((m) => m.id)).toEqual(catalog.models.slice(0, 4).map((m) => m.id));
    expect(first.has_more).toBe(true);
    const second = page(first.last_id, '', 4);
    expect(second.data.map((m) => m.id)).toEqual(catalog.models.slice(4, 8).map((m) => m.id));
    const back = page('', second.first_id, 4);
    expect(back.data.map((m) => m.id)).toEqual(first.data.map((m) => m.id));
    expect(back.has_more).toBe(false);
    const last = page(catalog.models[8]!.id, '', 4);
    expect(last.data).toHaveLength(2);
    expect(last.has_more).toBe(false);
    expect(page('', catalog.models[5]!.id, 2).has_more).toBe(true);
  });

  it('an empty page past the end has empty ids', () => {
    expect(page('claude-3-opus-20240229')).toEqual({ data: [], first_id: '', last_id: '', has_more: false });
  });

  it.each([[-1], [1001], [5000]])('limit %p is INVALID_ARGUMENT', (limit) => {
    expect(routerError(() => page('', '', limit)).kind).toBe('invalid_request');
  });

  it('accepts limit 1 and 1000', () => {
    expect(page('', '', 1).data).toHaveLength(1);
    expect(page('', '', 1000).data).toHaveLength(11);
  });

  it('an unknown cursor or both cursors are INVALID_ARGUMENT', () => {
    expect(routerError(() => page('nope')).message).toMatch(/after_id 'nope'/);
    expect(routerError(() => page('', 'nope')).message).toMatch(/before_id 'nope'/);
    expect(routerError(() => page('claude-3-opus-20240229', 'claude-opus-4-5-20251101')).kind).toBe('invalid_request');
  });
});

describe('cost', () => {
  it('prices input, output, cache reads and writes per million tokens', () => {
    const sonnet4 = catalog.get('claude-sonnet-4-20250514');
    const usage = { input_tokens: 1000, output_tokens: 2000, cache_read_input_tokens: 10000, cache_creation_input_tokens: 4000 };
    // 1000*3 + 2000*15 + 10000*0.3 + 4000*3.75 = 3000 + 30000 + 3000 + 15000 = 51000 micro-dollars
    expect(costUsd(usage, sonnet4)).toBeCloseTo(0.051, 12);
    const haiku45 = catalog.get('claude-haiku-4-5');
    expect(costUsd({ input_tokens: 1_000_000, output_tokens: 1_000_000, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 }, haiku45)).toBe(6);
  });

  it('prices 1-hour cache writes at their own rate when upstream reports the split', () => {
    const sonnet4 = catalog.get('claude-sonnet-4-20250514');
    const usage = {
      input_tokens: 0,
      output_tokens: 0,
      cache_read_input_tokens: 0,
      cache_creation_input_tokens: 3000,
      cache_creation: { ephemeral_5m_input_tokens: 1000, ephemeral_1h_input_tokens: 2000 },
    };
    // 1000*3.75 + 2000*6 = 15750 micro-dollars
    expect(costUsd(usage, sonnet4)).toBeCloseTo(0.01575, 12);
  });

  it('prices a call whose input exceeds 200k tokens at the long-context rates, on the model that has them', () => {
    const sonnet4 = catalog.get('claude-sonnet-4-20250514');
    const long = { input_tokens: 250_000, output_tokens: 1000, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 };
    // 250000*6 + 1000*22.5 = 1522500 micro-dollars, against 250000*3 + 1000*15 at the base rates
    expect(costUsd(long, sonnet4)).toBeCloseTo(1.5225, 10);
    const justUnder = { ...long, input_tokens: 200_000 };
    expect(costUsd(justUnder, sonnet4)).toBeCloseTo(0.615, 10);
    // Cache reads count toward the 200k.
    expect(costUsd({ ...long, input_tokens: 150_000, cache_read_input_tokens: 100_000 }, sonnet4)).toBeCloseTo(
      (150_000 * 6 + 100_000 * 0.6 + 1000 * 22.5) / 1e6,
      10,
    );
    const haiku45 = catalog.get('claude-haiku-4-5');
    expect(costUsd(long, haiku45)).toBeCloseTo((250_000 * 1 + 1000 * 5) / 1e6, 10);
  });

  it('carries the 4.5 generation prices (cache writes 1.25x/2x, hits 0.1x)', () => {
    const opus45 = catalog.get('claude-opus-4-5').pricing;
    expect(opus45).toEqual({ input: 5, output: 25, cache_write_5m: 6.25, cache_write_1h: 10, cache_read: 0.5 });
  });
});
