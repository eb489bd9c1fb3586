import { status } from '@grpc/grpc-js';
import type Redis from 'ioredis';
import type { CompleteRequest } from '../../src/generated/modelrouter/v1/CompleteRequest';
import type { RedisServerHandle } from '../fakes/redisServer';
import { ask, rejection, startHarness, type Harness } from '../fakes/routerHarness';
import { timed, waitFor } from '../fakes/waiting';
import {
  HAIKU,
  HAIKU3,
  OPUS45,
  OPUS41,
  uniq,
  det,
  conversation,
  closeAll,
  newRedis,
  track,
  redisRouter,
  rawClient,
  cacheKeys,
  newKey,
  doneOf,
  deltas,
} from '../fakes/cacheFixtures';

// Router-level tests of the response cache (issue 4). Redis is a real redis-server per describe on a private port
// (never the shared 6379). Bounds are generous and waits are polls: this runs on a noisy 2-core box.

afterAll(closeAll);

describe('response cache on Redis, one router', () => {
  let redis: RedisServerHandle;
  let raw: Redis;
  let h: Harness;

  beforeAll(async () => {
    redis = await newRedis();
    h = await redisRouter(redis.url);
    raw = rawClient(redis.url);
  });
  afterAll(closeAll);
  beforeEach(() => h.fake.reset());

  it('a second identical request is a hit: same answer, original model and usage, cost 0, one upstream call', async () => {
    const before = new Set(await cacheKeys(raw));
    const req = det(uniq('What is the capital of France?'));
    const first = await h.complete(req);
    expect(first.cached).toBe(false);
    expect(first.model).toBe(HAIKU);
    expect(first.cost_usd).toBeGreaterThan(0);
    expect(h.fake.calls()).toBe(1);

    const second = await h.complete(req);
    expect(second).toMatchObject({
      cached: true,
      id: first.id,
      text: first.text,
      model: first.model,
      stop_reason: first.stop_reason,
      task: 'simple_qa',
      cost_usd: 0,
    });
    expect(second.usage).toEqual(first.usage);
    expect(Number(second.usage?.input_tokens)).toBeGreaterThan(0);
    expect(second.attempts).toEqual([]);
    expect(h.fake.calls()).toBe(1);

    // The entry is in Redis under mr:v2:anonymous:<digest>, and holds the answer as served.
    const key = await newKey(raw, before);
    expect(key).toMatch(/^mr:v2:anonymous:[A-Za-z0-9_-]+$/);
    const stored = JSON.parse((await raw.get(key)) as string) as Record<string, unknown>;
    expect(stored).toMatchObject({
      fallback: false,
      message: { id: first.id, model: HAIKU, content: [{ type: 'text', text: first.text }], stop_reason: 'end_turn' },
    });
  });

  type Build = (p: string) => CompleteRequest;
  const differing: [string, Build, Build][] = [
    ['system', (p) => det(p, { system: 'Be brief.' }), (p) => det(p, { system: 'Be verbose.' })],
    ['system set vs absent', (p) => det(p), (p) => det(p, { system: 'Be brief.' })],
    ['message content', (p) => det(p), (p) => det(`${p} (really)`)],
    [
      'message role',
      (p) =>
        conversation([
          { role: 'user', content: p },
          { role: 'assistant', content: 'noted' },
          { role: 'user', content: 'go on' },
        ]),
      (p) =>
        conversation([
          { role: 'user', content: p },
          { role: 'user', content: 'noted' },
          { role: 'user', content: 'go on' },
        ]),
    ],
    // The fake answers from the last user message, so both replies read alike: only the key tells them apart.
    [
      'an extra message',
      (p) => conversation([{ role: 'user', content: p }]),
      (p) =>
        conversation([
          { role: 'user', content: 'earlier' },
          { role: 'assistant', content: 'fine' },
          { role: 'user', content: p },
        ]),
    ],
    ['max_tokens', (p) => det(p, { max_tokens: 100 }), (p) => det(p, { max_tokens: 200 })],
    ['top_p', (p) => det(p, { top_p: 0.9 }), (p) => det(p, { top_p: 0.5 })],
    ['top_p set vs absent', (p) => det(p), (p) => det(p, { top_p: 0.9 })],
    ['stop_sequences', (p) => det(p, { stop_sequences: ['END'] }), (p) => det(p, { stop_sequences: ['STOP'] })],
    ['task (another chain)', (p) => det(p, { task: 'simple_qa' }), (p) => det(p, { task: 'general' })],
    ['explicit model vs the policy chain', (p) => det(p), (p) => det(p, { model: HAIKU })],
    ['explicit model', (p) => det(p, { model: HAIKU }), (p) => det(p, { model: HAIKU3 })],
  ];

  it.each(differing)('a different %s misses; each variant then hits its own entry', async (name, base, variant) => {
    const p = uniq(`key field ${name}`);
    expect((await h.complete(base(p))).cached).toBe(false);
    expect(h.fake.calls()).toBe(1);
    expect((await h.complete(variant(p))).cached).toBe(false);
    expect(h.fake.calls()).toBe(2);
    expect((await h.complete(base(p))).cached).toBe(true);
    expect((await h.complete(variant(p))).cached).toBe(true);
    expect(h.fake.calls()).toBe(2);
  });

  const equivalent: [string, Build, Build][] = [
    ['labels', (p) => det(p, { labels: { team: 'a' } }), (p) => det(p, { labels: { team: 'b', feature: 'x' } })],
    ['no labels vs labels', (p) => det(p), (p) => det(p, { labels: { team: 'a' } })],
    ['an explicit alias vs its id', (p) => det(p, { model: 'claude-haiku-4-5' }), (p) => det(p, { model: HAIKU })],
  ];

  it.each(equivalent)('%s: the same key, a hit', async (name, base, variant) => {
    const p = uniq(`same key ${name}`);
    const first = await h.complete(base(p));
    expect(first.cached).toBe(false);
    const second = await h.complete(variant(p));
    expect(second.cached).toBe(true);
    expect(second.id).toBe(first.id);
    expect(h.fake.calls()).toBe(1);
  });

  it('temperature 0 and absent are different requests; absent (and 0.7) are not cached by default', async () => {
    const p = uniq('temperature');
    expect((await h.complete(det(p))).cached).toBe(false);
    expect(h.fake.calls()).toBe(1);
    expect((await h.complete(ask(p, { task: 'simple_qa' }))).cached).toBe(false);
    expect(h.fake.calls()).toBe(2);
    expect((await h.complete(det(p))).cached).toBe(true);
    expect((await h.complete(ask(p, { task: 'simple_qa' }))).cached).toBe(false);
    expect(h.fake.calls()).toBe(3);
    expect((await h.complete(ask(p, { task: 'simple_qa', temperature: 0.7 }))).cached).toBe(false);
    expect((await h.complete(ask(p, { task: 'simple_qa', temperature: 0.7 }))).cached).toBe(false);
    expect(h.fake.calls()).toBe(5);
  });

  it('CACHE_MODE_BYPASS neither reads nor writes', async () => {
    const p = uniq('bypass');
    const bypass = det(p, { cache: 'CACHE_MODE_BYPASS' });
    expect((await h.complete(bypass)).cached).toBe(false);
    expect(h.fake.calls()).toBe(1);
    // Nothing was written: the default request misses...
    const filled = await h.complete(det(p));
    expect(filled.cached).toBe(false);
    expect(h.fake.calls()).toBe(2);
    // ...and now that an entry exists, bypass still does not read it...
    const again = await h.complete(bypass);
    expect(again.cached).toBe(false);
    expect(h.fake.calls()).toBe(3);
    // ...nor overwrite it.
    const hit = await h.complete(det(p));
    expect(hit.cached).toBe(true);
    expect(hit.id).toBe(filled.id);
    expect(h.fake.calls()).toBe(3);
  });

  it('CACHE_MODE_REFRESH skips the read, calls upstream and overwrites the entry', async () => {
    const p = uniq('refresh');
    const old = await h.complete(det(p));
    expect(old.cached).toBe(false);
    expect((await h.complete(det(p))).cached).toBe(true);
    expect(h.fake.calls()).toBe(1);

    h.fake.setFault(HAIKU, { text: 'new answer', times: 1 });
    const refreshed = await h.complete(det(p, { cache: 'CACHE_MODE_REFRESH' }));
    expect(refreshed.cached).toBe(false);
    expect(refreshed.text).toBe('new answer');
    expect(refreshed.cost_usd).toBeGreaterThan(0);
    expect(h.fake.calls()).toBe(2);

    const hit = await h.complete(det(p));
    expect(hit.cached).toBe(true);
    expect(hit.text).toBe('new answer');
    expect(hit.id).toBe(refreshed.id);
    expect(hit.id).not.toBe(old.id);
    expect(h.fake.calls()).toBe(2);
  });

  it('errors are not cached: 529 on every model (explicit model) fails; once cleared the next request calls upstream', async () => {
    const p = uniq('errors');
    const req = det(p, { model: HAIKU3 });
    h.fake.setFault('*', { status: 529 });
    const err = await rejection(h.complete(req));
    expect(err.code).not.toBe(status.OK);
    expect(err.code).not.toBeUndefined();
    const failedCalls = h.fake.calls(HAIKU3);
    expect(failedCalls).toBeGreaterThanOrEqual(1);

    h.fake.setFault('*', null);
    const ok = await h.complete(req);
    expect(ok.cached).toBe(false);
    expect(ok.model).toBe(HAIKU3);
    expect(h.fake.calls(HAIKU3)).toBe(failedCalls + 1);
    expect((await h.complete(req)).cached).toBe(true);
    expect(h.fake.calls(HAIKU3)).toBe(failedCalls + 1);
  });

  it('refusals are not cached', async () => {
    const p = uniq('refusal');
    h.fake.setFault(HAIKU, { stopReason: 'refusal' });
    const refused = await h.complete(det(p));
    expect(refused.stop_reason).toBe('refusal');
    expect(refused.cached).toBe(false);
    const again = await h.complete(det(p));
    expect(again.cached).toBe(false);
    expect(h.fake.calls()).toBe(2);

    h.fake.setFault(HAIKU, null);
    const answered = await h.complete(det(p));
    expect(answered.cached).toBe(false);
    expect(answered.stop_reason).toBe('end_turn');
    expect(h.fake.calls()).toBe(3);
    expect((await h.complete(det(p))).cached).toBe(true);
    expect(h.fake.calls()).toBe(3);
  });

  it('a fallback answer is stored with fallback_ttl_seconds, a primary answer with ttl_seconds', async () => {
    const { ttl_seconds: ttl, fallback_ttl_seconds: fallbackTtl } = h.config.cache;
    expect(fallbackTtl).toBeLessThan(ttl);
    const reasoning = (p: string): CompleteRequest => ask(p, { task: 'complex_reasoning', temperature: 0 });

    // Primary down: the fallback answers.
    let before = new Set(await cacheKeys(raw));
    const p1 = uniq('fallback ttl');
    h.fake.setFault(OPUS45, { status: 529 });
    const viaFallback = await h.complete(reasoning(p1));
    expect(viaFallback.fallback).toBe(true);
    expect(viaFallback.model).toBe(OPUS41);
    const fallbackKey = await newKey(raw, before);
    const fallbackKeyTtl = await raw.ttl(fallbackKey);
    expect(fallbackKeyTtl).toBeGreaterThan(fallbackTtl - 30);
    expect(fallbackKeyTtl).toBeLessThanOrEqual(fallbackTtl);
    expect(JSON.parse((await raw.get(fallbackKey)) as string)).toMatchObject({ fallback: true, message: { model: OPUS41, id: viaFallback.id } });
    h.fake.setFault(OPUS45, null);

    // A hit on it keeps the fallback model, and says it was a fallback's answer.
    const hit = await h.complete(reasoning(p1));
    expect(hit).toMatchObject({ cached: true, model: OPUS41, id: viaFallback.id, fallback: true });

    // The primary answers: the long TTL.
    before = new Set(await cacheKeys(raw));
    const p2 = uniq('primary ttl');
    const viaPrimary = await h.complete(reasoning(p2));
    expect(viaPrimary.fallback).toBe(false);
    expect(viaPrimary.model).toBe(OPUS45);
    const primaryKeyTtl = await raw.ttl(await newKey(raw, before));
    expect(primaryKeyTtl).toBeGreaterThan(ttl - 30);
    expect(primaryKeyTtl).toBeLessThanOrEqual(ttl);
  });

  it('a completed StreamComplete is cached: a following Complete hits', async () => {
    const p = uniq('stream then complete');
    const chunks = await h.collect(det(p));
    const done = doneOf(chunks);
    expect(done.cached).toBe(false);
    expect(deltas(chunks, 'text_delta').join('')).toBe(done.text);
    expect(h.fake.calls()).toBe(1);

    const hit = await h.complete(det(p));
    expect(hit).toMatchObject({ cached: true, id: done.id, text: done.text, model: done.model, cost_usd: 0 });
    expect(hit.usage).toEqual(done.usage);
    expect(h.fake.calls()).toBe(1);
  });

  it('a hit on StreamComplete replays the text as chunks, then done with cached: true', async () => {
    const p = uniq('complete then stream');
    const long = 'A long cached answer that is replayed in several chunks. '.repeat(5).trim();
    h.fake.setFault(HAIKU, { text: long, times: 1 });
    const first = await h.complete(det(p));
    expect(first.text).toBe(long);

    const chunks = await h.collect(det(p));
    const done = doneOf(chunks);
    expect(done).toMatchObject({ cached: true, id: first.id, text: long, model: HAIKU, cost_usd: 0 });
    expect(done.usage).toEqual(first.usage);
    const text = deltas(chunks, 'text_delta');
    expect(text.length).toBeGreaterThan(1);
    expect(text.join('')).toBe(long);
    expect(chunks.slice(1, -2).every((c) => c.event === 'text_delta')).toBe(true);
    expect([chunks[0]?.event, chunks.at(-2)?.event]).toEqual(['block_start', 'block_stop']);
    expect(h.fake.calls()).toBe(1);

    // And a second streamed hit is the same again.
    expect(doneOf(await h.collect(det(p))).cached).toBe(true);
    expect(h.fake.calls()).toBe(1);
  });

  it('50 concurrent identical requests make one upstream call; the leader pays, the followers get cached and cost 0', async () => {
    const p = uniq('thundering herd');
    // An upstream that takes a little while (as a real one does), so all 50 arrive while the first is in flight.
    h.fake.setFault(HAIKU, { delayMs: 100 });
    const responses = await Promise.all(Array.from({ length: 50 }, () => h.complete(det(p))));
    expect(h.fake.calls()).toBe(1);
    const leaders = responses.filter((r) => !r.cached);
    expect(leaders).toHaveLength(1);
    expect(leaders[0]?.cost_usd).toBeGreaterThan(0);
    for (const r of responses) {
      expect(r.text).toBe(leaders[0]?.text);
      expect(r.model).toBe(HAIKU);
      if (r.cached) expect(r.cost_usd).toBe(0);
    }
  });
});

