import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ANONYMOUS_CALLER, cacheKey } from '../../src/cache/cacheKey';
import { Catalog } from '../../src/catalog/catalog';
import { parseConfig } from '../../src/config/loadConfig';
import type { MessagesParams } from '../../src/domain/messages';
import type { RouterRequest, Routing } from '../../src/domain/request';
import { effectiveMaxTokens } from '../../src/policy/capabilities';
import { createPlanner } from '../../src/policy/planRoute';
import { Policy } from '../../src/policy/policy';
import { validateRequest } from '../../src/policy/validate/validateRequest';

// The shipped config, so the chains are the real ones (simple_qa -> haiku 4.5, haiku 3.5, sonnet 4).
const CONFIG_PATH = join(__dirname, '..', '..', 'config', 'router.yaml');
const config = parseConfig(readFileSync(CONFIG_PATH, 'utf8'), CONFIG_PATH);
const catalog = Catalog.fromConfig(config.models);
const policy = new Policy(config.policy, catalog, true);
const DEFAULT_MAX = config.upstream.default_max_tokens;
const planner = createPlanner({ current: catalog }, policy, { defaultMaxTokens: DEFAULT_MAX, longContext: true });
const LIMITS = { maxImages: 100, maxImageBytes: 5 * 1024 * 1024, maxMessages: 10_000, maxStopSequences: 256, maxTools: 1_000 };

const SECRET = 'zebra-umbrella-secret-prompt';

interface Variant {
  /** undefined removes a default field. */
  params?: { [K in keyof MessagesParams]?: MessagesParams[K] | undefined };
  routing?: Partial<Routing>;
  betas?: string[];
}

function request({ params = {}, routing = {}, betas = [] }: Variant = {}): RouterRequest {
  return {
    params: withoutUndefined({ system: 'You are terse.', messages: [{ role: 'user', content: `What is ${SECRET}?` }], temperature: 0, ...params }),
    betas,
    routing: { task: 'simple_qa', model: undefined, cache: 'default', labels: {}, ...routing },
  };
}

function withoutUndefined(params: Variant['params']): MessagesParams {
  return Object.fromEntries(Object.entries(params ?? {}).filter(([, v]) => v !== undefined)) as MessagesParams;
}

/** The key the router computes: the capable chain, max_tokens as sent to the plan's primary. */
function keyOf(raw: RouterRequest, caller: string = ANONYMOUS_CALLER): string {
  const valid = validateRequest(raw, policy, LIMITS);
  const plan = planner.plan(valid);
  const chain = [plan.primary.id, ...plan.fallbacks.map((m) => m.id)];
  return cacheKey({ chain, params: valid.params, maxTokens: effectiveMaxTokens(valid, plan.primary, DEFAULT_MAX), betas: valid.betas }, caller);
}

const image = (data: string) => ({ type: 'image', source: { type: 'base64', media_type: 'image/png', data } });

