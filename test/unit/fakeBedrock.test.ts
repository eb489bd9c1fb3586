import Anthropic from '@anthropic-ai/sdk';
import { AnthropicBedrock } from '@anthropic-ai/bedrock-sdk';
import { streamEvents, type ContentBlock } from '../../src/simulator';
import { decodeFrames, FakeBedrock } from '../../src/simulator/bedrock';

const ACCESS_KEY = 'AKIAFAKEBEDROCK00001';
const SECRET_KEY = 'fake-secret-key';
const SONNET = 'anthropic.claude-sonnet-4-20250514-v1:0';
const US_SONNET = 'us.anthropic.claude-sonnet-4-20250514-v1:0';
const HAIKU = 'anthropic.claude-3-5-haiku-20241022-v1:0';

type Params = Anthropic.MessageCreateParamsNonStreaming;
type StreamEvent = Anthropic.MessageStreamEvent;

const WEATHER: Anthropic.Tool = {
  name: 'get_weather',
  input_schema: { type: 'object', properties: { location: { type: 'string' } }, required: ['location'] },
};

function clientFor(fake: FakeBedrock, keys: { access?: string; secret?: string } = {}): AnthropicBedrock {
  return new AnthropicBedrock({
    apiKey: null,
    awsAccessKey: keys.access ?? ACCESS_KEY,
    awsSecretKey: keys.secret ?? SECRET_KEY,
    awsRegion: 'us-east-1',
    baseURL: fake.url,
    maxRetries: 0,
  });
}

function ask(model: string, content: string, extra: Partial<Params> = {}): Params {
  return { model, max_tokens: 256, messages: [{ role: 'user', content }], ...extra };
}

async function caught(promise: Promise<unknown>): Promise<InstanceType<typeof Anthropic.APIError>> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof Anthropic.APIError) return err;
    throw err;
  }
  throw new Error('expected the promise to reject');
}

function textOf(message: Anthropic.Message): string {
  return message.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
}

function withoutIds(content: readonly Anthropic.ContentBlock[]): unknown[] {
  return content.map((block) => (block.type === 'tool_use' ? { ...block, id: 'toolu_x' } : { ...block }));
}

/** The event types FakeAnthropic's SSE stream has for the same message (`ping` included unless dropped). */
function anthropicSequence(message: Anthropic.Message, withPing = true): string[] {
  const reply = {
    id: message.id,
    model: message.model,
    content: message.content as unknown as ContentBlock[],
    stopReason: message.stop_reason ?? 'end_turn',
    stopSequence: message.stop_sequence,
    inputTokens: message.usage.input_tokens,
    outputTokens: message.usage.output_tokens,
  };
  return streamEvents(reply)
    .map((event) => event.event)
    .filter((type) => withPing || type !== 'ping');
}

function errorType(err: InstanceType<typeof Anthropic.APIError>): string | undefined {
  return err.headers?.get('x-amzn-errortype')?.split(':')[0];
}

