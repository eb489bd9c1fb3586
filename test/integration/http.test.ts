import Anthropic, { AuthenticationError, BadRequestError, InternalServerError, NotFoundError, RateLimitError } from '@anthropic-ai/sdk';
import { ask, startHarness, TEST_API_KEY, type Harness } from '../fakes/routerHarness';

const HAIKU45 = 'claude-haiku-4-5-20251001';
const SONNET4 = 'claude-sonnet-4-20250514';
const PNG = Buffer.from('89504e470d0a1a0a', 'hex').toString('base64');

describe('the Anthropic-compatible HTTP door, with the official SDK as the client', () => {
  let h: Harness;
  let client: Anthropic;
  beforeAll(async () => {
    h = await startHarness();
    // The caller's own key is never forwarded: with auth off any key is accepted, and upstream sees the router's.
    client = new Anthropic({ apiKey: 'sk-caller-key', baseURL: `http://127.0.0.1:${h.app.httpPort}`, maxRetries: 0 });
  });
  afterAll(() => h.close());
  beforeEach(() => h.fake.reset());

  it("create: task:<name> routes by policy; the answer is Anthropic's Message with routing headers beside it", async () => {
    const { data, response } = await client.messages
      .create({ model: 'task:simple_qa', max_tokens: 200, messages: [{ role: 'user', content: 'What is the capital of France?' }] })
      .withResponse();
    expect(data).toMatchObject({ type: 'message', role: 'assistant', model: HAIKU45, stop_reason: 'end_turn', stop_sequence: null });
    expect(data.content).toEqual([{ type: 'text', text: expect.stringContaining('capital of France') }]);
    expect(data.usage.input_tokens).toBeGreaterThan(0);
    expect(response.headers.get('x-modelrouter-model')).toBe(HAIKU45);
    expect(response.headers.get('x-modelrouter-task')).toBe('simple_qa');
    expect(response.headers.get('x-modelrouter-cached')).toBe('false');
    expect(response.headers.get('x-modelrouter-fallback')).toBe('false');
    expect(Number(response.headers.get('x-modelrouter-cost-usd'))).toBeGreaterThan(0);
    expect(JSON.parse(response.headers.get('x-modelrouter-attempts') ?? '[]')).toEqual([
      { model: HAIKU45, outcome: 'ok', error: '', latency_ms: expect.any(Number), provider: 'anthropic', deployment: `${HAIKU45}@anthropic` },
    ]);
    expect(h.fake.requests[0]?.headers['x-api-key']).toBeUndefined();
    expect(JSON.stringify(h.fake.requests[0]?.headers)).not.toContain('sk-caller-key');
  });

  it('model: an id or alias is that model only; auto is the default task; x-modelrouter-task wins over the body', async () => {
    expect((await client.messages.create({ model: 'claude-opus-4-0', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] })).model).toBe(
      'claude-opus-4-20250514',
    );
    const auto = await client.messages.create({ model: 'auto', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] }).withResponse();
    expect(auto.response.headers.get('x-modelrouter-task')).toBe('general');
    const byHeader = await client.messages.create(
      { model: 'claude-opus-4-0', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] },
      { headers: { 'x-modelrouter-task': 'simple_qa' } },
    );
    expect(byHeader.model).toBe(HAIKU45);
  });

  it('tools, an image and betas reach upstream exactly; a tool_use answer comes back as a block', async () => {
    const tools = [
      {
        name: 'get_weather',
        description: 'Weather',
        input_schema: { type: 'object' as const, properties: { location: { type: 'string' } }, required: ['location'] },
      },
    ];
    const message = await client.messages.create(
      {
        model: 'task:general',
        max_tokens: 300,
        tools,
        tool_choice: { type: 'auto' },
        metadata: { user_id: 'u-1' },
        messages: [
          {
            role: 'user',
            content: [
              { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG } },
              { type: 'text', text: "What's the weather in Paris? Use the tool." },
            ],
          },
        ],
      },
      { headers: { 'anthropic-beta': 'files-api-2025-04-14, interleaved-thinking-2025-05-14' } },
    );
    expect(message.stop_reason).toBe('tool_use');
    expect(message.content.find((b) => b.type === 'tool_use')).toMatchObject({ name: 'get_weather', input: { location: 'Paris' } });
    const sent = h.fake.requests[0];
    expect(sent?.body['tools']).toEqual(tools);
    expect(sent?.body['metadata']).toEqual({ user_id: 'u-1' });
    expect((sent?.body['messages'] as { content: unknown[] }[])[0]?.content[0]).toEqual({
      type: 'image',
      source: { type: 'base64', media_type: 'image/png', data: PNG },
    });
    expect(sent?.headers['anthropic-beta']).toBe('files-api-2025-04-14,interleaved-thinking-2025-05-14');
  });

  it("stream: the SDK's finalMessage() equals the non-streamed answer; routing headers come before the first event", async () => {
    const params = { model: 'task:simple_qa', max_tokens: 200, temperature: 0, messages: [{ role: 'user' as const, content: 'Name three primes.' }] };
    const whole = await client.messages.create(params);
    const stream = client.messages.stream(params);
    // parsed_output is the SDK's own addition to a streamed message (structured outputs); the rest is the answer.
    const { parsed_output: parsed, ...final } = await stream.finalMessage();
    expect(parsed).toBeNull();
    expect(final).toEqual(whole);
    const fresh = client.messages.stream({ ...params, temperature: 0.5 });
    const { response } = await fresh.withResponse();
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(response.headers.get('x-modelrouter-model')).toBe(HAIKU45);
    expect(response.headers.get('x-modelrouter-cached')).toBe('false');
    const events: string[] = [];
    fresh.on('streamEvent', (event) => events.push(event.type));
    const message = await fresh.finalMessage();
    expect(events[0]).toBe('message_start');
    expect(events.at(-1)).toBe('message_stop');
    expect(message.content[0]).toMatchObject({ type: 'text' });
  });

  it('models.list() auto-paginates the whole catalog, newest first; models.retrieve(alias) finds the model', async () => {
    const ids: string[] = [];
    for await (const model of client.models.list({ limit: 3 })) ids.push(model.id);
    expect(ids).toEqual(h.app.catalog.current.models.map((m) => m.id));
    const page = await client.models.list({ limit: 2 });
    expect(page.data[0]).toMatchObject({
      type: 'model',
      id: 'claude-opus-4-5-20251101',
      display_name: 'Claude Opus 4.5',
      created_at: '2025-11-01T00:00:00Z',
      circuit_state: 'closed',
    });
    const sonnet = await client.models.retrieve('claude-sonnet-4-0');
    expect(sonnet).toMatchObject({ id: SONNET4, type: 'model', family: 'sonnet', context_window: 200000, pricing: { input_per_mtok: 3, output_per_mtok: 15 } });
  });

  it('countTokens routes and counts upstream', async () => {
    const counted = await client.messages.countTokens({ model: 'task:simple_qa', messages: [{ role: 'user', content: 'How many tokens is this?' }] });
    expect(counted.input_tokens).toBeGreaterThan(0);
    expect(h.fake.countTokensCalls(HAIKU45)).toBe(1);
  });

  it('the same request through HTTP and gRPC gets the same answer and shares the cache entry', async () => {
    const prompt = 'Shared between the doors?';
    const deterministic = { model: 'task:simple_qa', max_tokens: 100, temperature: 0, messages: [{ role: 'user' as const, content: prompt }] };
    const viaHttp = await client.messages.create(deterministic);
    const viaGrpc = await h.complete(ask(prompt, { task: 'simple_qa', max_tokens: 100, temperature: 0 }));
    expect(viaGrpc.cached).toBe(true);
    expect(viaGrpc.id).toBe(viaHttp.id);
    expect(viaGrpc.text).toBe((viaHttp.content[0] as { text: string }).text);
    expect(h.fake.calls()).toBe(1);
    const log = h
      .logs()
      .filter((r) => r['event'] === 'request')
      .slice(-2);
    expect(log.map((r) => r['transport'])).toEqual(['http', 'grpc']);
  });
});

