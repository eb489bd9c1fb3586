import { readFileSync } from 'node:fs';
import { Catalog } from '../../src/catalog/catalog';
import { parseConfig } from '../../src/config/loadConfig';
import type { MessagesParams } from '../../src/domain/messages';
import type { RouterRequest, Routing } from '../../src/domain/request';
import { RouterError } from '../../src/domain/routerError';
import { effectiveMaxTokens } from '../../src/policy/capabilities';
import { createPlanner } from '../../src/policy/planRoute';
import { Policy } from '../../src/policy/policy';
import { validateRequest } from '../../src/policy/validate/validateRequest';
import { CONFIG_PATH } from '../fakes/routerHarness';

const config = parseConfig(readFileSync(CONFIG_PATH, 'utf8'), CONFIG_PATH);
const catalog = Catalog.fromConfig(config.models);
const policy = new Policy(config.policy, catalog, true);
const planner = createPlanner({ current: catalog }, policy, { defaultMaxTokens: 1024, longContext: true });
const LIMITS = { maxImages: 100, maxImageBytes: 5 * 1024 * 1024, maxMessages: 10_000, maxStopSequences: 256, maxTools: 1_000 };

/** A Messages body as a transport hands it to the core, with routing defaults. */
function request(params: Partial<MessagesParams> = {}, routing: Partial<Routing> = {}, betas: string[] = []): RouterRequest {
  return {
    params: { messages: [{ role: 'user', content: 'hi' }], ...params },
    betas,
    routing: { task: undefined, model: undefined, cache: 'default', labels: {}, ...routing },
  };
}

const plan = (r: RouterRequest) => planner.plan(validateRequest(r, policy, LIMITS));

function rejected(r: RouterRequest): RouterError {
  try {
    plan(r);
  } catch (err) {
    if (err instanceof RouterError) return err;
    throw err;
  }
  throw new Error('expected the request to be rejected');
}

describe('validation', () => {
  it.each<[string, RouterRequest, RegExp]>([
    ['no messages', request({ messages: [] }), /^messages: must hold at least one message/],
    ['an empty message', request({ messages: [{ role: 'user', content: '  ' }] }), /^messages\[0\]\.content: is empty/],
    ['a system role', request({ messages: [{ role: 'system' as 'user', content: 'x' }] }), /^messages\[0\]\.role: must be 'user' or 'assistant'/],
    ['an unknown task', request({}, { task: 'poetry' }), /unknown task 'poetry'; known tasks: auto, simple_qa, code_generation, complex_reasoning, general/],
    ['zero max_tokens', request({ max_tokens: 0 }), /^max_tokens: must be a positive whole number/],
    [
      'max_tokens above the model max',
      request({ max_tokens: 9000 }, { model: 'claude-3-5-haiku-20241022' }),
      /max_tokens 9000 exceeds claude-3-5-haiku-20241022's max output of 8192/,
    ],
    ['temperature above 1', request({ temperature: 1.5 }), /^temperature: must be between 0 and 1 \(got 1.5\)/],
    ['negative top_p', request({ top_p: -0.1 }), /^top_p: must be between 0 and 1/],
    ['a fractional top_k', request({ top_k: 1.5 }), /^top_k: must be a whole number/],
    [
      'temperature and top_p on Opus 4.1',
      request({ temperature: 0.5, top_p: 0.9 }, { model: 'claude-opus-4-1' }),
      /claude-opus-4-1-20250805 accepts temperature or top_p, not both/,
    ],
    [
      'thinking on a model without it',
      request({ thinking: { type: 'enabled', budget_tokens: 2048 }, max_tokens: 4096 }, { model: 'claude-3-5-haiku-latest' }),
      /does not support extended thinking/,
    ],
    ['a thinking budget under the floor', request({ thinking: { type: 'enabled', budget_tokens: 100 } }), /^thinking\.budget_tokens: must be at least 1024/],
    [
      'a thinking budget not under max_tokens',
      request({ thinking: { type: 'enabled', budget_tokens: 2048 }, max_tokens: 2048 }),
      /must be less than max_tokens/,
    ],
    ['an empty stop sequence', request({ stop_sequences: [' '] }), /^stop_sequences\[0\]: is empty/],
    [
      'temperature with thinking',
      request({ thinking: { type: 'enabled', budget_tokens: 2048 }, max_tokens: 4096, temperature: 0.3 }),
      /^temperature: cannot be set with extended thinking/,
    ],
    ['top_k with thinking', request({ thinking: { type: 'adaptive' }, top_k: 5 }), /^top_k: cannot be set with extended thinking/],
    ['a long user_id', request({ metadata: { user_id: 'u'.repeat(300) } }), /^metadata\.user_id: must be a string of at most 256/],
    ['a malformed beta', request({}, {}, ['Not A Beta']), /^betas\[0\]: 'Not A Beta' is not an anthropic-beta value/],
  ])('rejects %s as invalid_request, naming the field', (_name, r, message) => {
    const err = rejected(r);
    expect(err.kind).toBe('invalid_request');
    expect(err.message).toMatch(message);
  });

  it('an unknown explicit model is not_found in the Models API wording', () => {
    const err = rejected(request({}, { model: 'claude-9' }));
    expect(err.kind).toBe('not_found');
    expect(err.message).toBe("Model 'claude-9' not found");
  });

  it('a long task name is refused by its length, never echoed', () => {
    const err = rejected(request({}, { task: 't'.repeat(200_000) }));
    expect(err.message).toBe('task: must be at most 128 characters (got 200000)');
    expect(err.field).toEqual(['task']);
  });

  it('an unknown task is quoted cut short', () => {
    const err = rejected(request({}, { task: 'x'.repeat(100) }));
    expect(err.message).toContain("'" + 'x'.repeat(64) + "...' (100 chars)");
  });

  it('refuses a model name over 256 characters, and more messages, tools or stop sequences than the limits allow', () => {
    expect(rejected(request({}, { model: 'm'.repeat(257) })).message).toBe('model: must be at most 256 characters (got 257)');
    const turns = Array.from({ length: 10_001 }, (_, i) => ({ role: i % 2 === 0 ? 'user' : 'assistant', content: 'hi' }));
    expect(rejected(request({ messages: turns as never })).message).toBe('messages: at most 10000 messages (limits.max_messages; got 10001)');
    const tools = Array.from({ length: 1_001 }, (_, i) => ({ name: `t${i}`, input_schema: { type: 'object' } }));
    expect(rejected(request({ tools: tools as never })).message).toBe('tools: at most 1000 tools (limits.max_tools; got 1001)');
    const stops = Array.from({ length: 257 }, (_, i) => `stop${i}`);
    expect(rejected(request({ stop_sequences: stops })).message).toBe('stop_sequences: at most 256 stop sequences (limits.max_stop_sequences; got 257)');
    expect(rejected(request({ stop_sequences: ['s'.repeat(1_001)] })).message).toBe('stop_sequences[0]: must be at most 1000 characters (got 1001)');
  });

  it('accepts temperature and top_p together on models that allow it, and the edges of [0,1]', () => {
    expect(() => plan(request({ temperature: 0, top_p: 1 }))).not.toThrow();
    expect(() => plan(request({ temperature: 1 }, { model: 'claude-opus-4-1' }))).not.toThrow();
  });
});