/** A request as the SDK would send it, but unsigned, to check the wire without the SDK. */
function invoke(fake: FakeBedrock, path: string, body: unknown): Promise<Response> {
  return fetch(`${fake.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

const BODY = { anthropic_version: 'bedrock-2023-05-31', max_tokens: 64, messages: [{ role: 'user', content: 'hello there' }] };

describe('FakeBedrock through the real AnthropicBedrock client (SigV4 required)', () => {
  let fake: FakeBedrock;
  let client: AnthropicBedrock;

  beforeAll(async () => {
    fake = await FakeBedrock.start({ accessKeyId: ACCESS_KEY, secretAccessKey: SECRET_KEY, region: 'us-east-1' });
    client = clientFor(fake);
  });
  beforeEach(() => fake.reset());
  afterAll(() => fake.close());

  it('answers InvokeModel with an Anthropic Message and records the request as Bedrock received it', async () => {
    const message = await client.messages.create(ask(SONNET, 'What is the capital of France?'));

    expect(message).toMatchObject({ type: 'message', role: 'assistant', model: 'claude-sonnet-4-20250514', stop_reason: 'end_turn' });
    expect(textOf(message)).toContain('What is the capital of France?');
    expect(message.usage.output_tokens).toBeGreaterThan(0);

    const [request] = fake.requests;
    expect(request).toMatchObject({ path: `/model/${SONNET}/invoke`, operation: 'invoke', modelId: SONNET, stream: false });
    expect(request?.body).not.toHaveProperty('model');
    expect(request?.body).not.toHaveProperty('stream');
    // @anthropic-ai/bedrock-sdk 1.x forwards its `anthropic-version` header, not bedrock-2023-05-31.
    expect(request?.body['anthropic_version']).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(request?.headers).not.toHaveProperty('authorization');
    expect(request?.headers['x-amz-date']).toMatch(/^\d{8}T\d{6}Z$/);
    expect(fake.calls(SONNET)).toBe(1);
  });

  it('decodes region-prefixed ids and keys calls by the decoded id', async () => {
    await client.messages.create(ask(US_SONNET, 'hi'));
    await client.messages.create(ask(HAIKU, 'hi'));
    expect(fake.requests.map((r) => r.modelId)).toEqual([US_SONNET, HAIKU]);
    expect([fake.calls(US_SONNET), fake.calls(HAIKU), fake.calls(SONNET), fake.calls()]).toEqual([1, 1, 0, 2]);
  });

  it('streams the same event sequence and final message as a non-streamed call', async () => {
    const params = ask(SONNET, 'Tell me about event streams');
    const whole = await client.messages.create(params);
    const stream = client.messages.stream(params);
    const types: string[] = [];
    stream.on('streamEvent', (event) => types.push(event.type));
    const final = await stream.finalMessage();

    expect(withoutIds(final.content)).toEqual(withoutIds(whole.content));
    expect(final.stop_reason).toBe(whole.stop_reason);
    // The SDK drops `ping` events itself; the wire test below sees them.
    expect(types).toEqual(anthropicSequence(final, false));
    expect(types.filter((t) => t === 'content_block_delta').length).toBeGreaterThan(1);
    expect(fake.requests[1]).toMatchObject({ operation: 'invoke-with-response-stream', stream: true });
    expect(fake.requests[1]?.body).not.toHaveProperty('stream');
  });

  it('create({stream: true}) yields every event, message_stop carrying Bedrock invocation metrics', async () => {
    const events: StreamEvent[] = [];
    for await (const event of await client.messages.create({ ...ask(US_SONNET, 'count to three'), stream: true })) events.push(event);

    expect(events[0]?.type).toBe('message_start');
    const last = events[events.length - 1] as unknown as Record<string, unknown>;
    expect(last['type']).toBe('message_stop');
    expect(last['amazon-bedrock-invocationMetrics']).toEqual({
      inputTokenCount: expect.any(Number),
      outputTokenCount: expect.any(Number),
      invocationLatency: expect.any(Number),
      firstByteLatency: expect.any(Number),
    });
  });

  it('calls a tool when the prompt asks for one, streamed or not', async () => {
    const params = ask(SONNET, 'Use the get_weather tool for Paris', { tools: [WEATHER] });
    const whole = await client.messages.create(params);
    const final = await client.messages.stream(params).finalMessage();

    expect(whole.stop_reason).toBe('tool_use');
    const call = whole.content.find((b) => b.type === 'tool_use');
    expect(call).toMatchObject({ type: 'tool_use', name: 'get_weather', input: { location: expect.any(String) } });
    expect(final.stop_reason).toBe('tool_use');
    expect(withoutIds(final.content)).toEqual(withoutIds(whole.content));
  });

  it('sends betas as anthropic_beta in the body (the SDK also leaves the header)', async () => {
    await client.beta.messages.create({ ...ask(SONNET, 'hi'), betas: ['interleaved-thinking-2025-05-14'] });
    await client.messages.create(ask(SONNET, 'hi'), { headers: { 'anthropic-beta': 'context-1m-2025-08-07, output-128k-2025-02-19' } });

    expect(fake.requests[0]?.body['anthropic_beta']).toEqual(['interleaved-thinking-2025-05-14']);
    expect(fake.requests[1]?.body['anthropic_beta']).toEqual(['context-1m-2025-08-07', 'output-128k-2025-02-19']);
    expect(fake.requests[1]?.headers['anthropic-beta']).toBe('context-1m-2025-08-07, output-128k-2025-02-19');
  });

  describe('faults map to the SDK error the real service produces', () => {
    it('429 is a ThrottlingException: RateLimitError', async () => {
      fake.setFault(SONNET, { status: 429 });
      const err = await caught(client.messages.create(ask(SONNET, 'hi')));
      expect(err).toBeInstanceOf(Anthropic.RateLimitError);
      expect(err.status).toBe(429);
      expect(errorType(err)).toBe('ThrottlingException');
      expect(err.message).toBe('429 Too many requests, please wait before trying again.');
    });

    it('503, and 529 (which Bedrock never sends), are a ServiceUnavailableException', async () => {
      fake.setFault(SONNET, { status: 503 });
      fake.setFault(HAIKU, { status: 529 });
      for (const model of [SONNET, HAIKU]) {
        const err = await caught(client.messages.create(ask(model, 'hi')));
        expect(err).toBeInstanceOf(Anthropic.ServiceUnavailableError);
        expect(err.status).toBe(503);
        expect(errorType(err)).toBe('ServiceUnavailableException');
        expect(err.message).toBe('503 Bedrock is unable to process your request.');
      }
    });

    it('400 is a ValidationException (BadRequestError), 424 a ModelErrorException, with the fault message', async () => {
      fake.setFault(SONNET, { status: 400, message: 'messages: text content blocks must be non-empty' });
      fake.setFault(HAIKU, { status: 424 });
      const bad = await caught(client.messages.create(ask(SONNET, 'hi')));
      expect(bad).toBeInstanceOf(Anthropic.BadRequestError);
      expect(errorType(bad)).toBe('ValidationException');
      expect(bad.error).toEqual({ message: 'messages: text content blocks must be non-empty' });
      const model = await caught(client.messages.create(ask(HAIKU, 'hi')));
      expect([model.status, errorType(model)]).toEqual([424, 'ModelErrorException']);
    });

    it('`times` expires, and every attempt is counted', async () => {
      fake.setFault(SONNET, { status: 500, times: 1 });
      expect(await caught(client.messages.create(ask(SONNET, 'hi')))).toBeInstanceOf(Anthropic.InternalServerError);
      await expect(client.messages.create(ask(SONNET, 'hi'))).resolves.toMatchObject({ type: 'message' });
      expect(fake.calls(SONNET)).toBe(2);
    });

    it('a mid-stream exception frame makes the stream throw', async () => {
      fake.setFault(SONNET, { streamErrorAfterDeltas: 1, errorType: 'rate_limit_error' });
      fake.setFault(HAIKU, { streamErrorAfterDeltas: 1 });
      const deltas: string[] = [];
      const stream = client.messages.stream(ask(SONNET, 'a long answer please'));
      stream.on('text', (text) => deltas.push(text));
      const throttled = await caught(stream.finalMessage());
      expect(deltas.length).toBe(1);
      expect(throttled.status).toBeUndefined();
      expect(throttled.type).toBe('throttlingException');
      expect(throttled.error).toEqual({
        type: 'error',
        error: { type: 'throttlingException', message: 'Too many requests, please wait before trying again.' },
      });
      // The default, overloaded_error, is what Bedrock streams when capacity runs out mid-answer.
      const overloaded = await caught(client.messages.stream(ask(HAIKU, 'hi')).finalMessage());
      expect(overloaded.type).toBe('serviceUnavailableException');
    });

    it('dropAfterDeltas cuts the connection mid-stream, drop and hang before any answer', async () => {
      fake.setFault(SONNET, { dropAfterDeltas: 1, times: 1 });
      await expect(client.messages.stream(ask(SONNET, 'a long answer please')).finalMessage()).rejects.toThrow();
      fake.setFault(SONNET, { drop: true, times: 1 });
      expect(await caught(client.messages.create(ask(SONNET, 'hi')))).toBeInstanceOf(Anthropic.APIConnectionError);
      fake.setFault(SONNET, { hang: true, times: 1 });
      const hung = await caught(client.messages.create(ask(SONNET, 'hi'), { timeout: 200 }));
      expect(hung).toBeInstanceOf(Anthropic.APIConnectionTimeoutError);
    });

    it('text and delayMs shape a successful reply', async () => {
      fake.setFault('*', { text: 'Scripted answer.', delayMs: 50 });
      const started = Date.now();
      const message = await client.messages.create(ask(US_SONNET, 'hi'));
      expect(textOf(message)).toBe('Scripted answer.');
      expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    });
  });

  describe('authentication', () => {
    it('no authorization header: 403 MissingAuthenticationTokenException', async () => {
      const unsigned = new AnthropicBedrock({ apiKey: null, skipAuth: true, awsRegion: 'us-east-1', baseURL: fake.url, maxRetries: 0 });
      const err = await caught(unsigned.messages.create(ask(SONNET, 'hi')));
      expect(err).toBeInstanceOf(Anthropic.PermissionDeniedError);
      expect(err.headers?.get('x-amzn-errortype')).toBe('MissingAuthenticationTokenException:http://internal.amazon.com/coral/com.amazon.coral.service/');
      expect(err.error).toEqual({ message: 'Missing Authentication Token' });
    });

    it('another access key: UnrecognizedClientException; a wrong secret: InvalidSignatureException', async () => {
      const stranger = await caught(clientFor(fake, { access: 'AKIAOTHERKEY00000000' }).messages.create(ask(SONNET, 'hi')));
      expect([stranger.status, errorType(stranger)]).toEqual([403, 'UnrecognizedClientException']);
      const forged = await caught(clientFor(fake, { secret: 'not-the-secret' }).messages.create(ask(SONNET, 'hi')));
      expect([forged.status, errorType(forged)]).toEqual([403, 'InvalidSignatureException']);
    });

    it('a malformed authorization header: 403 IncompleteSignatureException', async () => {
      const res = await fetch(`${fake.url}/model/${SONNET}/invoke`, {
        method: 'POST',
        headers: { authorization: 'AWS4-HMAC-SHA256 Credential=garbage', 'content-type': 'application/json' },
        body: JSON.stringify(BODY),
      });
      expect(res.status).toBe(403);
      expect(res.headers.get('x-amzn-errortype')).toMatch(/^IncompleteSignatureException:/);
    });
  });

  it('count_tokens: the SDK posts /v1/messages/count_tokens unrewritten, which Bedrock does not serve', async () => {
    // The typings drop countTokens ("Bedrock does not support token counting"); the method is still there at runtime.
    const messages = client.messages as unknown as { countTokens(body: unknown): Promise<unknown> };
    const err = await caught(messages.countTokens({ model: SONNET, messages: [{ role: 'user', content: 'hi' }] }));
    expect(err).toBeInstanceOf(Anthropic.NotFoundError);
    expect(errorType(err)).toBe('UnknownOperationException');
    expect(fake.requests[0]).toMatchObject({ path: '/v1/messages/count_tokens', operation: undefined, modelId: '' });
    expect(fake.calls()).toBe(0);
  });
});

describe('FakeBedrock on the wire (no SigV4 required)', () => {
  let fake: FakeBedrock;

  beforeAll(async () => {
    fake = await FakeBedrock.start();
  });
  beforeEach(() => fake.reset());
  afterAll(() => fake.close());

  it('frames a stream as AWS event-stream chunk events with base64 Anthropic events inside', async () => {
    const res = await invoke(fake, `/model/${encodeURIComponent(US_SONNET)}/invoke-with-response-stream`, BODY);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.amazon.eventstream');
    const frames = decodeFrames(new Uint8Array(await res.arrayBuffer()));

    for (const frame of frames) {
      expect(frame.headers).toEqual({ ':message-type': 'event', ':event-type': 'chunk', ':content-type': 'application/json' });
    }
    const events = frames.map((f) => JSON.parse(Buffer.from(JSON.parse(f.body).bytes, 'base64').toString('utf8')));
    const whole = (await (await invoke(fake, `/model/${US_SONNET}/invoke`, BODY)).json()) as Anthropic.Message;
    expect(events.map((e) => e.type)).toEqual(anthropicSequence(whole));
    expect(events[events.length - 1]).toMatchObject({
      type: 'message_stop',
      'amazon-bedrock-invocationMetrics': { inputTokenCount: expect.any(Number), outputTokenCount: expect.any(Number) },
    });
    // `%3A` in the path is decoded.
    expect(fake.requests[0]?.modelId).toBe(US_SONNET);
  });

  it('sends a mid-stream failure as an exception frame', async () => {
    fake.setFault(SONNET, { streamErrorAfterDeltas: 0, errorType: 'modelStreamErrorException', message: 'boom' });
    const res = await invoke(fake, `/model/${SONNET}/invoke-with-response-stream`, BODY);
    const frames = decodeFrames(new Uint8Array(await res.arrayBuffer()));
    const last = frames[frames.length - 1];
    expect(last?.headers).toEqual({ ':message-type': 'exception', ':exception-type': 'modelStreamErrorException', ':content-type': 'application/json' });
    expect(JSON.parse(last?.body ?? '')).toEqual({ message: 'boom', originalStatusCode: 500, originalMessage: 'boom' });
  });

  it('refuses bodies Bedrock refuses: model or stream in the body, no anthropic_version', async () => {
    const { anthropic_version: _, ...noVersion } = BODY;
    const cases: Array<[unknown, RegExp]> = [
      [{ ...BODY, model: 'claude-sonnet-4-20250514' }, /extraneous key \[model\]/],
      [{ ...BODY, stream: true }, /extraneous key \[stream\]/],
      [noVersion, /required key \[anthropic_version\]/],
      [{ ...BODY, anthropic_version: 'bedrock-2023-05-30' }, /anthropic_version/],
      [{ ...BODY, max_tokens: 0 }, /max_tokens/],
    ];
    for (const [body, message] of cases) {
      const res = await invoke(fake, `/model/${SONNET}/invoke`, body);
      expect(res.status).toBe(400);
      expect(res.headers.get('x-amzn-errortype')).toBe('ValidationException:http://internal.amazon.com/coral/com.amazon.bedrock/');
      expect(((await res.json()) as { message: string }).message).toMatch(message);
    }
    expect(fake.calls(SONNET)).toBe(cases.length);
  });

  it('pinned to bedrock-2023-05-31, it refuses the SDK default version until the client sends that one', async () => {
    const strict = await FakeBedrock.start({ anthropicVersions: ['bedrock-2023-05-31'] });
    try {
      const options = { apiKey: null, skipAuth: true, awsRegion: 'us-east-1', baseURL: strict.url, maxRetries: 0 };
      const err = await caught(new AnthropicBedrock(options).messages.create(ask(SONNET, 'hi')));
      expect(err).toBeInstanceOf(Anthropic.BadRequestError);
      expect(err.message).toMatch(/anthropic_version/);
      const pinned = new AnthropicBedrock({ ...options, defaultHeaders: { 'anthropic-version': 'bedrock-2023-05-31' } });
      await expect(pinned.messages.create(ask(SONNET, 'hi'))).resolves.toMatchObject({ type: 'message' });
      expect(strict.requests[1]?.body['anthropic_version']).toBe('bedrock-2023-05-31');
    } finally {
      await strict.close();
    }
  });

  it('answers an unsigned request when no access key is configured', async () => {
    const res = await invoke(fake, `/model/${SONNET}/invoke`, BODY);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-amzn-bedrock-output-token-count')).toMatch(/^\d+$/);
    expect(await res.json()).toMatchObject({ type: 'message', model: 'claude-sonnet-4-20250514' });
    expect(fake.requests[0]?.headers).not.toHaveProperty('authorization');
  });
});