// =====================================================================================================

describe('response cache with deterministic_only false', () => {
  let h: Harness;

  beforeAll(async () => {
    const redis = await newRedis();
    h = await redisRouter(redis.url, {
      config: (c) => {
        c.cache.deterministic_only = false;
      },
    });
  });
  afterAll(closeAll);
  beforeEach(() => h.fake.reset());

  it('requests without temperature, or with 0.7, are cached too, each under its own key', async () => {
    const p = uniq('non-deterministic');
    for (const temperature of [undefined, 0.7, 0]) {
      const req = ask(p, { task: 'simple_qa', ...(temperature === undefined ? {} : { temperature }) });
      const calls = h.fake.calls();
      expect((await h.complete(req)).cached).toBe(false);
      expect(h.fake.calls()).toBe(calls + 1);
      expect((await h.complete(req)).cached).toBe(true);
      expect(h.fake.calls()).toBe(calls + 1);
    }
    expect(h.fake.calls()).toBe(3);
  });

  it('the thinking budget is part of the key (0 vs 2048 vs 4096)', async () => {
    const p = uniq('thinking');
    const req = (budget: number): CompleteRequest => ask(p, { task: 'complex_reasoning', max_tokens: 8000, thinking_budget_tokens: budget });
    for (const [i, budget] of [0, 2048, 4096].entries()) {
      expect((await h.complete(req(budget))).cached).toBe(false);
      expect(h.fake.calls()).toBe(i + 1);
    }
    for (const budget of [0, 2048, 4096]) expect((await h.complete(req(budget))).cached).toBe(true);
    expect(h.fake.calls()).toBe(3);
  });

  it('a streamed hit replays the thinking before the text', async () => {
    const p = uniq('stream thinking');
    const req = ask(p, { task: 'complex_reasoning', max_tokens: 8000, thinking_budget_tokens: 2048 });
    const first = await h.complete(req);
    expect(first.thinking.length).toBeGreaterThan(0);
    const chunks = await h.collect(req);
    const done = doneOf(chunks);
    expect(done.cached).toBe(true);
    expect(deltas(chunks, 'thinking_delta').join('')).toBe(first.thinking);
    expect(deltas(chunks, 'text_delta').join('')).toBe(first.text);
    const firstText = chunks.findIndex((c) => c.event === 'text_delta');
    const lastThinking = chunks.map((c) => c.event).lastIndexOf('thinking_delta');
    expect(lastThinking).toBeLessThan(firstText);
    expect(h.fake.calls()).toBe(1);
  });
});

