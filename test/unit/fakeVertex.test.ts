import Anthropic from '@anthropic-ai/sdk';
import { AnthropicVertex } from '@anthropic-ai/vertex-sdk';
import { OAuth2Client } from 'google-auth-library';
import { FakeVertex } from '../../src/simulator/vertex';

const PROJECT = 'p';
const REGION = 'us-east5';
const TOKEN = 'tok';
const SONNET = 'claude-sonnet-4@20250514';
const MESSAGE_PATH = `/v1/projects/${PROJECT}/locations/${REGION}/publishers/anthropic/models/${SONNET}`;

type Params = Anthropic.MessageCreateParamsNonStreaming;
type VertexOptions = ConstructorParameters<typeof AnthropicVertex>[0];
type ApiError = InstanceType<typeof Anthropic.APIError>;

const WEATHER: Anthropic.Tool = {
  name: 'get_weather',
  input_schema: { type: 'object', properties: { location: { type: 'string' } }, required: ['location'] },
};

/**
 * @anthropic-ai/vertex-sdk 1.1.4 stores `accessToken` but never sends it: every request takes its Authorization
 * header from a google-auth-library client, by default `new GoogleAuth().getClient()` (Application Default
 * Credentials, created in the constructor). A static token therefore goes in as an OAuth2Client holding it, which
 * answers getRequestHeaders() with `Bearer <token>` and no network call.
 */
function tokenClient(token: string): OAuth2Client {
  const client = new OAuth2Client();
  client.setCredentials({ access_token: token });
  return client;
}

function vertexFor(fake: FakeVertex, options: Partial<NonNullable<VertexOptions>> = {}, token = TOKEN): AnthropicVertex {
  return new AnthropicVertex({
    projectId: PROJECT,
    region: REGION,
    authClient: tokenClient(token),
    baseURL: `${fake.url}/v1`,
    maxRetries: 0,
    ...options,
  });
}

function ask(content: string, extra: Partial<Params> = {}): Params {
  return { model: SONNET, max_tokens: 256, messages: [{ role: 'user', content }], ...extra };
}

async function caught(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof Anthropic.APIError) return err;
    throw err;
  }
  throw new Error('expected the promise to reject');
}

/** A request the SDK would not send, straight onto the wire. */
async function post(fake: FakeVertex, path: string, body: unknown, auth: string | null = `Bearer ${TOKEN}`): Promise<{ status: number; text: string }> {
  const response = await fetch(fake.url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(auth === null ? {} : { authorization: auth }) },
    body: JSON.stringify(body),
  });
  return { status: response.status, text: await response.text() };
}

function withoutIds(content: readonly Anthropic.ContentBlock[]): unknown[] {
  return content.map((block) => (block.type === 'tool_use' ? { ...block, id: 'toolu_x' } : { ...block }));
}

