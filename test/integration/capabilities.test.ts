import { status } from '@grpc/grpc-js';
import type { CompleteRequest } from '../../src/generated/modelrouter/v1/CompleteRequest';
import type { CountTokensResponse__Output } from '../../src/generated/modelrouter/v1/CountTokensResponse';
import { toStruct } from '../../src/transport/grpc/struct';
import { blockJson, pb } from '../fakes/protoBlocks';
import { ask, rejection, startHarness, type Harness } from '../fakes/routerHarness';

const HAIKU45 = 'claude-haiku-4-5-20251001';
const HAIKU35 = 'claude-3-5-haiku-20241022';
const SONNET4 = 'claude-sonnet-4-20250514';
const SONNET37 = 'claude-3-7-sonnet-20250219';
const PNG = Buffer.from('89504e470d0a1a0a', 'hex');
const PDF = Buffer.from('%PDF-1.4\n%%EOF');

describe('capability routing', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      config: (c) => {
        // Haiku 4.5 blind for these tests: an image must skip it.
        const haiku = c.models.find((m) => m.id === HAIKU45);
        if (haiku) haiku.vision = false;
      },
    });
  });
  afterAll(() => h.close());
  beforeEach(() => h.fake.reset());

  it('an image skips a model without vision (skipped_incapable, with the reason) and the next one serves', async () => {
    const res = await h.complete({ task: 'simple_qa', messages: [{ role: 'user', blocks: [pb.image(PNG), pb.text('What is this?')] }] });
    expect(res.model).toBe(HAIKU35);
    expect(res.attempts.map((a) => [a.model, a.outcome])).toEqual([
      [HAIKU45, 'skipped_incapable'],
      [HAIKU35, 'ok'],
    ]);
    expect(res.attempts[0]?.error).toMatch(/does not take images/);
    // The first capable model served: skipping an incapable one is planning, not a fallback.
    expect(res.fallback).toBe(false);
    expect(h.fake.calls(HAIKU45)).toBe(0);
  });

  it('a PDF on a model that does not read documents is INVALID_ARGUMENT naming the capability, before any upstream call', async () => {
    const err = await rejection(h.complete({ model: 'claude-3-haiku-20240307', messages: [{ role: 'user', blocks: [pb.pdf(PDF), pb.text('Summarise')] }] }));
    expect(err.code).toBe(status.INVALID_ARGUMENT);
    expect(err.details).toMatch(/does not read PDF documents/);
    expect(h.fake.calls()).toBe(0);
  });

  it('thinking skips the models of the chain without it', async () => {
    h.fake.setFault(HAIKU45, { status: 500, errorType: 'api_error' });
    const res = await h.complete(ask('think first', { task: 'simple_qa', thinking_budget_tokens: 2048, max_tokens: 4096 }));
    expect(res.attempts.map((a) => [a.model, a.outcome])).toEqual([
      [HAIKU45, 'error'],
      [HAIKU45, 'error'],
      [HAIKU35, 'skipped_incapable'],
      [SONNET4, 'ok'],
    ]);
    expect(res.attempts[2]?.error).toMatch(/does not support extended thinking/);
    expect(res.thinking.length).toBeGreaterThan(0);
    const err = await rejection(h.complete(ask('think first', { model: HAIKU35, thinking_budget_tokens: 2048, max_tokens: 4096 })));
    expect(err.code).toBe(status.INVALID_ARGUMENT);
    expect(err.details).toMatch(/does not support extended thinking/);
  });

  it('an input over 200k tokens skips the 200k models and reaches the 1M one with the beta, priced at long-context rates', async () => {
    h.fake.setFault(SONNET4, { usage: { input_tokens: 250_000, output_tokens: 100 } });
    const res = await h.complete(ask('x'.repeat(900_000), { task: 'simple_qa' }));
    expect(res.model).toBe(SONNET4);
    expect(res.attempts.map((a) => [a.model, a.outcome])).toEqual([
      [HAIKU45, 'skipped_incapable'],
      [HAIKU35, 'skipped_incapable'],
      [SONNET4, 'ok'],
    ]);
    expect(res.attempts[0]?.error).toMatch(/exceeds .* context window of 200000 tokens/);
    expect(h.fake.requests[0]?.headers['anthropic-beta']).toBe('context-1m-2025-08-07');
    // 250000 * $6 + 100 * $22.50 per million (Sonnet 4 above 200k), not $3 / $15.
    expect(res.cost_usd).toBeCloseTo((250_000 * 6 + 100 * 22.5) / 1e6, 10);
    const log = h
      .logs()
      .filter((r) => r['event'] === 'request')
      .pop();
    expect(log?.['rewrites']).toEqual([`${SONNET4}: beta context-1m-2025-08-07 added: the input needs ${SONNET4}'s 1M context window`]);
  });
});

