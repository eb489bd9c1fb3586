import { ask, startHarness, type Harness } from '../fakes/routerHarness';
import { FakeAnthropic } from '../../src/simulator';
import { FakeBedrock } from '../../src/simulator/bedrock';
import type { AnthropicKeyConfig } from '../../src/config/providersSchema';
import type { RouterConfig } from '../../src/config/schema';
import { toStruct } from '../../src/transport/grpc/struct';

const SONNET4 = 'claude-sonnet-4-20250514';
const KEY_A = 'sk-ant-key-a-never-logged';
const KEY_B = 'sk-ant-key-b-never-logged';

interface TwoKeys {
  h: Harness;
  a: FakeAnthropic;
  b: FakeAnthropic;
  close(): Promise<void>;
}

/** Two Anthropic keys, each with a fake of its own that accepts only that key. */
async function twoKeys(keys: (a: string, b: string) => AnthropicKeyConfig[], change?: (c: RouterConfig) => void): Promise<TwoKeys> {
  const a = await FakeAnthropic.start({ apiKey: KEY_A, serveRetiredModels: true });
  const b = await FakeAnthropic.start({ apiKey: KEY_B, serveRetiredModels: true });
  const h = await startHarness({
    env: { KEY_A, KEY_B },
    config: (c) => {
      c.providers.anthropic.keys = keys(a.url, b.url);
      c.resilience.retry.max_retries_per_model = 1;
      change?.(c);
    },
  });
  return {
    h,
    a,
    b,
    async close() {
      await h.close();
      await Promise.all([a.close(), b.close()]);
    },
  };
}

const key = (name: string, env: string, url: string, extra: Partial<AnthropicKeyConfig> = {}): AnthropicKeyConfig => ({
  name,
  api_key_env: env,
  base_url: url,
  weight: 1,
  ...extra,
});
const BYPASS = { cache: 'CACHE_MODE_BYPASS' as const };

describe('several keys of one provider (weights 3:1), each test on a router of its own', () => {
  const keysAB = (a: string, b: string): AnthropicKeyConfig[] => [key('a', 'KEY_A', a, { weight: 3 }), key('b', 'KEY_B', b)];

  it('a 429 on one key moves to the other at once: no retry on that key, the model not blamed', async () => {
    const t = await twoKeys(keysAB);
    try {
      t.a.setFault(SONNET4, { status: 429, retryAfter: '0' });
      for (let i = 0; i < 8; i++) {
        const answer = await t.h.complete(ask(`spread ${i}`, { model: 'claude-sonnet-4-0', ...BYPASS }));
        expect(answer.deployment).toBe(`${SONNET4}@anthropic:b`);
        expect(answer.fallback).toBe(false);
      }
      // One call per request that went to key a first: no retry on the rate-limited key.
      expect(t.a.calls(SONNET4)).toBeGreaterThan(0);
      expect(t.a.calls(SONNET4)).toBeLessThanOrEqual(8);
      expect(t.b.calls(SONNET4)).toBe(8);
      expect(t.h.app.breakers.modelState(SONNET4)).toBe('closed');
      const text = JSON.stringify(t.h.logs());
      expect(text).not.toContain(KEY_A);
      expect(text).not.toContain(KEY_B);
    } finally {
      await t.close();
    }
  });

  it('a key whose credentials are refused (revoked: 401) moves on to the other key; a single key would end the call', async () => {
    const t = await twoKeys(keysAB);
    try {
      t.a.setFault(SONNET4, { status: 401 });
      // Which key goes first is a weighted draw: 4 calls could all start on b (1 run in 256). Calls go on until
      // the refused key was tried (at least 4; 40 leave a chance of about 1e-24 that it never is).
      for (let i = 0; i < 40 && (i < 4 || t.a.calls(SONNET4) === 0); i++) {
        const answer = await t.h.complete(ask(`revoked ${i}`, { model: 'claude-sonnet-4-0', ...BYPASS }));
        expect(answer.deployment).toBe(`${SONNET4}@anthropic:b`);
      }
      expect(t.a.calls(SONNET4)).toBeGreaterThan(0);
    } finally {
      await t.close();
    }
  });

  it('spreads load over healthy keys by weight', async () => {
    const t = await twoKeys(keysAB);
    try {
      for (let i = 0; i < 200; i++) await t.h.complete(ask(`weight ${i}`, { model: 'claude-sonnet-4-0', ...BYPASS }));
      const share = t.a.calls(SONNET4) / 200;
      expect(share).toBeGreaterThan(0.6);
      expect(share).toBeLessThan(0.9);
    } finally {
      await t.close();
    }
  });

  it('a request with a prompt-cache prefix keeps going to one deployment over 100 calls; only a failure moves it', async () => {
    const t = await twoKeys(keysAB);
    try {
      const system = [{ text: { text: 'You are the billing assistant. '.repeat(40) }, cache_control: { type: 'ephemeral', ttl: '' } }];
      const request = (i: number) => ask(`question ${i}`, { model: 'claude-sonnet-4-0', system_blocks: system, ...BYPASS });
      const served = new Set<string>();
      for (let i = 0; i < 100; i++) served.add((await t.h.complete(request(i))).deployment);
      expect(served.size).toBe(1);
      const [home] = [...served];
      const homeFake = home === `${SONNET4}@anthropic:a` ? t.a : t.b;
      homeFake.setFault(SONNET4, { status: 529 });
      const moved = await t.h.complete(request(100));
      expect(moved.deployment).not.toBe(home);
      expect(moved.attempts[0]).toMatchObject({ deployment: home, outcome: 'error' });
    } finally {
      await t.close();
    }
  });
});

