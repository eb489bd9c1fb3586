import Anthropic from '@anthropic-ai/sdk';
import { status, type ServiceError } from '@grpc/grpc-js';
import type { CompleteChunk__Output } from '../../src/generated/modelrouter/v1/CompleteChunk';
import type { CompleteRequest } from '../../src/generated/modelrouter/v1/CompleteRequest';
import type { Fault } from '../../src/simulator';
import { ask, rejection, startHarness, type Harness } from '../fakes/routerHarness';

// simple_qa: [family:haiku, claude-3-5-haiku-latest, family:sonnet]; complex_reasoning: [family:opus, claude-opus-4-1, family:sonnet]
const HAIKU45 = 'claude-haiku-4-5-20251001';
const HAIKU35 = 'claude-3-5-haiku-20241022';
const SONNET4 = 'claude-sonnet-4-20250514';
const OPUS45 = 'claude-opus-4-5-20251101';
const OPUS41 = 'claude-opus-4-1-20250805';

/** 60 distinct words: every split point of the answer is recognisable. */
const TEXT = Array.from({ length: 60 }, (_, i) => `word${i}`).join(' ');

interface Streamed {
  chunks: CompleteChunk__Output[];
  error: ServiceError | undefined;
  ms: number;
}

function collect(h: Harness, request: CompleteRequest, deadlineMs?: number): Promise<Streamed> {
  const started = Date.now();
  return new Promise((resolve) => {
    const chunks: CompleteChunk__Output[] = [];
    const call = h.stream(request, deadlineMs ? { deadlineMs } : undefined);
    call.on('data', (c: CompleteChunk__Output) => chunks.push(c));
    call.on('end', () => resolve({ chunks, error: undefined, ms: Date.now() - started }));
    call.on('error', (error: ServiceError) => resolve({ chunks, error, ms: Date.now() - started }));
  });
}

const text = (s: Streamed): string => s.chunks.map((c) => c.text_delta ?? '').join('');
const doneOf = (s: Streamed) => s.chunks.find((c) => c.event === 'done')?.done;
const steps = (attempts: readonly { model: string; outcome: string }[] | undefined) => (attempts ?? []).map((a) => [a.model, a.outcome]);

/** The whole answer on every model, and a fault on the primary's first call only (the rescue call answers normally). */
function faultOnce(h: Harness, model: string, fault: Fault): void {
  h.fake.setFault('*', { text: TEXT });
  h.fake.setFault(model, { text: TEXT, ...fault, times: 1 });
}