describe('cross-generation translation of the text editor tool and betas', () => {
  let h: Harness;
  beforeAll(async () => {
    // Several tests fail Sonnet 4 or Haiku 4.5 on purpose: no breaker may open, whatever order they run in.
    h = await startHarness({
      config: (c) => {
        c.resilience.breaker.consecutive_failures = 0;
        c.resilience.breaker.volume_threshold = 1_000;
      },
    });
  });
  afterAll(() => h.close());
  beforeEach(() => h.fake.reset());

  const editor = { type: 'text_editor_20250429', name: 'str_replace_based_edit_tool' };
  const history = (): NonNullable<CompleteRequest['messages']> => [
    { role: 'user', content: 'Fix the typo in main.py' },
    { role: 'assistant', blocks: [pb.toolUse('toolu_1', 'str_replace_based_edit_tool', { command: 'view', path: 'main.py' })] },
    { role: 'user', blocks: [pb.toolResult('toolu_1', [pb.text('print("helo")')])] },
  ];

  it("a fallback to Sonnet 3.7 gets its own tool and names; the answer comes back under the caller's names; the log notes it", async () => {
    h.fake.setFault(SONNET4, { status: 529 });
    h.fake.setFault(SONNET37, {
      content: [
        { type: 'tool_use', id: 'toolu_2', name: 'str_replace_editor', input: { command: 'str_replace', path: 'main.py', old_str: 'helo', new_str: 'hello' } },
      ],
    });
    const res = await h.complete({
      task: 'code_generation',
      tools: [editor],
      betas: ['interleaved-thinking-2025-05-14', 'token-efficient-tools-2025-02-19'],
      messages: history(),
    });
    expect(res.model).toBe(SONNET37);
    const sent = h.fake.requests.find((r) => r.model === SONNET37)?.body ?? {};
    expect(sent['tools']).toEqual([{ type: 'text_editor_20250124', name: 'str_replace_editor' }]);
    const assistant = (sent['messages'] as { content: { name?: string }[] }[])[1];
    expect(assistant?.content[0]?.name).toBe('str_replace_editor');
    // Interleaved thinking is Claude 4's: dropped for 3.7, which keeps its own token-efficient tools beta.
    expect(h.fake.requests.find((r) => r.model === SONNET37)?.headers['anthropic-beta']).toBe('token-efficient-tools-2025-02-19');
    expect(h.fake.requests.find((r) => r.model === SONNET4)?.headers['anthropic-beta']).toBe('interleaved-thinking-2025-05-14');
    expect(res.content.map(blockJson)).toEqual([
      {
        type: 'tool_use',
        id: 'toolu_2',
        name: 'str_replace_based_edit_tool',
        input: { command: 'str_replace', path: 'main.py', old_str: 'helo', new_str: 'hello' },
      },
    ]);
    const log = h
      .logs()
      .filter((r) => r['event'] === 'request')
      .pop();
    expect(log?.['rewrites']).toEqual(
      expect.arrayContaining([
        `${SONNET4}: beta token-efficient-tools-2025-02-19 dropped: ${SONNET4} does not take it`,
        `${SONNET37}: tool str_replace_based_edit_tool (text_editor_20250429) sent as str_replace_editor (text_editor_20250124)`,
        `${SONNET37}: beta interleaved-thinking-2025-05-14 dropped: ${SONNET37} does not take it`,
      ]),
    );
  });

  it("streamed, the tool_use block starts under the caller's name too", async () => {
    h.fake.setFault(SONNET4, { status: 529 });
    h.fake.setFault(SONNET37, { content: [{ type: 'tool_use', id: 'toolu_3', name: 'str_replace_editor', input: { command: 'view', path: 'a.py' } }] });
    const chunks = await h.collect({ task: 'code_generation', tools: [editor], messages: history() });
    expect(chunks.find((c) => c.event === 'block_start')?.block_start?.tool_use?.name).toBe('str_replace_based_edit_tool');
  });

  it("the primary, of the caller's generation, gets the request unchanged", async () => {
    await h.complete({ task: 'code_generation', tools: [editor], messages: history() });
    expect(h.fake.requests[0]?.body['tools']).toEqual([editor]);
    expect(
      h
        .logs()
        .filter((r) => r['event'] === 'request')
        .pop()?.['rewrites'],
    ).toBeUndefined();
  });

  it('a model with no text editor tool is skipped_incapable', async () => {
    h.fake.setFault(HAIKU45, { status: 529 });
    const res = await h.complete({ task: 'simple_qa', tools: [editor], messages: history() });
    // Haiku 4.5 is retried once (529), then Haiku 3.5 is skipped without a call.
    expect(res.attempts.map((a) => [a.model, a.outcome])).toEqual([
      [HAIKU45, 'error'],
      [HAIKU45, 'error'],
      [HAIKU35, 'skipped_incapable'],
      [SONNET4, 'ok'],
    ]);
    expect(res.attempts[2]?.error).toMatch(/has no text editor tool/);
    expect(h.fake.calls(HAIKU35)).toBe(0);
  });
});