// =====================================================================================================

describe('response cache in process memory (no Redis)', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await track(startHarness());
    expect(h.app.cacheStore?.kind).toBe('memory');
  });
  afterAll(closeAll);
  beforeEach(() => h.fake.reset());

  it('a second identical request is a hit', async () => {
    const req = det(uniq('memory'));
    const first = await h.complete(req);
    expect(first.cached).toBe(false);
    const second = await h.complete(req);
    expect(second).toMatchObject({ cached: true, id: first.id, text: first.text, model: first.model, cost_usd: 0 });
    expect(second.usage).toEqual(first.usage);
    expect(h.fake.calls()).toBe(1);
  });

  it('50 concurrent identical requests make one upstream call', async () => {
    const p = uniq('memory herd');
    h.fake.setFault(HAIKU, { delayMs: 100 });
    const responses = await Promise.all(Array.from({ length: 50 }, () => h.complete(det(p))));
    expect(h.fake.calls()).toBe(1);
    expect(responses.filter((r) => !r.cached)).toHaveLength(1);
  });
});

// =====================================================================================================

describe('a request that joins another in flight (memory store)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ config: (c) => (c.resilience.retry.max_retries_per_model = 0) });
  });
  afterAll(() => h.close());
  beforeEach(() => h.fake.reset());

  it("keeps its own deadline: it gives up at its deadline while the leader's call goes on and fills the cache", async () => {
    h.fake.setFault(HAIKU, { delayMs: 800 });
    const request = ask(`joined deadline ${Date.now()}`, { task: 'simple_qa', temperature: 0 });
    const leader = h.complete(request);
    await waitFor('the leader to reach upstream', () => h.fake.calls(HAIKU) === 1, 2_000, 5);
    const follower = await timed(rejection(h.complete(request, { deadlineMs: 200 })));
    expect(follower.value.code).toBe(status.DEADLINE_EXCEEDED);
    expect(follower.ms).toBeLessThan(700);
    await expect(leader).resolves.toMatchObject({ cached: false, model: HAIKU });
    expect(h.fake.calls(HAIKU)).toBe(1);
  });

  it('reports no attempts of its own, so per-model metrics count the one upstream call once', async () => {
    const okAttempts = async (): Promise<number> => {
      const text = await h.app.metrics.registry.getSingleMetricAsString('modelrouter_upstream_attempts_total');
      return Number(new RegExp(`model="${HAIKU}",provider="anthropic",outcome="ok"} (\\d+)`).exec(text)?.[1] ?? 0);
    };
    const before = await okAttempts();
    h.fake.setFault(HAIKU, { delayMs: 200 });
    const request = ask(`joined metrics ${Date.now()}`, { task: 'simple_qa', temperature: 0 });
    const results = await Promise.all(Array.from({ length: 5 }, () => h.complete(request)));
    expect(h.fake.calls(HAIKU)).toBe(1);
    const leaders = results.filter((r) => !r.cached);
    expect(leaders).toHaveLength(1);
    expect(leaders[0]?.attempts.map((a) => a.outcome)).toEqual(['ok']);
    for (const follower of results.filter((r) => r.cached)) {
      expect(follower).toMatchObject({ attempts: [], cost_usd: 0 });
    }
    expect((await okAttempts()) - before).toBe(1);
  });

  it('a refresh does not join a plain request in flight: it makes its own call and overwrites', async () => {
    h.fake.setFault(HAIKU, { delayMs: 300, text: 'old answer' });
    const request = ask(`refresh join ${Date.now()}`, { task: 'simple_qa', temperature: 0 });
    const plain = h.complete(request);
    await waitFor('the plain request to reach upstream', () => h.fake.calls(HAIKU) === 1, 2_000, 5);
    h.fake.setFault(HAIKU, { text: 'new answer' });
    const refreshed = await h.complete({ ...request, cache: 'CACHE_MODE_REFRESH' });
    expect(refreshed).toMatchObject({ cached: false, text: 'new answer' });
    await plain;
    expect(h.fake.calls(HAIKU)).toBe(2);
  });
});