describe('cacheKey', () => {
  it('is mr:v2:<caller>:<sha256 base64url>', () => {
    expect(keyOf(request())).toMatch(/^mr:v2:anonymous:[A-Za-z0-9_-]{43}$/);
  });

  it('is stable: equal requests with their object keys in another order give the same key', () => {
    const reordered: RouterRequest = {
      routing: { labels: {}, cache: 'default', model: undefined, task: 'simple_qa' },
      betas: [],
      params: { temperature: 0, messages: [{ content: `What is ${SECRET}?`, role: 'user' }], system: 'You are terse.' },
    };
    expect(keyOf(reordered)).toBe(keyOf(request()));
  });

  it('a string content and the one text block it stands for share a key (gRPC and HTTP callers share entries)', () => {
    const asBlocks = request({
      params: { messages: [{ role: 'user', content: [{ type: 'text', text: `What is ${SECRET}?` }] }], system: [{ type: 'text', text: 'You are terse.' }] },
    });
    expect(keyOf(asBlocks)).toBe(keyOf(request()));
  });

  it('betas in another order give the same key', () => {
    expect(keyOf(request({ betas: ['a-1', 'b-2'] }))).toBe(keyOf(request({ betas: ['b-2', 'a-1'] })));
  });

  it('differs per caller; the caller is URI-encoded and cannot add key segments', () => {
    const req = request();
    const anon = keyOf(req, 'anonymous');
    const alice = keyOf(req, 'alice');
    const teamB = keyOf(req, 'team:b/x');
    expect(new Set([anon, alice, teamB]).size).toBe(3);
    expect(alice.startsWith('mr:v2:alice:')).toBe(true);
    expect(teamB.startsWith('mr:v2:team%3Ab%2Fx:')).toBe(true);
    expect(teamB.split(':')).toHaveLength(4);
    expect(alice.split(':')[3]).toBe(anon.split(':')[3]);
  });

  it('contains no prompt text', () => {
    const key = keyOf(request({ params: { system: `sys ${SECRET}`, stop_sequences: [`stop-${SECRET}`] } }));
    expect(key).not.toContain(SECRET);
    expect(key).not.toContain('terse');
  });

  it('labels and cache mode do not change the key', () => {
    const base = keyOf(request());
    expect(keyOf(request({ routing: { labels: { team: 'search' } } }))).toBe(base);
    expect(keyOf(request({ routing: { cache: 'refresh' } }))).toBe(base);
  });

  it('max_tokens unset and the configured default it stands for give the same key (the key uses what is sent)', () => {
    expect(keyOf(request({ params: { max_tokens: DEFAULT_MAX } }))).toBe(keyOf(request()));
  });

  it('an explicit alias and the id it resolves to give the same key', () => {
    expect(keyOf(request({ routing: { model: 'claude-haiku-4-5' } }))).toBe(keyOf(request({ routing: { model: 'claude-haiku-4-5-20251001' } })));
  });

  it('media enter by hash: a 6 MB base64 image costs one hash, and one changed byte changes the key', () => {
    const data = 'A'.repeat(5_000_000);
    const a = keyOf(request({ params: { messages: [{ role: 'user', content: [image(data), { type: 'text', text: 'what is this' }] }] } }));
    const b = keyOf(request({ params: { messages: [{ role: 'user', content: [image(`${data.slice(0, -1)}B`), { type: 'text', text: 'what is this' }] }] } }));
    expect(a).not.toBe(b);
  });

  const tool = { name: 'get_weather', description: 'Weather now', input_schema: { type: 'object', properties: { city: { type: 'string' } } } };
  const variants: [string, Variant][] = [
    ['system', { params: { system: 'You are verbose.' } }],
    ['no system', { params: { system: undefined } }],
    ['message content', { params: { messages: [{ role: 'user', content: `What is ${SECRET}!` }] } }],
    [
      'message role',
      {
        params: {
          messages: [
            { role: 'assistant', content: `What is ${SECRET}?` },
            { role: 'user', content: 'go' },
          ],
        },
      },
    ],
    ['max_tokens', { params: { max_tokens: 100 } }],
    ['temperature absent', { params: { temperature: undefined } }],
    ['temperature 0.5', { params: { temperature: 0.5 } }],
    ['top_p', { params: { top_p: 0.9 } }],
    ['top_k', { params: { top_k: 5 } }],
    ['stop_sequences', { params: { stop_sequences: ['END'] } }],
    ['stop_sequences order', { params: { stop_sequences: ['B', 'A'] } }],
    ['thinking', { params: { temperature: undefined, thinking: { type: 'enabled', budget_tokens: 2048 } } }],
    ['tools', { params: { tools: [tool] } }],
    ['tool_choice', { params: { tools: [tool], tool_choice: { type: 'any' } } }],
    ['an image block', { params: { messages: [{ role: 'user', content: [image('aGVsbG8='), { type: 'text', text: `What is ${SECRET}?` }] }] } }],
    [
      'a cache_control breakpoint',
      { params: { messages: [{ role: 'user', content: [{ type: 'text', text: `What is ${SECRET}?`, cache_control: { type: 'ephemeral' } }] }] } },
    ],
    ['a beta', { betas: ['files-api-2025-04-14'] }],
    ['an extra field', { params: { service_tier: 'standard_only' } }],
    ['task (another chain)', { routing: { task: 'general' } }],
    ['explicit model', { routing: { model: 'claude-haiku-4-5-20251001' } }],
  ];

  it.each(variants)('a different %s gives a different key', (_name, change) => {
    expect(keyOf(request(change))).not.toBe(keyOf(request()));
  });

  it('all the variants are pairwise distinct', () => {
    const keys = variants.map(([, change]) => keyOf(request(change)));
    expect(new Set([keyOf(request()), ...keys]).size).toBe(keys.length + 1);
  });
});
