import { readFileSync } from 'node:fs';
import { status } from '@grpc/grpc-js';
import { Catalog } from '../../src/catalog/catalog';
import { parseConfig } from '../../src/config/loadConfig';
import { RouterError } from '../../src/errors/routerError';
import type { CompleteRequest__Output } from '../../src/generated/modelrouter/v1/CompleteRequest';
import { effectiveMaxTokens } from '../../src/policy/capabilities';
import { createPlanner } from '../../src/policy/planRoute';
import { Policy } from '../../src/policy/policy';
import { validateRequest } from '../../src/policy/validateRequest';
import { CONFIG_PATH } from '../fakes/routerHarness';

const config = parseConfig(readFileSync(CONFIG_PATH, 'utf8'), CONFIG_PATH);
const catalog = new Catalog(config.models);
const policy = new Policy(config.policy, catalog);
const planner = createPlanner(catalog, policy, 1024);

/** A request as proto-loader decodes it with defaults: every field present. */
function raw(over: Partial<CompleteRequest__Output> = {}): CompleteRequest__Output {
  return {
    task: '', model: '', system: '', messages: [{ role: 'user', content: 'hi' }], max_tokens: 0,
    stop_sequences: [], thinking_budget_tokens: 0, cache: 'CACHE_MODE_UNSPECIFIED', labels: {}, ...over,
  };
}

function rejected(over: Partial<CompleteRequest__Output>): RouterError {
  try {
    planner.plan(validateRequest(raw(over), policy));
  } catch (err) {
    if (err instanceof RouterError) return err;
    throw err;
  }
  throw new Error('expected the request to be rejected');
}

describe('validation', () => {
  it.each<[string, Partial<CompleteRequest__Output>, RegExp]>([
    ['no messages', { messages: [] }, /at least one message/],
    ['an empty message', { messages: [{ role: 'user', content: '  ' }] }, /messages\[0\]\.content is empty/],
    ['a system role', { messages: [{ role: 'system', content: 'x' }] }, /messages\[0\]\.role must be 'user' or 'assistant'/],
    ['an unknown task', { task: 'poetry' }, /unknown task 'poetry'; known tasks: simple_qa, code_generation, complex_reasoning, general/],
    ['negative max_tokens', { max_tokens: -5 }, /max_tokens/],
    ['max_tokens above the model max', { model: 'claude-3-5-haiku-20241022', max_tokens: 9000 }, /max_tokens 9000 exceeds claude-3-5-haiku-20241022's max output of 8192/],
    ['temperature above 1', { temperature: 1.5 }, /temperature must be between 0 and 1 \(got 1.5\)/],
    ['negative top_p', { top_p: -0.1 }, /top_p must be between 0 and 1/],
    ['temperature and top_p on Opus 4.1', { model: 'claude-opus-4-1', temperature: 0.5, top_p: 0.9 }, /claude-opus-4-1-20250805 accepts temperature or top_p, not both/],
    ['thinking on a model without it', { model: 'claude-3-5-haiku-latest', thinking_budget_tokens: 2048, max_tokens: 4096 }, /does not support extended thinking/],
    ['a thinking budget under the floor', { thinking_budget_tokens: 100 }, /at least 1024/],
    ['a thinking budget not under max_tokens', { thinking_budget_tokens: 2048, max_tokens: 2048 }, /must be less than max_tokens/],
    ['an empty stop sequence', { stop_sequences: [' '] }, /stop_sequences\[0\]/],
    ['temperature with thinking', { thinking_budget_tokens: 2048, max_tokens: 4096, temperature: 0.3 }, /temperature cannot be set with extended thinking/],
  ])('rejects %s with INVALID_ARGUMENT', (_name, over, message) => {
    const err = rejected(over);
    expect(err.code).toBe(status.INVALID_ARGUMENT);
    expect(err.message).toMatch(message);
  });

  it('an unknown explicit model is NOT_FOUND', () => {
    const err = rejected({ model: 'claude-9' });
    expect(err.code).toBe(status.NOT_FOUND);
    expect(err.message).toBe("Model 'claude-9' not found");
  });

  it('accepts temperature and top_p together on models that allow it, and the edges of [0,1]', () => {
    expect(() => planner.plan(validateRequest(raw({ temperature: 0, top_p: 1 }), policy))).not.toThrow();
    expect(() => planner.plan(validateRequest(raw({ model: 'claude-opus-4-1', temperature: 1 }), policy))).not.toThrow();
  });
});

describe('planning', () => {
  const plan = (over: Partial<CompleteRequest__Output>) => planner.plan(validateRequest(raw(over), policy));

  it('lists the fallback chain per task and explains the choice', () => {
    const p = plan({ task: 'simple_qa' });
    expect(p.primary.id).toBe('claude-haiku-4-5-20251001');
    expect(p.fallbacks.map((m) => m.id)).toEqual(['claude-3-5-haiku-20241022', 'claude-sonnet-4-20250514']);
    expect(p.explain()).toContain("task 'simple_qa' routes to [family:haiku, claude-3-5-haiku-latest, family:sonnet]");
  });

  it('skips incapable models of a chain instead of failing the request', () => {
    // 20000 max_tokens is beyond Haiku 3.5 (8192) but within Haiku 4.5 and Sonnet 4 (64000).
    const p = plan({ task: 'simple_qa', max_tokens: 20000 });
    expect(p.primary.id).toBe('claude-haiku-4-5-20251001');
    expect(p.steps.map((s) => [s.model.id, s.incapable !== undefined])).toEqual([
      ['claude-haiku-4-5-20251001', false],
      ['claude-3-5-haiku-20241022', true],
      ['claude-sonnet-4-20250514', false],
    ]);
    expect(p.fallbacks.map((m) => m.id)).toEqual(['claude-sonnet-4-20250514']);
  });

  it('skips a model whose context window cannot hold the input', () => {
    const huge = 'x'.repeat(900_000); // ~225k tokens by the estimate, over every 200k window
    const err = rejected({ messages: [{ role: 'user', content: huge }] });
    expect(err.code).toBe(status.INVALID_ARGUMENT);
    expect(err.message).toMatch(/context window of 200000 tokens/);
  });

  it('an explicit model has no fallbacks and the reason says so', () => {
    const p = plan({ model: 'claude-sonnet-4-0' });
    expect(p.primary.id).toBe('claude-sonnet-4-20250514');
    expect(p.fallbacks).toEqual([]);
    expect(p.explain()).toMatch(/alias 'claude-sonnet-4-0'/);
  });

  it('max_tokens 0 means the default, capped at the model max, with room for a thinking budget', () => {
    const request = validateRequest(raw({ thinking_budget_tokens: 2048 }), policy);
    expect(effectiveMaxTokens(request, catalog.get('claude-sonnet-4-0'), 1024)).toBe(3072);
    const plain = validateRequest(raw(), policy);
    expect(effectiveMaxTokens(plain, catalog.get('claude-3-haiku-20240307'), 8000)).toBe(4096);
  });
});