describe('a key past its own rpm', () => {
  it('is tried after the keys that still have room', async () => {
    const t = await twoKeys((a, b) => [key('a', 'KEY_A', a, { rpm: 2, weight: 100 }), key('b', 'KEY_B', b, { weight: 0.01 })]);
    try {
      const deployments: string[] = [];
      for (let i = 0; i < 5; i++) deployments.push((await t.h.complete(ask(`rpm ${i}`, { model: 'claude-sonnet-4-0', ...BYPASS }))).deployment);
      expect(deployments.slice(0, 2)).toEqual([`${SONNET4}@anthropic:a`, `${SONNET4}@anthropic:a`]);
      expect(deployments.slice(2)).toEqual([`${SONNET4}@anthropic:b`, `${SONNET4}@anthropic:b`, `${SONNET4}@anthropic:b`]);
    } finally {
      await t.close();
    }
  });
});

describe('routing.fallback_order: model_first', () => {
  it('every model of the chain on Anthropic before any on Bedrock; Complete without streaming on Bedrock', async () => {
    const bedrock = await FakeBedrock.start({ anthropicVersions: ['bedrock-2023-05-31'] });
    const h = await startHarness({
      env: { AWS_ACCESS_KEY_ID: 'AKIDMODELFIRST', AWS_SECRET_ACCESS_KEY: 'secret' },
      config: (c) => {
        c.routing.fallback_order = 'model_first';
        c.upstream.stream_complete = false;
        c.providers.bedrock = { regions: ['us-east-1'], base_url: bedrock.url, weight: 1 };
        c.resilience.retry.max_retries_per_model = 0;
      },
    });
    try {
      h.fake.setFault('*', { status: 529 });
      const answer = await h.complete(
        ask('model first', { task: 'code_generation', tools: [{ name: 'noop', input_schema: toStruct({ type: 'object' }) }], ...BYPASS }),
      );
      const anthropicFirst = answer.attempts.findIndex((a) => a.provider === 'bedrock');
      expect(answer.attempts.slice(0, anthropicFirst).every((a) => a.provider === 'anthropic' || a.outcome.startsWith('skipped'))).toBe(true);
      expect(answer).toMatchObject({ provider: 'bedrock', model: SONNET4 });
      expect(bedrock.requests[0]).toMatchObject({ operation: 'invoke', stream: false });
    } finally {
      await h.close();
      await bedrock.close();
    }
  });
});
