import { status } from '@grpc/grpc-js';
import type { CompleteRequest } from '../../src/generated/modelrouter/v1/CompleteRequest';
import { toStruct } from '../../src/transport/grpc/struct';
import { pb, trailer } from '../fakes/protoBlocks';
import { ask, rejection, startHarness, type Harness } from '../fakes/routerHarness';

const PNG = Buffer.from('89504e470d0a1a0a', 'hex');
const schema = toStruct({ type: 'object' });
const turns = (...messages: NonNullable<CompleteRequest['messages']>) => messages;
/** An object with an own `__proto__` key holding `inner`, as JSON.parse makes one. */
const ownProto = (inner: Record<string, unknown>): Record<string, unknown> => JSON.parse(`{"__proto__": ${JSON.stringify(inner)}}`) as Record<string, unknown>;

describe('bad input: INVALID_ARGUMENT naming the proto field, before any upstream call', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ config: (c) => (c.limits.max_request_bytes = 8 * 1024 * 1024) });
  });
  afterAll(() => h.close());
  beforeEach(() => h.fake.reset());

  const cases: [string, CompleteRequest, string][] = [
    [
      'an image media type, at the path the issue gives',
      {
        messages: turns(
          { role: 'user', content: 'first' },
          { role: 'assistant', content: 'ok' },
          { role: 'user', blocks: [{ image: { source: { data: PNG, media_type: 'image/bmp' } } }, pb.text('and?')] },
        ),
      },
      'messages[2].blocks[0].image.source.media_type: must be one of image/jpeg, image/png, image/gif, image/webp',
    ],
    ['an empty block', { messages: turns({ role: 'user', blocks: [{}] }) }, 'messages[0].blocks[0]: empty block'],
    [
      'content and blocks both set',
      { messages: turns({ role: 'user', content: 'hi', blocks: [pb.text('hi')] }) },
      'messages[0]: content and blocks are both set; use one',
    ],
    [
      'system and system_blocks both set',
      { system: 'a', system_blocks: [pb.text('b')], messages: turns({ role: 'user', content: 'hi' }) },
      'system: system and system_blocks are both set',
    ],
    [
      'an image in the system prompt',
      { system_blocks: [pb.image(PNG)], messages: turns({ role: 'user', content: 'hi' }) },
      'system_blocks[0].image: system blocks must be text blocks',
    ],
    [
      'a tool_result with no tool_use_id',
      { messages: turns({ role: 'user', blocks: [pb.toolResult('', [pb.text('x')])] }) },
      'messages[0].blocks[0].tool_result.tool_use_id: is required',
    ],
    [
      'a bad block inside a tool_result',
      { messages: turns({ role: 'user', blocks: [pb.toolResult('toolu_1', [{ image: { source: { data: PNG, media_type: 'text/html' } } }])] }) },
      'messages[0].blocks[0].tool_result.content[0].image.source.media_type: must be one of',
    ],
    [
      'a tool_use without a name',
      { messages: turns({ role: 'assistant', blocks: [pb.toolUse('toolu_1', '', {})] }, { role: 'user', content: 'go' }) },
      'messages[0].blocks[0].tool_use.name: is required',
    ],
    ['a raw block without type', { messages: turns({ role: 'user', blocks: [pb.raw({ text: 'no type' })] }) }, 'messages[0].blocks[0].raw: empty block'],
    [
      'a PDF document sent as an image type',
      { messages: turns({ role: 'user', blocks: [{ document: { source: { data: PNG, media_type: 'image/png' } } }] }) },
      'messages[0].blocks[0].document.source.media_type: must be application/pdf',
    ],
    ['an image with no source', { messages: turns({ role: 'user', blocks: [{ image: {} }] }) }, 'messages[0].blocks[0].image.source: is required'],
    ['a tool without name', { ...ask('hi'), tools: [{ input_schema: schema }] }, 'tools[0].name: is required'],
    ['a custom tool without input_schema', { ...ask('hi'), tools: [{ name: 'lookup' }] }, 'tools[0].input_schema: is required for a custom tool'],
    [
      'two tools with one name',
      {
        ...ask('hi'),
        tools: [
          { name: 'a', input_schema: schema },
          { name: 'a', input_schema: schema },
        ],
      },
      "tools[1].name: 'a' is used by another tool",
    ],
    [
      "tool_choice 'tool' without a name",
      { ...ask('hi'), tools: [{ name: 'a', input_schema: schema }], tool_choice: { type: 'tool' } },
      "tool_choice.name: is required when type is 'tool'",
    ],
    ['an unknown tool_choice', { ...ask('hi'), tool_choice: { type: 'sometimes' } }, 'tool_choice.type: must be one of auto, any, tool, none'],
    [
      'a cache_control of another type',
      { messages: turns({ role: 'user', blocks: [pb.text('hi', { cache_control: { type: 'forever', ttl: '' } })] }) },
      "messages[0].blocks[0].cache_control.type: must be 'ephemeral'",
    ],
    [
      'a cache_control ttl',
      { messages: turns({ role: 'user', blocks: [pb.text('hi', { cache_control: { type: 'ephemeral', ttl: '2h' } })] }) },
      "messages[0].blocks[0].cache_control.ttl: must be '5m' or '1h'",
    ],
    ['a thinking budget under the floor', ask('hi', { thinking_budget_tokens: 100 }), 'thinking_budget_tokens: must be at least 1024 (got 100)'],
    ['a long user_id', ask('hi', { user_id: 'u'.repeat(257) }), 'user_id: must be a string of at most 256 characters'],
    ['extra setting a field the router sets', ask('hi', { extra: toStruct({ model: 'claude-x' }) }), 'extra.model: is set by the router'],
    [
      'extra setting a field set by its own proto field',
      ask('hi', { temperature: 0.5, extra: toStruct({ temperature: 0.1 }) }),
      'extra.temperature: is also set by its own field',
    ],
    ['a top-level extra field of the wrong shape', ask('hi', { extra: toStruct({ thinking: { budget_tokens: 2048 } }) }), 'extra.thinking.type: is required'],
    // A Struct key `__proto__` would set the converted object's prototype (a raw block could inherit its `type`):
    // refused wherever it sits, as the HTTP door's JSON parser refuses it.
    [
      'a __proto__ key in a tool_use input, in a list',
      {
        messages: turns(
          { role: 'user', content: 'go' },
          { role: 'assistant', blocks: [pb.toolUse('t1', 'f', { a: [1, ownProto({ type: 'x' })] })] },
          { role: 'user', blocks: [pb.toolResult('t1', [pb.text('ok')])] },
        ),
      },
      'messages[1].blocks[0].tool_use.input.a[1].__proto__: a JSON object key that is not allowed',
    ],
    [
      'a __proto__ key in a raw block',
      { messages: turns({ role: 'user', blocks: [pb.raw(ownProto({ type: 'text', text: 'inherited' }))] }) },
      'messages[0].blocks[0].raw.__proto__: a JSON object key that is not allowed',
    ],
    [
      "a __proto__ key in a tool's options",
      { ...ask('hi'), tools: [{ name: 'f', input_schema: schema, options: toStruct(ownProto({ strict: true })) }] },
      'tools[0].options.__proto__: a JSON object key that is not allowed',
    ],
    ['a __proto__ key in extra', ask('hi', { extra: toStruct(ownProto({ top_k: 3 })) }), 'extra.__proto__: a JSON object key that is not allowed'],
  ];

  it.each(cases)('%s', async (_name, request, expected) => {
    const err = await rejection(h.complete(request));
    expect(err.code).toBe(status.INVALID_ARGUMENT);
    expect(err.details.startsWith(expected)).toBe(true);
    expect(trailer(err, 'error-type')).toBe('invalid_request_error');
    expect(trailer(err, 'upstream-status')).toBeUndefined();
    expect(h.fake.calls()).toBe(0);
  });

  it('a 200,000-character task, model, label or tool name: a bounded status at once, and other calls on the connection go on', async () => {
    const huge = 'x'.repeat(200_000);
    const requests: [CompleteRequest, string][] = [
      [ask('hi', { task: huge }), 'task: must be at most 128 characters (got 200000)'],
      [ask('hi', { model: huge }), 'model: must be at most 256 characters (got 200000)'],
      [ask('hi', { labels: { team: huge } }), 'labels.team: at most 256 characters'],
      [{ ...ask('hi'), tools: [{ name: huge, input_schema: schema }] }, `tools[0].name: '${'x'.repeat(64)}...' (200000 chars) must be 1-128`],
      [ask('hi', { stop_sequences: [huge] }), 'stop_sequences[0]: must be at most 1000 characters (got 200000)'],
    ];
    const [errors, answer] = await Promise.all([
      Promise.all(requests.map(([r]) => rejection(h.complete(r)))),
      h.complete(ask('meanwhile', { task: 'simple_qa' })),
    ]);
    errors.forEach((err, i) => {
      expect(err.code).toBe(status.INVALID_ARGUMENT);
      expect(err.details.slice(0, (requests[i]?.[1] ?? '').length)).toBe(requests[i]?.[1]);
      expect(err.details.length).toBeLessThan(300);
    });
    expect(answer.text.length).toBeGreaterThan(0);
    expect(h.fake.calls()).toBe(1);
    const logged = h.logs().filter((l) => l['event'] === 'request' && l['code'] === 'INVALID_ARGUMENT');
    for (const line of logged) expect(JSON.stringify(line).length).toBeLessThan(2_000);
  });

  it('more messages, tools or stop sequences than limits.* allow', async () => {
    const many = Array.from({ length: 10_001 }, (_, i) => ({ role: i % 2 === 0 ? 'user' : 'assistant', content: 'hi' }));
    expect((await rejection(h.complete({ task: 'simple_qa', messages: many }))).details).toBe(
      'messages: at most 10000 messages (limits.max_messages; got 10001)',
    );
    const tools = Array.from({ length: 1_001 }, (_, i) => ({ name: `t${i}`, input_schema: schema }));
    expect((await rejection(h.complete({ ...ask('hi'), tools }))).details).toBe('tools: at most 1000 tools (limits.max_tools; got 1001)');
    const stops = Array.from({ length: 257 }, (_, i) => `s${i}`);
    expect((await rejection(h.complete(ask('hi', { stop_sequences: stops })))).details).toBe(
      'stop_sequences: at most 256 stop sequences (limits.max_stop_sequences; got 257)',
    );
    expect(h.fake.calls()).toBe(0);
  });

  it('an image over 5 MB', async () => {
    const big = Buffer.alloc(5 * 1024 * 1024 + 1, 7);
    const err = await rejection(h.complete({ messages: turns({ role: 'user', blocks: [pb.image(big), pb.text('what?')] }) }));
    expect(err.code).toBe(status.INVALID_ARGUMENT);
    expect(err.details).toBe('messages[0].blocks[0].image.source.data: image of 5242881 bytes is over the 5242880-byte limit');
    expect(h.fake.calls()).toBe(0);
  });

  it('more than 100 images', async () => {
    const images = Array.from({ length: 101 }, () => pb.image(PNG));
    const err = await rejection(h.complete({ messages: turns({ role: 'user', blocks: [...images, pb.text('compare')] }) }));
    expect(err.code).toBe(status.INVALID_ARGUMENT);
    expect(err.details).toBe('messages[0].blocks[100].image: at most 100 images per request');
    expect(h.fake.calls()).toBe(0);
  });

  it('a request over limits.max_request_bytes is RESOURCE_EXHAUSTED, and the router keeps serving', async () => {
    const err = await rejection(h.complete(ask('x'.repeat(9 * 1024 * 1024))));
    expect(err.code).toBe(status.RESOURCE_EXHAUSTED);
    expect(h.fake.calls()).toBe(0);
    expect((await h.complete(ask('still here?'))).text).toContain('still here?');
  });

  it('the same checks hold for StreamComplete, Route and CountTokens', async () => {
    const bad: CompleteRequest = { messages: turns({ role: 'user', blocks: [{}] }) };
    const streamed = await rejection(h.collect(bad));
    expect([streamed.code, streamed.details]).toEqual([status.INVALID_ARGUMENT, expect.stringMatching(/^messages\[0\]\.blocks\[0\]: empty block/)]);
    expect((await rejection(h.route(bad))).code).toBe(status.INVALID_ARGUMENT);
    const counted = await rejection(new Promise((resolve, reject) => h.client.CountTokens(bad, (e, r) => (e ? reject(e) : resolve(r)))));
    expect(counted.code).toBe(status.INVALID_ARGUMENT);
    expect(h.fake.calls() + h.fake.countTokensCalls()).toBe(0);
  });
});

