import { status, type ClientReadableStream, type ServiceError } from '@grpc/grpc-js';
import type { CompleteChunk__Output } from '../../src/generated/modelrouter/v1/CompleteChunk';
import type { CompleteRequest } from '../../src/generated/modelrouter/v1/CompleteRequest';
import type { CompleteResponse__Output } from '../../src/generated/modelrouter/v1/CompleteResponse';
import { ask, rejection, startHarness, type CallOptions, type Harness } from '../fakes/routerHarness';

// simple_qa: [family:haiku, claude-3-5-haiku-latest, family:sonnet]
const PRIMARY = 'claude-haiku-4-5-20251001';
const FALLBACK = 'claude-3-5-haiku-20241022';
const LAST = 'claude-sonnet-4-20250514';

/** n distinct words, so every delta and every split point is recognisable. */
function words(n: number, prefix = 'word'): string {
  return Array.from({ length: n }, (_, i) => `${prefix}${i}`).join(' ');
}

interface Streamed {
  chunks: CompleteChunk__Output[];
  /** Date.now() when each chunk arrived, parallel to `chunks`. */
  at: number[];
  started: number;
  finished: number;
  error: ServiceError | undefined;
}

/**
 * Reads a StreamComplete call to its end or its error. After an error it waits a moment before resolving, so a
 * chunk still buffered in the client stream is counted rather than lost to the race.
 */
function read(call: ClientReadableStream<CompleteChunk__Output>, onData?: (chunk: CompleteChunk__Output, index: number) => void): Promise<Streamed> {
  const out: Streamed = { chunks: [], at: [], started: Date.now(), finished: 0, error: undefined };
  return new Promise((resolve) => {
    let settled = false;
    call.on('data', (chunk: CompleteChunk__Output) => {
      out.chunks.push(chunk);
      out.at.push(Date.now());
      onData?.(chunk, out.chunks.length - 1);
    });
    call.on('end', () => {
      if (settled) return;
      settled = true;
      out.finished = Date.now();
      resolve(out);
    });
    call.on('error', (err: ServiceError) => {
      if (settled) return;
      settled = true;
      out.finished = Date.now();
      out.error = err;
      setTimeout(() => resolve(out), 50);
    });
  });
}

function stream(h: Harness, request: CompleteRequest, options?: CallOptions): Promise<Streamed> {
  return read(h.stream(request, options));
}

/** What a text-only client reads: the text and thinking deltas and `done` (block boundaries are for block-aware clients). */
const kinds = (s: Streamed): string[] => s.chunks.map((c) => c.event ?? '?').filter((k) => k !== 'block_start' && k !== 'block_stop');
const textDeltas = (s: Streamed): string[] => s.chunks.filter((c) => c.event === 'text_delta').map((c) => c.text_delta ?? '');
const thinkingDeltas = (s: Streamed): string[] => s.chunks.filter((c) => c.event === 'thinking_delta').map((c) => c.thinking_delta ?? '');

/** The final `done` response; fails unless the stream ended cleanly with exactly one `done`, as its last chunk. */
function doneOf(s: Streamed): CompleteResponse__Output {
  expect(s.error).toBeUndefined();
  const last = s.chunks[s.chunks.length - 1];
  expect(last?.event).toBe('done');
  expect(kinds(s).filter((k) => k === 'done')).toHaveLength(1);
  if (!last?.done) throw new Error('stream ended without a done chunk');
  return last.done;
}

