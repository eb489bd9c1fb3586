import { readFileSync } from 'node:fs';
import { status } from '@grpc/grpc-js';
import { Catalog } from '../../src/catalog/catalog';
import { costUsd } from '../../src/catalog/cost';
import { paginate } from '../../src/catalog/paginate';
import { parseConfig } from '../../src/config/loadConfig';
import { RouterError } from '../../src/errors/routerError';
import { CONFIG_PATH } from '../fakes/routerHarness';

const config = parseConfig(readFileSync(CONFIG_PATH, 'utf8'), CONFIG_PATH);
const catalog = new Catalog(config.models);
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
    expect(err.code).toBe(status.NOT_FOUND);
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
    expect(routerError(() => page('', '', limit)).code).toBe(status.INVALID_ARGUMENT);
  });

  it('accepts limit 1 and 1000', () => {
    expect(page('', '', 1).data).toHaveLength(1);
    expect(page('', '', 1000).data).toHaveLength(11);
  });

  it('an unknown cursor or both cursors are INVALID_ARGUMENT', () => {
    expect(routerError(() => page('nope')).message).toMatch(/after_id 'nope'/);
    expect(routerError(() => page('', 'nope')).message).toMatch(/before_id 'nope'/);
    expect(routerError(() => page('claude-3-opus-20240229', 'claude-opus-4-5-20251101')).code).toBe(status.INVALID_ARGUMENT);
  });
});

describe('cost', () => {
  it('prices input, output, cache reads and writes per million tokens', () => {
    const sonnet4 = catalog.get('claude-sonnet-4-20250514').pricing;
    const usage = { input_tokens: 1000, output_tokens: 2000, cache_read_input_tokens: 10000, cache_creation_input_tokens: 4000 };
    // 1000*3 + 2000*15 + 10000*0.3 + 4000*3.75 = 3000 + 30000 + 3000 + 15000 = 51000 micro-dollars
    expect(costUsd(usage, sonnet4)).toBeCloseTo(0.051, 12);
    const haiku45 = catalog.get('claude-haiku-4-5').pricing;
    expect(costUsd({ input_tokens: 1_000_000, output_tokens: 1_000_000, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 }, haiku45)).toBe(6);
  });

  it('carries the 4.5 generation prices (cache writes 1.25x/2x, hits 0.1x)', () => {
    const opus45 = catalog.get('claude-opus-4-5').pricing;
    expect(opus45).toEqual({ input: 5, output: 25, cache_write_5m: 6.25, cache_write_1h: 10, cache_read: 0.5 });
  });
});