describe('planning', () => {
  it('lists the fallback chain per task and explains the choice', () => {
    const p = plan(request({}, { task: 'simple_qa' }));
    expect(p.primary.id).toBe('claude-haiku-4-5-20251001');
    expect(p.fallbacks.map((m) => m.id)).toEqual(['claude-3-5-haiku-20241022', 'claude-sonnet-4-20250514']);
    expect(p.explain()).toContain("task 'simple_qa' routes to [family:haiku, claude-3-5-haiku-latest, family:sonnet]");
  });

  it('skips incapable models of a chain instead of failing the request', () => {
    // 20000 max_tokens is beyond Haiku 3.5 (8192) but within Haiku 4.5 and Sonnet 4 (64000).
    const p = plan(request({ max_tokens: 20000 }, { task: 'simple_qa' }));
    expect(p.primary.id).toBe('claude-haiku-4-5-20251001');
    expect(p.steps.map((s) => [s.model.id, s.incapable !== undefined])).toEqual([
      ['claude-haiku-4-5-20251001', false],
      ['claude-3-5-haiku-20241022', true],
      ['claude-sonnet-4-20250514', false],
    ]);
    expect(p.fallbacks.map((m) => m.id)).toEqual(['claude-sonnet-4-20250514']);
  });

  it('an input over every window is refused when no model of the chain takes 1M tokens', () => {
    const huge = 'x'.repeat(900_000); // ~225k tokens by the estimate, over every 200k window
    const err = rejected(request({ messages: [{ role: 'user', content: huge }] }, { task: 'simple_qa', model: 'claude-haiku-4-5' }));
    expect(err.kind).toBe('invalid_request');
    expect(err.message).toMatch(/context window of 200000 tokens/);
  });

  it('an input over 200k tokens goes to the model that takes 1M with the beta, when routing.long_context allows it', () => {
    const huge = 'x'.repeat(900_000);
    const p = plan(request({ messages: [{ role: 'user', content: huge }] }, { task: 'simple_qa' }));
    expect(p.primary.id).toBe('claude-sonnet-4-20250514');
    expect(p.steps.map((s) => [s.model.id, s.longContext])).toEqual([
      ['claude-haiku-4-5-20251001', false],
      ['claude-3-5-haiku-20241022', false],
      ['claude-sonnet-4-20250514', true],
    ]);
    const off = createPlanner({ current: catalog }, policy, { defaultMaxTokens: 1024, longContext: false });
    expect(() => off.plan(validateRequest(request({ messages: [{ role: 'user', content: huge }] }, { task: 'simple_qa' }), policy, LIMITS))).toThrow(
      /context window/,
    );
  });

  it('an explicit model has no fallbacks and the reason says so', () => {
    const p = plan(request({}, { model: 'claude-sonnet-4-0' }));
    expect(p.primary.id).toBe('claude-sonnet-4-20250514');
    expect(p.fallbacks).toEqual([]);
    expect(p.explain()).toMatch(/alias 'claude-sonnet-4-0'/);
  });

  it('max_tokens unset means the default, capped at the model max, with room for a thinking budget', () => {
    const thinking = validateRequest(request({ thinking: { type: 'enabled', budget_tokens: 2048 } }), policy, LIMITS);
    expect(effectiveMaxTokens(thinking, catalog.get('claude-sonnet-4-0'), 1024)).toBe(3072);
    const plain = validateRequest(request(), policy, LIMITS);
    expect(effectiveMaxTokens(plain, catalog.get('claude-3-haiku-20240307'), 8000)).toBe(4096);
  });
});