async function eventually(check: () => boolean, timeoutMs = 3000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('StreamComplete over gRPC against the fake upstream', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      config: (c) => {
        c.cache.enabled = false;
        // One attempt per model, so a failed primary shows as exactly [error, ok].
        c.resilience.retry.max_retries_per_model = 0;
        // The fault tests must not open a breaker under the tests that follow them.
        c.resilience.breaker.volume_threshold = 1000;
        // Rescue off: these are the guarantees without it (a cut is a clean error); streamRescue.test.ts has it on.
        c.resilience.max_stream_rescues = 0;
      },
    });
  });
  afterAll(() => h.close());
  beforeEach(() => h.fake.reset());

  it('sends text deltas in order that join to the done text, which matches Complete for the same request', async () => {
    const request = ask('What is the capital of France?', { task: 'simple_qa' });
    const s = await stream(h, request);
    const done = doneOf(s);
    const deltas = textDeltas(s);

    expect(deltas.length).toBeGreaterThanOrEqual(3);
    expect(kinds(s)).toEqual([...deltas.map(() => 'text_delta'), 'done']);
    // The one text block opens before its deltas and closes before done, every chunk naming block 0.
    expect(s.chunks.map((c) => c.event)).toEqual(['block_start', ...deltas.map(() => 'text_delta'), 'block_stop', 'done']);
    expect(s.chunks.slice(0, -1).every((c) => c.index === 0)).toBe(true);
    expect(s.chunks[0]?.block_start?.text?.text).toBe('');
    expect(deltas.every((d) => d.length > 0)).toBe(true);
    expect(done.text).toBe(deltas.join(''));
    expect(done.text).toContain('capital of France');
    expect(done.model).toBe(PRIMARY);
    expect(done.task).toBe('simple_qa');
    expect(done.id).toMatch(/^msg_/);
    expect(done.stop_reason).toBe('end_turn');
    expect(Number(done.usage?.input_tokens)).toBeGreaterThan(0);
    expect(Number(done.usage?.output_tokens)).toBeGreaterThan(0);
    expect(done.attempts.map((a) => [a.model, a.outcome])).toEqual([[PRIMARY, 'ok']]);
    expect(done.cost_usd).toBeGreaterThan(0);
    expect(done.cached).toBe(false);
    expect(done.fallback).toBe(false);
    expect(done.thinking).toBe('');
    expect(h.fake.requests[0]?.stream).toBe(true);

    const unary = await h.complete(request);
    expect(unary.text).toBe(done.text);
    expect(unary.model).toBe(done.model);
    expect(Number(unary.usage?.output_tokens)).toBe(Number(done.usage?.output_tokens));
    expect(unary.cost_usd).toBeCloseTo(done.cost_usd, 12);
  });

  it('passes a slow upstream through as it arrives: the first chunk long before the end, the rest spread out', async () => {
    const text = words(30, 'slow');
    h.fake.setFault(PRIMARY, { chunkDelayMs: 150, text });
    const s = await stream(h, ask('tell me slowly', { task: 'simple_qa' }));
    const done = doneOf(s);
    expect(done.text).toBe(text);

    const deltas = textDeltas(s);
    expect(deltas).toHaveLength(10);
    expect(deltas.join('')).toBe(text);

    const total = s.finished - s.started;
    const first = (s.at[0] ?? Infinity) - s.started;
    // ~16 SSE events 150 ms apart: ~2.3 s in all, the first text delta after ~0.45 s.
    expect(total).toBeGreaterThan(1500);
    expect(first).toBeLessThan(total / 2);
    // Ten deltas arrive over ~1.35 s, not in one burst at the end.
    const textTimes = s.chunks.flatMap((c, i) => (c.event === 'text_delta' ? [s.at[i] ?? 0] : []));
    expect((textTimes[textTimes.length - 1] ?? 0) - (textTimes[0] ?? 0)).toBeGreaterThan(800);
    const spacedGaps = textTimes.slice(1).filter((t, i) => t - (textTimes[i] ?? t) >= 60).length;
    expect(spacedGaps).toBeGreaterThanOrEqual(5);
  });

  it('falls back when the primary answers 529 at connect, with no text from the failed model', async () => {
    h.fake.setFault(PRIMARY, { status: 529 });
    const s = await stream(h, ask('hello there', { task: 'simple_qa' }));
    const done = doneOf(s);

    expect(done.model).toBe(FALLBACK);
    expect(done.fallback).toBe(true);
    expect(done.attempts.map((a) => [a.model, a.outcome])).toEqual([
      [PRIMARY, 'error'],
      [FALLBACK, 'ok'],
    ]);
    expect(done.attempts[0]?.error).toContain('529');
    expect(textDeltas(s).join('')).toBe(done.text);
    expect(done.text).toContain(FALLBACK);
    expect(done.text).not.toContain(PRIMARY);
    expect(h.fake.calls(PRIMARY)).toBe(1);
    expect(h.fake.calls(FALLBACK)).toBe(1);
    expect(h.fake.calls(LAST)).toBe(0);
  });

  it('falls back when the primary sends an error event before any delta', async () => {
    h.fake.setFault(PRIMARY, { streamErrorAfterDeltas: 0 });
    const s = await stream(h, ask('hello again', { task: 'simple_qa' }));
    const done = doneOf(s);

    expect(done.model).toBe(FALLBACK);
    expect(done.fallback).toBe(true);
    expect(done.attempts.map((a) => [a.model, a.outcome])).toEqual([
      [PRIMARY, 'error'],
      [FALLBACK, 'ok'],
    ]);
    expect(done.attempts[0]?.error).toContain('overloaded_error');
    expect(textDeltas(s).join('')).toBe(done.text);
    expect(done.text).toContain(FALLBACK);
    expect(done.text).not.toContain(PRIMARY);
    expect(h.fake.calls(PRIMARY)).toBe(1);
    expect(h.fake.calls(FALLBACK)).toBe(1);
  });

  it('ends with UNAVAILABLE, without falling back, when the connection drops after two deltas', async () => {
    h.fake.setFault(PRIMARY, { dropAfterDeltas: 2 });
    const s = await stream(h, ask('drop me midway', { task: 'simple_qa' }));
    expect(kinds(s)).toEqual(['text_delta', 'text_delta']);
    expect(s.error?.code).toBe(status.UNAVAILABLE);
    expect(s.error?.details).toContain(`after ${textDeltas(s).join('').length} characters`);
    expect(h.fake.calls(PRIMARY)).toBe(1);
    expect(h.fake.calls(FALLBACK)).toBe(0);
  });

  it('tells upstream when the caller cancels after the first chunk', async () => {
    h.fake.setFault(PRIMARY, { chunkDelayMs: 200, text: words(30, 'cancel') });
    const breaker = h.app.breakers.get(`${PRIMARY}@anthropic`);
    const failuresBefore = breaker.stats.failures;
    const call = h.stream(ask('a long answer please', { task: 'simple_qa' }));
    const s = await read(call, (_chunk, i) => {
      if (i === 0) call.cancel();
    });

    expect(s.error?.code).toBe(status.CANCELLED);
    expect(kinds(s)).not.toContain('done');
    await h.fake.waitForAborted(1, PRIMARY, 3000);
    // The caller left: not the model's fault, and nobody is waiting for a fallback.
    expect(breaker.stats.failures).toBeLessThanOrEqual(failuresBefore);
    expect(h.fake.calls(FALLBACK)).toBe(0);
  });

  it('ends with DEADLINE_EXCEEDED when the deadline passes during the stream, and upstream sees the abort', async () => {
    h.fake.setFault(PRIMARY, { chunkDelayMs: 200, text: words(30, 'late') });
    // One model, so all of the deadline is its own (with a chain it would get a share and the fallback the rest).
    const s = await stream(h, ask('a long answer please', { model: PRIMARY }), { deadlineMs: 400 });

    expect(s.error?.code).toBe(status.DEADLINE_EXCEEDED);
    expect(kinds(s)).not.toContain('done');
    await h.fake.waitForAborted(1, PRIMARY, 3000);
    expect(h.fake.calls(FALLBACK)).toBe(0);
  });

  it('ends with DEADLINE_EXCEEDED when the deadline passes after text was sent, and upstream sees the abort', async () => {
    h.fake.setFault(PRIMARY, { chunkDelayMs: 200, text: words(30, 'later') });
    const breaker = h.app.breakers.get(`${PRIMARY}@anthropic`);
    const failuresBefore = breaker.stats.failures;
    const s = await stream(h, ask('a long answer please', { model: PRIMARY }), { deadlineMs: 1500 });

    expect(s.error?.code).toBe(status.DEADLINE_EXCEEDED);
    expect(textDeltas(s).length).toBeGreaterThanOrEqual(1);
    expect(textDeltas(s).length).toBeLessThan(10);
    expect(kinds(s)).not.toContain('done');
    await h.fake.waitForAborted(1, PRIMARY, 3000);
    expect(h.fake.calls(FALLBACK)).toBe(0);
    expect(breaker.stats.failures).toBeLessThanOrEqual(failuresBefore);
  });

  it('streams thinking deltas before the text deltas, and done.thinking is their concatenation', async () => {
    const s = await stream(h, ask('think about it', { task: 'complex_reasoning', thinking_budget_tokens: 2048, max_tokens: 4096 }));
    const done = doneOf(s);
    expect(h.fake.requests[0]?.body['thinking']).toEqual({ type: 'enabled', budget_tokens: 2048 });

    const thinking = thinkingDeltas(s);
    const text = textDeltas(s);
    expect(thinking.length).toBeGreaterThanOrEqual(2);
    expect(text.length).toBeGreaterThanOrEqual(1);
    const k = kinds(s);
    expect(k.lastIndexOf('thinking_delta')).toBeLessThan(k.indexOf('text_delta'));
    expect(done.thinking.length).toBeGreaterThan(0);
    expect(done.thinking).toBe(thinking.join(''));
    expect(done.text).toBe(text.join(''));
    expect(done.text).not.toContain(done.thinking);
  });

  it.each<[string, CompleteRequest]>([
    ['no messages', { task: 'simple_qa', messages: [] }],
    ['temperature out of range', ask('hi', { task: 'simple_qa', temperature: 2 })],
    ['an unknown task', ask('hi', { task: 'no_such_task' })],
  ])('rejects %s with INVALID_ARGUMENT and no upstream call', async (_what, request) => {
    const s = await stream(h, request);
    expect(s.error?.code).toBe(status.INVALID_ARGUMENT);
    expect(s.chunks).toHaveLength(0);
    expect(h.fake.calls()).toBe(0);
  });

  it('delivers the whole text to a client that stops reading for a while (flow control)', async () => {
    // Far more than one HTTP/2 flow-control window, so a paused reader really holds the server's writes up.
    const text = words(15_000, 'w');
    h.fake.setFault(PRIMARY, { text });
    const call = h.stream(ask('a very long answer', { task: 'simple_qa', max_tokens: 20_000 }));
    let resumedAt = 0;
    const s = await read(call, (_chunk, i) => {
      if (i !== 0) return;
      call.pause();
      setTimeout(() => {
        resumedAt = Date.now();
        call.resume();
      }, 500);
    });
    const done = doneOf(s);

    expect(resumedAt).toBeGreaterThan(0);
    expect(done.text).toBe(text);
    expect(done.stop_reason).toBe('end_turn');
    const deltas = textDeltas(s);
    expect(deltas).toHaveLength(5_000);
    expect(deltas.join('')).toBe(text);
    // Nothing was delivered while paused.
    expect(s.at.filter((t, i) => i > 0 && t < resumedAt)).toHaveLength(0);
  });
});