describe('FakeVertex through the real AnthropicVertex client', () => {
  let fake: FakeVertex;
  let client: AnthropicVertex;

  beforeAll(async () => {
    fake = await FakeVertex.start({ accessToken: TOKEN, project: PROJECT, region: REGION });
    client = vertexFor(fake);
  });
  afterEach(() => fake.reset());
  afterAll(() => fake.close());

  it('answers messages.create with a Message and records what the SDK sent', async () => {
    const message = await client.messages.create(ask('Hello there'));

    expect(message).toMatchObject({ type: 'message', role: 'assistant', model: 'claude-sonnet-4-20250514', stop_reason: 'end_turn' });
    expect(message.id).toMatch(/^msg_vrtx_/);
    expect(message.content[0]).toMatchObject({ type: 'text', text: expect.stringContaining('Hello there') });
    expect(message.usage.input_tokens).toBeGreaterThan(0);

    expect(fake.requests).toHaveLength(1);
    const [request] = fake.requests;
    expect(request).toMatchObject({ path: `${MESSAGE_PATH}:rawPredict`, project: PROJECT, region: REGION, model: SONNET, kind: 'rawPredict', stream: false });
    expect(request?.body).not.toHaveProperty('model');
    // The SDK copies the core SDK's anthropic-version header into the body and drops the header.
    expect(request?.body).toMatchObject({ max_tokens: 256, anthropic_version: '2026-10-21' });
    expect(request?.headers).not.toHaveProperty('authorization');
    expect(request?.headers).not.toHaveProperty('anthropic-version');
    expect(fake.calls(SONNET)).toBe(1);
  });

  it('serves the undated model id as well', async () => {
    await expect(client.messages.create(ask('hi', { model: 'claude-sonnet-4' }))).resolves.toMatchObject({ type: 'message' });
  });

  it('streams the Messages API events and ends with the same message, tool_use included', async () => {
    const params = ask('What is the weather in Paris? Use the tool.', { tools: [WEATHER] });
    const created = await client.messages.create(params);

    const stream = client.messages.stream(params);
    const types: string[] = [];
    for await (const event of stream) types.push(event.type);
    const final = await stream.finalMessage();

    expect(types[0]).toBe('message_start');
    expect(types.slice(-2)).toEqual(['message_delta', 'message_stop']);
    expect(types).toContain('content_block_delta');
    expect(final.stop_reason).toBe('tool_use');
    expect(final.content[1]).toMatchObject({ type: 'tool_use', name: 'get_weather', input: { location: 'Paris' } });
    expect(withoutIds(final.content)).toEqual(withoutIds(created.content));
    expect(fake.requests[1]).toMatchObject({ path: `${MESSAGE_PATH}:streamRawPredict`, kind: 'streamRawPredict', stream: true });
    expect(fake.requests[1]?.body).toMatchObject({ stream: true });
  });

  it('sends SSE with pings on the wire, in the order the Messages API does', async () => {
    const response = await fetch(`${fake.url}${MESSAGE_PATH}:streamRawPredict`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({ anthropic_version: 'vertex-2023-10-16', max_tokens: 64, stream: true, messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const events = [...(await response.text()).matchAll(/^event: (\S+)$/gm)].map((m) => m[1]);
    expect(events.slice(0, 3)).toEqual(['message_start', 'content_block_start', 'ping']);
    expect(events.slice(-3)).toEqual(['content_block_stop', 'message_delta', 'message_stop']);
  });

  it('takes betas in the anthropic-beta header, as the SDK sends them', async () => {
    await client.beta.messages.create({ ...ask('hi'), betas: ['context-1m-2025-08-07'] });
    const [request] = fake.requests;
    expect(request?.headers['anthropic-beta']).toBe('context-1m-2025-08-07');
    expect(request?.body).not.toHaveProperty('betas');
    expect(request?.path).toBe(`${MESSAGE_PATH}:rawPredict`);
  });

  it('counts tokens at count-tokens:rawPredict, with the model in the body', async () => {
    const count = await client.messages.countTokens({ model: SONNET, messages: [{ role: 'user', content: 'How many tokens is this?' }] });
    expect(count.input_tokens).toBeGreaterThan(0);
    expect(fake.requests[0]).toMatchObject({
      path: `/v1/projects/${PROJECT}/locations/${REGION}/publishers/anthropic/models/count-tokens:rawPredict`,
      kind: 'countTokens',
      model: SONNET,
      body: { model: SONNET },
    });
    expect(fake.countTokensCalls(SONNET)).toBe(1);
    expect(fake.calls()).toBe(0);
  });

  describe('errors, each in the shape of the layer that sends it', () => {
    const google = (code: number, status: string, message: string): unknown => ({ error: { code, status, message: expect.stringContaining(message) } });
    const anthropic = (type: string): unknown => ({ type: 'error', error: { type, message: expect.any(String) } });

    it.each([
      [429, Anthropic.RateLimitError, google(429, 'RESOURCE_EXHAUSTED', 'Quota exceeded for aiplatform.googleapis.com')],
      [401, Anthropic.AuthenticationError, google(401, 'UNAUTHENTICATED', 'invalid authentication credentials')],
      [403, Anthropic.PermissionDeniedError, google(403, 'PERMISSION_DENIED', "Permission 'aiplatform.endpoints.predict' denied")],
      [404, Anthropic.NotFoundError, google(404, 'NOT_FOUND', `models/${SONNET}\` was not found`)],
      [503, Anthropic.ServiceUnavailableError, google(503, 'UNAVAILABLE', 'unavailable')],
      [529, Anthropic.OverloadedError, anthropic('overloaded_error')],
      [500, Anthropic.InternalServerError, anthropic('api_error')],
      [400, Anthropic.BadRequestError, anthropic('invalid_request_error')],
    ])('a %i fault throws %p with the body Vertex sends', async (status, errorClass, body) => {
      fake.setFault(SONNET, { status, retryAfter: '7' });
      const err = await caught(client.messages.create(ask('hi')));
      expect(err).toBeInstanceOf(errorClass);
      expect(err.status).toBe(status);
      expect(err.error).toEqual(body);
      expect(err.headers?.get('retry-after')).toBe('7');
    });

    it('answers a front-end error on streamRawPredict as a one-element JSON array', async () => {
      fake.setFault(SONNET, { status: 429 });
      const err = await caught(client.messages.create({ ...ask('hi'), stream: true }));
      expect(err).toBeInstanceOf(Anthropic.RateLimitError);
      expect(err.error).toEqual([google(429, 'RESOURCE_EXHAUSTED', 'anthropic-claude-sonnet-4')]);
      // Nothing in the array is where the SDK looks for a message.
      expect(err.apiMessage).toBeNull();
    });

    it('sends the other shape when errorType or errorShape asks for it', async () => {
      fake.setFault(SONNET, { status: 429, errorType: 'rate_limit_error', times: 1 });
      const passedThrough = await caught(client.messages.create(ask('hi')));
      expect(passedThrough).toBeInstanceOf(Anthropic.RateLimitError);
      expect(passedThrough.type).toBe('rate_limit_error');

      fake.setFault(SONNET, { status: 529, errorShape: 'google', message: 'busy' });
      const google529 = await caught(client.messages.create(ask('hi')));
      expect(google529).toBeInstanceOf(Anthropic.OverloadedError);
      expect(google529.error).toEqual({ error: { code: 529, status: 'UNKNOWN', message: 'busy' } });
    });

    it('refuses a wrong token and a missing one with 401 UNAUTHENTICATED', async () => {
      const err = await caught(vertexFor(fake, {}, 'wrong').messages.create(ask('hi')));
      expect(err).toBeInstanceOf(Anthropic.AuthenticationError);
      expect(err.error).toEqual(google(401, 'UNAUTHENTICATED', 'Request had invalid authentication credentials'));

      const missing = await post(fake, `${MESSAGE_PATH}:rawPredict`, {}, null);
      expect(missing.status).toBe(401);
      expect(JSON.parse(missing.text)).toEqual(google(401, 'UNAUTHENTICATED', 'missing required authentication credential'));
      expect(fake.calls(SONNET)).toBe(2);
    });

    it('answers 404 NOT_FOUND for an unknown model or another region, 403 for another project', async () => {
      const unknown = await caught(client.messages.create(ask('hi', { model: 'claude-nope@20990101' })));
      expect(unknown).toBeInstanceOf(Anthropic.NotFoundError);
      expect(unknown.error).toEqual(google(404, 'NOT_FOUND', 'publishers/anthropic/models/claude-nope@20990101'));

      const region = await caught(vertexFor(fake, { region: 'europe-west1' }).messages.create(ask('hi')));
      expect(region).toBeInstanceOf(Anthropic.NotFoundError);

      const project = await caught(vertexFor(fake, { projectId: 'other' }).messages.create(ask('hi')));
      expect(project).toBeInstanceOf(Anthropic.PermissionDeniedError);
      expect(project.error).toEqual(google(403, 'PERMISSION_DENIED', 'projects/other/locations/us-east5'));
      expect(fake.requests.map((r) => [r.project, r.region, r.model])).toEqual([
        [PROJECT, REGION, 'claude-nope@20990101'],
        [PROJECT, 'europe-west1', SONNET],
        ['other', REGION, SONNET],
      ]);
    });

    it('refuses a body with `model` or without anthropic_version, in Anthropic’s shape', async () => {
      const base = { max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] };
      const withModel = await post(fake, `${MESSAGE_PATH}:rawPredict`, { ...base, anthropic_version: 'vertex-2023-10-16', model: SONNET });
      expect(withModel.status).toBe(400);
      expect(JSON.parse(withModel.text)).toEqual({ type: 'error', error: { type: 'invalid_request_error', message: 'model: Extra inputs are not permitted' } });

      const noVersion = await post(fake, `${MESSAGE_PATH}:rawPredict`, base);
      expect(noVersion.status).toBe(400);
      expect(JSON.parse(noVersion.text)).toMatchObject({ error: { type: 'invalid_request_error', message: 'anthropic_version: Field required' } });

      const documented = await post(fake, `${MESSAGE_PATH}:rawPredict`, { ...base, anthropic_version: 'vertex-2023-10-16' });
      expect(documented.status).toBe(200);
      expect(JSON.parse(documented.text)).toMatchObject({ type: 'message', model: 'claude-sonnet-4-20250514' });
    });
  });

  describe('faults', () => {
    it('expires a fault after `times` calls', async () => {
      fake.setFault(SONNET, { status: 529, times: 1 });
      expect(await caught(client.messages.create(ask('hi')))).toBeInstanceOf(Anthropic.OverloadedError);
      await expect(client.messages.create(ask('hi'))).resolves.toMatchObject({ type: 'message' });
      expect(fake.calls(SONNET)).toBe(2);
    });

    it('makes the SDK stream throw on a mid-stream error event, after the deltas before it', async () => {
      fake.setFault(SONNET, { streamErrorAfterDeltas: 1 });
      const stream = await client.messages.create({ ...ask('Tell me a long story please'), stream: true });
      const types: string[] = [];
      const err = await caught(
        (async () => {
          for await (const event of stream) types.push(event.type);
        })(),
      );
      expect(err.type).toBe('overloaded_error');
      expect(err.status).toBeUndefined();
      expect(types.filter((t) => t === 'content_block_delta')).toHaveLength(1);
    });

    it('makes the SDK stream fail when the socket drops mid-stream', async () => {
      fake.setFault(SONNET, { dropAfterDeltas: 1 });
      const stream = await client.messages.create({ ...ask('Tell me a long story please'), stream: true });
      const types: string[] = [];
      await expect(
        (async () => {
          for await (const event of stream) types.push(event.type);
        })(),
      ).rejects.toThrow();
      expect(types).toContain('content_block_delta');
      expect(types).not.toContain('message_stop');
    });

    it('overrides the text and slows the stream with chunkDelayMs', async () => {
      fake.setFault(SONNET, { text: 'Scripted answer here.', chunkDelayMs: 20 });
      const started = Date.now();
      const final = await client.messages.stream(ask('hi')).finalMessage();
      expect(final.content[0]).toMatchObject({ type: 'text', text: 'Scripted answer here.' });
      expect(Date.now() - started).toBeGreaterThanOrEqual(100);
    });

    it('hangs until the client times out, and delays by delayMs', async () => {
      fake.setFault(SONNET, { hang: true, times: 1 });
      const err = await caught(vertexFor(fake, { timeout: 200 }).messages.create(ask('hi')));
      expect(err).toBeInstanceOf(Anthropic.APIConnectionTimeoutError);

      fake.setFault(SONNET, { delayMs: 150 });
      const started = Date.now();
      await client.messages.create(ask('hi'));
      expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    });

    it('applies faults to count-tokens by the model in its body', async () => {
      fake.setFault(SONNET, { status: 429 });
      const err = await caught(client.messages.countTokens({ model: SONNET, messages: [{ role: 'user', content: 'hi' }] }));
      expect(err).toBeInstanceOf(Anthropic.RateLimitError);
      expect(fake.countTokensCalls(SONNET)).toBe(1);
    });
  });
});

describe('FakeVertex accepting only the documented anthropic_version', () => {
  let fake: FakeVertex;

  beforeAll(async () => {
    fake = await FakeVertex.start({ anthropicVersions: ['vertex-2023-10-16'] });
  });
  afterAll(() => fake.close());

  it("refuses the SDK's default version, and takes vertex-2023-10-16 set through the anthropic-version header", async () => {
    const err = await caught(vertexFor(fake).messages.create(ask('hi')));
    expect(err).toBeInstanceOf(Anthropic.BadRequestError);
    expect(err.message).toContain("anthropic_version: Input should be 'vertex-2023-10-16'");

    const pinned = vertexFor(fake, { defaultHeaders: { 'anthropic-version': 'vertex-2023-10-16' } });
    await expect(pinned.messages.create(ask('hi'))).resolves.toMatchObject({ type: 'message' });
    expect(fake.requests[1]?.body['anthropic_version']).toBe('vertex-2023-10-16');
  });
});
