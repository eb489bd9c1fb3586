import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ANONYMOUS_CALLER, cacheKey } from '../../src/cache/cacheKey';
import { Catalog } from '../../src/catalog/catalog';
import { parseConfig } from '../../src/config/loadConfig';
import { effectiveMaxTokens } from '../../src/policy/capabilities';
import type { CompletionRequest } from '../../src/policy/completionRequest';
import { createPlanner } from '../../src/policy/planRoute';
import { Policy } from '../../src/policy/policy';

// The shipped config, so the chains are the real ones (simple_qa -> haiku 4.5, haiku 3.5, sonnet 4).
const CONFIG_PATH = join(__dirname, '..', '..', 'config', 'router.yaml');
const config = parseConfig(readFileSync(CONFIG_PATH, 'utf8'), CONFIG_PATH);
const catalog = new Catalog(config.models);
const policy = new Policy(config.policy, catalog);
const DEFAULT_MAX = config.upstream.default_max_tokens;
const planner = createPlanner(catalog, policy, DEFAULT_MAX);

const SECRET = 'zebra-umbrella-secret-prompt';

function request(overrides: Partial<CompletionRequest> = {}): CompletionRequest {
  return {
    task: 'simple_qa',
    model: undefined,
    system: 'You are terse.',
    messages: [{ role: 'user', content: `What is ${SECRET}?` }],
    maxTokens: 0,
    temperature: 0,
    topP: undefined,
    stopSequences: [],
    thinkingBudgetTokens: 0,
    cacheMode: 'default',
    labels: {},
    ...overrides,
  };
}

/** The key the router computes: max_tokens as it would be sent to the plan's primary. */
function keyOf(req: CompletionRequest, caller: string = ANONYMOUS_CALLER): string {
  const plan = planner.plan(req);
  return cacheKey(req, plan, effectiveMaxTokens(req, plan.primary, DEFAULT_MAX), caller);
}

describe('cacheKey', () => {
  it('is mr:v1:<caller>:<sha256 base64url>', () => {
    expect(keyOf(request())).toMatch(/^mr:v1:anonymous:[A-Za-z0-9_-]{43}$/);
  });

  it('is stable: equal requests built separately (and in another key order) give the same key', () => {
    const a = request();
    const b: CompletionRequest = {
      labels: {},
      cacheMode: 'default',
      thinkingBudgetTokens: 0,
      stopSequences: [],
      topP: undefined,
      temperature: 0,
      maxTokens: 0,
      messages: [{ content: `What is ${SECRET}?`, role: 'user' }],
      system: 'You are terse.',
      model: undefined,
      task: 'simple_qa',
    };
    expect(keyOf(b)).toBe(keyOf(a));
    expect(keyOf(a)).toBe(keyOf(a));
  });

  it('differs per caller; every caller’s key starts with mr:v1: and names the caller (URI-encoded)', () => {
    const req = request();
    const anon = keyOf(req, 'anonymous');
    const alice = keyOf(req, 'alice');
    const teamB = keyOf(req, 'team:b/x');
    expect(new Set([anon, alice, teamB]).size).toBe(3);
    for (const key of [anon, alice, teamB]) expect(key.startsWith('mr:v1:')).toBe(true);
    expect(alice.startsWith('mr:v1:alice:')).toBe(true);
    // A caller name cannot add key segments: ':' and '/' are encoded.
    expect(teamB.startsWith('mr:v1:team%3Ab%2Fx:')).toBe(true);
    expect(teamB.split(':')).toHaveLength(4);
    // Only the prefix differs: the digest is the same request's.
    expect(alice.split(':')[3]).toBe(anon.split(':')[3]);
  });

  it('contains no prompt text (system, messages, stop sequences)', () => {
    const key = keyOf(request({ system: `sys ${SECRET}`, stopSequences: [`stop-${SECRET}`] }));
    expect(key).not.toContain(SECRET);
    expect(key).not.toContain('zebra');
    expect(key).not.toContain('terse');
    expect(key).not.toContain('stop-');
  });

  it('labels and cache mode do not change the key', () => {
    const base = keyOf(request());
    expect(keyOf(request({ labels: { team: 'search', feature: 'x' } }))).toBe(base);
    expect(keyOf(request({ cacheMode: 'refresh' }))).toBe(base);
  });

  it('max_tokens 0 and the configured default it stands for give the same key (the key uses what is sent)', () => {
    expect(keyOf(request({ maxTokens: DEFAULT_MAX }))).toBe(keyOf(request({ maxTokens: 0 })));
  });

  it('an explicit alias and the id it resolves to give the same key', () => {
    expect(keyOf(request({ model: 'claude-haiku-4-5' }))).toBe(keyOf(request({ model: 'claude-haiku-4-5-20251001' })));
  });

  const variants: [string, Partial<CompletionRequest>][] = [
    ['system', { system: 'You are verbose.' }],
    ['no system', { system: '' }],
    ['message content', { messages: [{ role: 'user', content: `What is ${SECRET}!` }] }],
    ['message role', { messages: [{ role: 'assistant', content: `What is ${SECRET}?` }] }],
    [
      'an extra message',
      {
        messages: [
          { role: 'user', content: 'earlier' },
          { role: 'assistant', content: 'ok' },
          { role: 'user', content: `What is ${SECRET}?` },
        ],
      },
    ],
    ['max_tokens', { maxTokens: 100 }],
    ['temperature absent', { temperature: undefined }],
    ['temperature 0.5', { temperature: 0.5 }],
    ['top_p', { topP: 0.9 }],
    ['stop_sequences', { stopSequences: ['END'] }],
    ['stop_sequences order', { stopSequences: ['B', 'A'] }],
    ['thinking budget', { temperature: undefined, thinkingBudgetTokens: 2048 }],
    ['task (another chain)', { task: 'general' }],
    ['explicit model', { model: 'claude-haiku-4-5-20251001' }],
    ['another explicit model', { model: 'claude-3-haiku-20240307' }],
  ];

  it.each(variants)('a different %s gives a different key', (_name, change) => {
    const base = keyOf(request({ stopSequences: ['A', 'B'] }));
    const changed = keyOf(request({ stopSequences: ['A', 'B'], ...change }));
    expect(changed).not.toBe(base);
    expect(changed.startsWith('mr:v1:anonymous:')).toBe(true);
  });

  it('all the variants are pairwise distinct', () => {
    const keys = variants.map(([, change]) => keyOf(request(change)));
    expect(new Set([keyOf(request()), ...keys]).size).toBe(keys.length + 1);
  });

  it('thinking budgets 2048 and 4096 differ (same chain, same max_tokens)', () => {
    const a = keyOf(request({ task: 'complex_reasoning', temperature: undefined, maxTokens: 8000, thinkingBudgetTokens: 2048 }));
    const b = keyOf(request({ task: 'complex_reasoning', temperature: undefined, maxTokens: 8000, thinkingBudgetTokens: 4096 }));
    expect(a).not.toBe(b);
  });
});