describe('StreamComplete with the response cache', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      config: (c) => {
        c.cache.enabled = true;
        c.resilience.breaker.volume_threshold = 1000;
        c.resilience.max_stream_rescues = 0;
      },
    });
  });
  afterAll(() => h.close());
  beforeEach(() => h.fake.reset());

  it('ends with UNAVAILABLE after an error event mid-stream: no fallback, a breaker failure, nothing cached', async () => {
    const request = ask('interrupted and deterministic', { task: 'simple_qa', temperature: 0 });
    const breaker = h.app.breakers.get(`${PRIMARY}@anthropic`);
    const failuresBefore = breaker.stats.failures;
    h.fake.setFault(PRIMARY, { streamErrorAfterDeltas: 2 });

    const s = await stream(h, request);
    expect(kinds(s)).toEqual(['text_delta', 'text_delta']);
    expect(s.error?.code).toBe(status.UNAVAILABLE);
    const sent = textDeltas(s).join('');
    expect(s.error?.details).toContain(PRIMARY);
    expect(s.error?.details).toContain(`after ${sent.length} characters`);
    // Text already reached the caller: neither another model nor a retry of this one may add to it.
    expect(h.fake.calls(PRIMARY)).toBe(1);
    expect(h.fake.calls(FALLBACK)).toBe(0);
    expect(h.fake.calls(LAST)).toBe(0);
    await eventually(() => breaker.stats.failures > failuresBefore);
    const line = h
      .logs()
      .filter((r) => r['event'] === 'request')
      .pop();
    expect(line).toMatchObject({ rpc: 'StreamComplete', outcome: 'error', code: 'UNAVAILABLE', attempts: [`${PRIMARY}:error`] });

    // Not cached: the same deterministic request goes upstream again...
    h.fake.setFault(PRIMARY, null);
    const again = await stream(h, request);
    const done = doneOf(again);
    expect(done.cached).toBe(false);
    expect(done.text.startsWith(sent)).toBe(true);
    expect(h.fake.calls(PRIMARY)).toBe(2);
    // ...and that complete answer is what gets cached.
    const third = doneOf(await stream(h, request));
    expect(third.cached).toBe(true);
    expect(third.text).toBe(done.text);
    expect(h.fake.calls(PRIMARY)).toBe(2);
  });

  it('replays a cache hit as a stream of text deltas ending in a cached, free done', async () => {
    const text = words(40, 'cached');
    h.fake.setFault(PRIMARY, { text });
    const request = ask('replay me from the cache', { task: 'simple_qa', temperature: 0 });

    const first = await stream(h, request);
    const filled = doneOf(first);
    expect(filled.cached).toBe(false);
    expect(filled.text).toBe(text);
    expect(h.fake.calls()).toBe(1);

    const second = await stream(h, request);
    const hit = doneOf(second);
    const deltas = textDeltas(second);
    expect(deltas.length).toBeGreaterThanOrEqual(2);
    expect(kinds(second)).toEqual([...deltas.map(() => 'text_delta'), 'done']);
    expect(deltas.join('')).toBe(text);
    expect(hit.text).toBe(text);
    expect(hit.cached).toBe(true);
    expect(hit.cost_usd).toBe(0);
    expect(hit.model).toBe(PRIMARY);
    expect(hit.stop_reason).toBe('end_turn');
    expect(h.fake.calls()).toBe(1);
  });

  it('a Complete served from a streamed fill is a cache hit too', async () => {
    const request = ask('fill by stream, read by unary', { task: 'simple_qa', temperature: 0 });
    const filled = doneOf(await stream(h, request));
    const res = await h.complete(request);
    expect(res.cached).toBe(true);
    expect(res.text).toBe(filled.text);
    expect(h.fake.calls()).toBe(1);
  });

  it('a validation error on a stream never reaches upstream', async () => {
    const err = await rejection(
      new Promise((resolve, reject) => {
        const call = h.stream({ task: 'simple_qa', messages: [], temperature: 0 });
        call.on('data', () => undefined);
        call.on('error', reject);
        call.on('end', resolve);
      }),
    );
    expect(err.code).toBe(status.INVALID_ARGUMENT);
    expect(err.details).toContain('messages');
    expect(h.fake.calls()).toBe(0);
  });
});