describe('errors carry error-type and upstream-status trailing metadata', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ config: (c) => (c.resilience.retry.max_retries_per_model = 0) });
  });
  afterAll(() => h.close());
  beforeEach(() => h.fake.reset());

  it('every model overloaded (529): UNAVAILABLE, overloaded_error, upstream 529', async () => {
    h.fake.setFault('*', { status: 529 });
    const err = await rejection(h.complete(ask('hi', { task: 'simple_qa' })));
    expect(err.code).toBe(status.UNAVAILABLE);
    expect(trailer(err, 'error-type')).toBe('overloaded_error');
    expect(trailer(err, 'upstream-status')).toBe('529');
  });

  it('a mix of failures: UNAVAILABLE with api_error and no single upstream status', async () => {
    h.fake.setFault('claude-haiku-4-5-20251001', { status: 529 });
    h.fake.setFault('*', { status: 500 });
    const err = await rejection(h.complete(ask('hi', { task: 'simple_qa' })));
    expect(err.code).toBe(status.UNAVAILABLE);
    expect(trailer(err, 'error-type')).toBe('api_error');
    expect(trailer(err, 'upstream-status')).toBeUndefined();
  });

  it('an upstream 400: INVALID_ARGUMENT with the upstream status and type', async () => {
    h.fake.setFault('*', { status: 400, message: 'messages.0: bad' });
    const err = await rejection(h.complete(ask('hi')));
    expect(err.code).toBe(status.INVALID_ARGUMENT);
    expect(trailer(err, 'error-type')).toBe('invalid_request_error');
    expect(trailer(err, 'upstream-status')).toBe('400');
  });

  it('an upstream 413 keeps request_too_large as its type', async () => {
    h.fake.setFault('*', { status: 413 });
    const err = await rejection(h.complete(ask('hi')));
    expect(err.code).toBe(status.INVALID_ARGUMENT);
    expect(trailer(err, 'error-type')).toBe('request_too_large');
  });

  it('an unknown model: NOT_FOUND, not_found_error, no upstream status (upstream was never asked)', async () => {
    const err = await rejection(h.complete(ask('hi', { model: 'claude-nope' })));
    expect(err.code).toBe(status.NOT_FOUND);
    expect(trailer(err, 'error-type')).toBe('not_found_error');
    expect(trailer(err, 'upstream-status')).toBeUndefined();
  });

  it("the router's own credentials refused: INTERNAL, api_error (not the caller's authentication), upstream 401", async () => {
    h.fake.setFault('*', { status: 401 });
    const err = await rejection(h.complete(ask('hi')));
    expect(err.code).toBe(status.INTERNAL);
    expect(trailer(err, 'error-type')).toBe('api_error');
    expect(trailer(err, 'upstream-status')).toBe('401');
  });
});