/** Each test opens breakers on purpose: a router of its own, so no other test sees them. */
describe('HTTP errors', () => {
  let h: Harness;
  let client: Anthropic;
  beforeEach(async () => {
    h = await startHarness();
    client = new Anthropic({ apiKey: 'sk-caller-key', baseURL: `http://127.0.0.1:${h.app.httpPort}`, maxRetries: 0 });
  });
  afterEach(() => h.close());

  it('a stream that fails after its first event ends with an SSE error event, never silently truncated', async () => {
    h.fake.setFault(HAIKU45, { streamErrorAfterDeltas: 2, errorType: 'overloaded_error' });
    const stream = client.messages.stream({
      model: 'task:simple_qa',
      max_tokens: 200,
      messages: [{ role: 'user', content: 'A long answer please, with many words in it.' }],
    });
    let text = '';
    stream.on('text', (t) => (text += t));
    await expect(stream.finalMessage()).rejects.toThrow(/mid-stream/);
    expect(text.length).toBeGreaterThan(0);
  });

  it("a stream that fails before any content is a plain HTTP error with the SDK's error class", async () => {
    h.fake.setFault('*', { status: 529 });
    const stream = client.messages.stream({ model: 'task:simple_qa', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] });
    await expect(stream.finalMessage()).rejects.toBeInstanceOf(InternalServerError);
  });

  it("errors map to the SDK's error classes", async () => {
    const base = { max_tokens: 50, messages: [{ role: 'user' as const, content: 'hi' }] };
    const notFound = await client.messages.create({ ...base, model: 'claude-nope' }).catch((e: unknown) => e);
    expect(notFound).toBeInstanceOf(NotFoundError);
    expect((notFound as NotFoundError).error).toEqual({ type: 'error', error: { type: 'not_found_error', message: "Model 'claude-nope' not found" } });
    const hot = { ...base, model: 'task:simple_qa', temperature: 3 };
    const bad = await client.messages.create(hot).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(BadRequestError);
    expect((bad as BadRequestError).message).toContain('temperature: must be between 0 and 1');
    h.fake.setFault('*', { status: 529 });
    const overloaded = await client.messages.create({ ...base, model: 'task:simple_qa' }).catch((e: unknown) => e);
    expect(overloaded).toBeInstanceOf(InternalServerError);
    expect((overloaded as InternalServerError).status).toBe(529);
    expect((overloaded as InternalServerError).type).toBe('overloaded_error');
    h.fake.setFault('*', { status: 429, retryAfter: '30' });
    const limited = await client.messages.create({ ...base, model: 'task:simple_qa' }).catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(RateLimitError);
    expect((limited as RateLimitError).headers?.get('retry-after')).toBe('30');
    h.fake.setFault('*', { status: 500 });
    const down = await client.messages.create({ ...base, model: 'task:simple_qa' }).catch((e: unknown) => e);
    expect((down as InternalServerError).status).toBe(503);
  });

  it("upstream's error text stays in the log; the caller gets its status, type and upstream-request-id header", async () => {
    h.fake.setFault('*', { status: 400, message: 'org org_4af1 (Acme): messages.0: bad block' });
    const base = { max_tokens: 50, messages: [{ role: 'user' as const, content: 'hi' }] };
    const bad = await client.messages.create({ ...base, model: 'task:simple_qa' }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(BadRequestError);
    const requestId = (bad as BadRequestError).headers?.get('upstream-request-id');
    expect(requestId).toMatch(/^req_/);
    expect((bad as BadRequestError).message).not.toMatch(/Acme|org_4af1|bad block/);
    expect((bad as BadRequestError).message).toContain(String(requestId));
    expect(h.logs().find((l) => l['upstream_request_id'] === requestId)).toMatchObject({ upstream_message: 'org org_4af1 (Acme): messages.0: bad block' });
  });
});