describe('UPSTREAM_TIMEOUT_MS on a stream is the longest silence, not the whole answer', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      config: (c) => {
        c.cache.enabled = false;
        c.upstream.timeout_ms = 400;
        c.resilience.retry.max_retries_per_model = 0;
      },
    });
  });
  afterAll(() => h.close());
  beforeEach(() => h.fake.reset());

  it('a stream that keeps sending events for 1.5 s completes under a 400 ms cap, and the breaker sees no failure', async () => {
    const words = Array.from({ length: 45 }, (_, i) => `w${i}`).join(' ');
    const failuresBefore = h.app.breakers.get(`${PRIMARY}@anthropic`).stats.failures;
    h.fake.setFault(PRIMARY, { text: words, chunkDelayMs: 100 });
    const started = Date.now();
    const chunks = await h.collect(ask('long answer', { task: 'simple_qa' }));
    expect(Date.now() - started).toBeGreaterThan(1_000);
    const done = chunks[chunks.length - 1]?.done;
    expect(done).toMatchObject({ model: PRIMARY, text: words, stop_reason: 'end_turn' });
    expect(h.app.breakers.get(`${PRIMARY}@anthropic`).stats.failures).toBe(failuresBefore);
  });

  it('a stream silent for longer than the cap is abandoned before the first token and falls back', async () => {
    h.fake.setFault(PRIMARY, { delayMs: 1_000 });
    const chunks = await h.collect(ask('silent', { task: 'simple_qa' }));
    const done = chunks[chunks.length - 1]?.done;
    expect(done?.model).toBe(FALLBACK);
    expect(done?.attempts.map((a) => [a.model, a.outcome])).toEqual([
      [PRIMARY, 'error'],
      [FALLBACK, 'ok'],
    ]);
  });
});