describe('CountTokens', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());
  beforeEach(() => h.fake.reset());

  const count = (request: CompleteRequest) =>
    new Promise<CountTokensResponse__Output>((resolve, reject) => h.client.CountTokens(request, (err, res) => (err || !res ? reject(err) : resolve(res))));

  it('routes like Route and counts upstream with the SDK on that model; neither cached nor billed', async () => {
    const request = ask('How many tokens is this sentence?', {
      task: 'simple_qa',
      temperature: 0,
      tools: [{ name: 'lookup', input_schema: toStruct({ type: 'object' }) }],
    });
    const first = await count(request);
    const second = await count(request);
    expect(first.model).toBe(HAIKU45);
    expect(Number(first.input_tokens)).toBeGreaterThan(0);
    expect(second.input_tokens).toBe(first.input_tokens);
    expect(h.fake.countTokensCalls(HAIKU45)).toBe(2);
    expect(h.fake.calls()).toBe(0);
    const sent = h.fake.requests[0];
    expect(sent?.path).toBe('/v1/messages/count_tokens');
    expect(sent?.body['tools']).toEqual([{ name: 'lookup', input_schema: { type: 'object' } }]);
    expect(sent?.body).not.toHaveProperty('max_tokens');
    const log = h
      .logs()
      .filter((r) => r['event'] === 'request')
      .pop();
    expect(log).toMatchObject({ rpc: 'CountTokens', code: 'OK', cost_usd: 0 });
  });

  it('skips a model whose circuit is open, like Route', async () => {
    // A router of its own: the open breaker must not reach the other tests, whatever their order.
    const own = await startHarness();
    try {
      const breaker = own.app.breakers.get(`${HAIKU45}@anthropic`);
      for (let i = 0; i < 10 && breaker.state !== 'open'; i++) await breaker.tryAcquire()?.failure(new Error('down'));
      expect(breaker.state).toBe('open');
      const counted = await new Promise<CountTokensResponse__Output>((resolve, reject) =>
        own.client.CountTokens(ask('hi', { task: 'simple_qa' }), (err, res) => (err || !res ? reject(err) : resolve(res))),
      );
      expect(counted.model).toBe(HAIKU35);
    } finally {
      await own.close();
    }
  });

  it('an unknown model is NOT_FOUND, an upstream error keeps its status', async () => {
    expect((await rejection(count(ask('hi', { model: 'claude-nope' })))).code).toBe(status.NOT_FOUND);
    h.fake.setFault('*', { status: 400, message: 'messages: bad' });
    const err = await rejection(count(ask('hi', { model: SONNET4 })));
    expect(err.code).toBe(status.INVALID_ARGUMENT);
    expect(err.metadata.get('upstream-status')).toEqual(['400']);
  });
});