describe('streams that survive a failing model', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      config: (c) => {
        c.cache.enabled = false;
        c.resilience.retry.max_retries_per_model = 0;
        c.resilience.breaker.volume_threshold = 1000;
        c.resilience.first_token_timeout_ms = 400;
        c.resilience.stream_idle_timeout_ms = 400;
      },
    });
  });
  afterAll(() => h.close());
  beforeEach(() => h.fake.reset());

  it('a stream cut after 39 of 60 words is continued on the same model: one seamless answer, usage of both calls', async () => {
    faultOnce(h, HAIKU45, { dropAfterDeltas: 13 });
    const s = await collect(h, ask('sixty words please', { task: 'simple_qa' }));
    const done = doneOf(s);
    expect(s.error).toBeUndefined();
    expect(done?.text).toBe(TEXT);
    expect(text(s)).toBe(TEXT);
    expect(steps(done?.attempts)).toEqual([
      [HAIKU45, 'error'],
      [HAIKU45, 'continued'],
    ]);
    expect(done?.fallback).toBe(false);
    // The continuation carried exactly what the caller had, trailing whitespace trimmed, as an assistant prefill.
    const sent = h.fake.requests[1]?.body['messages'] as { role: string; content: string }[];
    expect(sent.at(-1)).toEqual({ role: 'assistant', content: TEXT.split(' ').slice(0, 39).join(' ') });
    expect(Number(done?.usage?.input_tokens)).toBeGreaterThan(Number(h.fake.requests.length));
    // One text block throughout: the continuation's own start was not sent again.
    expect(s.chunks.filter((c) => c.event === 'block_start')).toHaveLength(1);
  });

  it('a stream that stalls (30 s, then closes) is treated as cut at the idle limit and continued', async () => {
    faultOnce(h, HAIKU45, { stallAfterDeltas: 5, stallMs: 30_000 });
    const s = await collect(h, ask('sixty words please', { task: 'simple_qa' }));
    expect(doneOf(s)?.text).toBe(TEXT);
    expect(s.ms).toBeLessThan(5_000);
    await h.fake.waitForAborted(1, HAIKU45, 2_000);
  });

  it('an error event mid-stream is continued; when the same model is down the next one continues (fallback: true)', async () => {
    faultOnce(h, HAIKU45, { streamErrorAfterDeltas: 5 });
    expect(doneOf(await collect(h, ask('sixty words please', { task: 'simple_qa' })))?.text).toBe(TEXT);
    // Its breaker open: the continuation goes to the next model that takes a prefill.
    h.fake.reset();
    faultOnce(h, HAIKU45, { streamErrorAfterDeltas: 5 });
    const breaker = h.app.breakers.get(`${HAIKU45}@anthropic`);
    const original = breaker.tryAcquire.bind(breaker);
    let calls = 0;
    breaker.tryAcquire = () => (++calls > 1 ? undefined : original());
    try {
      const s = await collect(h, ask('sixty words please', { task: 'simple_qa' }));
      const done = doneOf(s);
      expect(done?.text).toBe(TEXT);
      expect(steps(done?.attempts)).toEqual([
        [HAIKU45, 'error'],
        [HAIKU45, 'skipped_circuit_open'],
        [HAIKU35, 'continued'],
      ]);
      expect(done?.fallback).toBe(true);
      expect(done?.model).toBe(HAIKU35);
    } finally {
      breaker.tryAcquire = original;
    }
  });

  it('one malformed event is skipped and counted; the answer is whole, from one call', async () => {
    const malformed = async (): Promise<number> =>
      Number(new RegExp(`modelrouter_upstream_malformed_events_total\\{model="${HAIKU45}"\\} (\\d+)`).exec(await h.app.metrics.registry.metrics())?.[1] ?? 0);
    const before = await malformed();
    faultOnce(h, HAIKU45, { malformedAfterDeltas: 4 });
    const s = await collect(h, ask('sixty words please', { task: 'simple_qa' }));
    expect(doneOf(s)?.text).toBe(TEXT);
    expect(h.fake.calls(HAIKU45)).toBe(1);
    expect((await malformed()) - before).toBe(1);
  });

  it('two malformed events in one stream are a cut, and the cut is continued', async () => {
    faultOnce(h, HAIKU45, { malformedAfterDeltas: 4, malformedCount: 2 });
    const s = await collect(h, ask('sixty words please', { task: 'simple_qa' }));
    expect(doneOf(s)?.text).toBe(TEXT);
    expect(steps(doneOf(s)?.attempts)).toEqual([
      [HAIKU45, 'error'],
      [HAIKU45, 'continued'],
    ]);
  });

  it('a stream that ends after message_delta without message_stop is complete: done at once, one call', async () => {
    faultOnce(h, HAIKU45, { omitMessageStop: true });
    const s = await collect(h, ask('sixty words please', { task: 'simple_qa' }));
    expect(doneOf(s)).toMatchObject({ text: TEXT, stop_reason: 'end_turn' });
    expect(h.fake.calls()).toBe(1);
  });

  it('Complete is rescued the same way: the response holds the whole text', async () => {
    faultOnce(h, HAIKU45, { dropAfterDeltas: 13 });
    const res = await h.complete(ask('sixty words please', { task: 'simple_qa' }));
    expect(res.text).toBe(TEXT);
    expect(steps(res.attempts)).toEqual([
      [HAIKU45, 'error'],
      [HAIKU45, 'continued'],
    ]);
  });

  it('a first token later than the limit: the attempt is abandoned (upstream aborted, a breaker failure) and the next model answers', async () => {
    h.fake.setFault(HAIKU45, { chunkDelayMs: 5_000 });
    const failures = h.app.breakers.get(`${HAIKU45}@anthropic`).stats.failures;
    const started = Date.now();
    const res = await h.complete(ask('hi', { task: 'simple_qa' }));
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(res.model).toBe(HAIKU35);
    expect(res.attempts[0]?.error).toMatch(/first-token limit/);
    await h.fake.waitForAborted(1, HAIKU45, 2_000);
    expect(h.app.breakers.get(`${HAIKU45}@anthropic`).stats.failures).toBe(failures + 1);
  });

  it('a 400 "prompt is too long" moves to the model of the chain whose window holds it, with the 1M beta; never retried', async () => {
    h.fake.setFault(HAIKU45, { status: 400, message: 'prompt is too long: 210000 tokens > 200000 maximum' });
    const res = await h.complete(ask('a long prompt', { task: 'simple_qa' }));
    expect(res.model).toBe(SONNET4);
    expect(steps(res.attempts)).toEqual([
      [HAIKU45, 'error'],
      [HAIKU35, 'skipped_incapable'],
      [SONNET4, 'ok'],
    ]);
    expect(res.attempts[1]?.error).toMatch(/210000 tokens, said upstream/);
    expect(h.fake.requests.find((r) => r.model === SONNET4)?.headers['anthropic-beta']).toBe('context-1m-2025-08-07');
    expect(h.fake.calls(HAIKU45)).toBe(1);
    const err = await rejection(h.complete(ask('a long prompt', { model: HAIKU45 })));
    expect(err.code).toBe(status.INVALID_ARGUMENT);
    expect(err.details).toMatch(/^the input is about 210000 tokens; the largest context window in the chain is 200000 tokens/);
  });
});