describe('HTTP auth', () => {
  it('x-api-key or Authorization: Bearer map to the same callers as gRPC', async () => {
    const token = 'tok-http-123';
    const hash = require('node:crypto').createHash('sha256').update(token).digest('hex') as string;
    const h = await startHarness({ config: (c) => (c.auth.callers = [{ id: 'web', token_sha256: hash, tasks: ['simple_qa'] }]) });
    try {
      const url = `http://127.0.0.1:${h.app.httpPort}`;
      const body = { model: 'task:simple_qa', max_tokens: 20, messages: [{ role: 'user' as const, content: 'hi' }] };
      await expect(new Anthropic({ apiKey: 'wrong', baseURL: url, maxRetries: 0 }).messages.create(body)).rejects.toBeInstanceOf(AuthenticationError);
      expect((await new Anthropic({ apiKey: token, baseURL: url, maxRetries: 0 }).messages.create(body)).model).toBe(HAIKU45);
      expect((await new Anthropic({ authToken: token, apiKey: null, baseURL: url, maxRetries: 0 }).messages.create(body)).model).toBe(HAIKU45);
      const denied = await new Anthropic({ apiKey: token, baseURL: url, maxRetries: 0 }).messages
        .create({ ...body, model: 'task:general' })
        .catch((e: unknown) => e);
      expect((denied as { status?: number }).status).toBe(403);
      expect(h.fake.requests.every((r) => r.headers['x-api-key'] === undefined)).toBe(true);
      expect(TEST_API_KEY).not.toBe(token);
    } finally {
      await h.close();
    }
  });
});