describe('when a cut answer cannot be continued', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      config: (c) => ((c.cache.enabled = false), (c.resilience.retry.max_retries_per_model = 0), (c.resilience.breaker.volume_threshold = 1000)),
    });
  });
  afterAll(() => h.close());
  beforeEach(() => h.fake.reset());

  const thinking = { task: 'complex_reasoning', thinking_budget_tokens: 2048, max_tokens: 4096 };

  it('thinking in the answer: a clean UNAVAILABLE, never a done', async () => {
    faultOnce(h, OPUS45, { dropAfterDeltas: 2 });
    const s = await collect(h, ask('think, then sixty words', thinking));
    expect(s.error?.code).toBe(status.UNAVAILABLE);
    expect(doneOf(s)).toBeUndefined();
    expect(h.fake.calls()).toBe(1);
  });

  it('with stream_restart, a restart chunk, then the whole answer from the next model', async () => {
    faultOnce(h, OPUS45, { dropAfterDeltas: 2 });
    const s = await collect(h, ask('think, then sixty words', { ...thinking, stream_restart: true }));
    const restartAt = s.chunks.findIndex((c) => c.event === 'restart');
    expect(restartAt).toBeGreaterThan(0);
    expect(s.chunks[restartAt]?.restart?.model).toBe(OPUS41);
    const after = s.chunks.slice(restartAt + 1);
    expect(after.map((c) => c.text_delta ?? '').join('')).toBe(TEXT);
    expect(doneOf(s)).toMatchObject({ model: OPUS41, text: TEXT, fallback: true });
  });

  it('a hung primary and a 5 s deadline: the fallback answers inside it, for Complete and StreamComplete', async () => {
    h.fake.setFault(HAIKU45, { hang: true });
    const started = Date.now();
    const res = await h.complete(ask('hi', { task: 'simple_qa' }), { deadlineMs: 5_000 });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(res.model).toBe(HAIKU35);
    expect(res.attempts[0]?.error).toMatch(/share of the deadline/);
    const s = await collect(h, ask('hi again', { task: 'simple_qa' }), 5_000);
    expect(s.error).toBeUndefined();
    expect(s.ms).toBeLessThan(5_000);
    expect(doneOf(s)?.model).toBe(HAIKU35);
  });
});

describe('no scenario ends with done holding a truncated answer', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      config: (c) => {
        c.cache.enabled = false;
        c.resilience.retry.max_retries_per_model = 0;
        c.resilience.breaker.volume_threshold = 1000;
        c.resilience.stream_idle_timeout_ms = 300;
      },
    });
  });
  afterAll(() => h.close());
  beforeEach(() => h.fake.reset());

  const scenarios: [string, Fault, Partial<CompleteRequest>][] = [
    ['cut', { dropAfterDeltas: 7 }, {}],
    ['error event', { streamErrorAfterDeltas: 7 }, {}],
    ['stall', { stallAfterDeltas: 7, stallMs: 5_000 }, {}],
    ['two malformed events', { malformedAfterDeltas: 7, malformedCount: 2 }, {}],
    ['one malformed event', { malformedAfterDeltas: 7 }, {}],
    ['no message_stop', { omitMessageStop: true }, {}],
    ['cut with rescue impossible (thinking)', { dropAfterDeltas: 3 }, { task: 'complex_reasoning', thinking_budget_tokens: 2048, max_tokens: 4096 }],
    ['cut, rescue off', { dropAfterDeltas: 7 }, { model: HAIKU45 }],
  ];

  it.each(scenarios)('%s', async (_name, fault, extra) => {
    for (const model of [HAIKU45, OPUS45]) faultOnce(h, model, fault);
    for (const stream of [true, false]) {
      const request = ask('sixty words please', { task: 'simple_qa', ...extra });
      const answer = stream ? doneOf(await collect(h, request)) : await h.complete(request).catch(() => undefined);
      // Either no answer at all (a clean error), or the whole one: never a part of it called done.
      if (answer) expect(answer.text).toBe(TEXT);
      h.fake.reset();
      for (const model of [HAIKU45, OPUS45]) faultOnce(h, model, fault);
    }
  });
});

describe('the HTTP door rescues a cut stream too', () => {
  it("the SDK's finalMessage() holds the whole text", async () => {
    const h = await startHarness({ config: (c) => ((c.cache.enabled = false), (c.resilience.retry.max_retries_per_model = 0)) });
    try {
      faultOnce(h, HAIKU45, { dropAfterDeltas: 13 });
      const client = new Anthropic({ apiKey: 'k', baseURL: `http://127.0.0.1:${h.app.httpPort}`, maxRetries: 0 });
      const stream = client.messages.stream({ model: 'task:simple_qa', max_tokens: 300, messages: [{ role: 'user', content: 'sixty words please' }] });
      const message = await stream.finalMessage();
      expect(message.content).toEqual([{ type: 'text', text: TEXT }]);
    } finally {
      await h.close();
    }
  });
});
