import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import Anthropic from '@anthropic-ai/sdk';
import { FakeAnthropic } from '../../src/simulator';

const HAIKU = 'claude-haiku-4-5-20251001';
const SONNET = 'claude-sonnet-4-20250514';
const API_KEY = 'test-key';

type Client = InstanceType<typeof Anthropic>;

function clientFor(fake: FakeAnthropic, apiKey = API_KEY): Client {
  return new Anthropic({ apiKey, baseURL: fake.url, maxRetries: 0 });
}

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected the promise to reject');
}

function ask(model: string, text: string, extra: Record<string, unknown> = {}): Anthropic.MessageCreateParamsNonStreaming {
  return { model, max_tokens: 256, messages: [{ role: 'user', content: text }], ...extra };
}

function textOf(message: Anthropic.Message): string {
  return message.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
}

describe('FakeAnthropic with the real SDK', () => {
  let fake: FakeAnthropic;
  let client: Client;

  beforeAll(async () => {
    fake = await FakeAnthropic.start({ apiKey: API_KEY });
    client = clientFor(fake);
  });
  afterEach(() => fake.reset());
  afterAll(() => fake.close());

  describe('non-streaming', () => {
    it('returns a Message with deterministic text, usage and end_turn', async () => {
      const message = await client.messages.create(ask(HAIKU, 'What is the capital of France?'));
      expect(message.type).toBe('message');
      expect(message.role).toBe('assistant');
      expect(message.model).toBe(HAIKU);
      expect(message.id).toMatch(/^msg_/);
      expect(message.content).toEqual([{ type: 'text', text: `Simulated reply from ${HAIKU} to: "What is the capital of France?"` }]);
      expect(message.stop_reason).toBe('end_turn');
      expect(message.stop_sequence).toBeNull();
      expect(message.usage).toEqual({
        input_tokens: Math.ceil('What is the capital of France?'.length / 4),
        output_tokens: 11,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 0,
      });
    });

    it('counts system prompt and block content towards input tokens and quotes the last user message', async () => {
      const message = await client.messages.create({
        model: HAIKU,
        max_tokens: 100,
        system: 'x'.repeat(40),
        messages: [
          { role: 'user', content: 'first' },
          { role: 'assistant', content: 'ok' },
          { role: 'user', content: [{ type: 'text', text: 'second question' }] },
        ],
      });
      expect(textOf(message)).toBe(`Simulated reply from ${HAIKU} to: "second question"`);
      expect(message.usage.input_tokens).toBe(Math.ceil((40 + 5 + 2 + 15) / 4));
    });

    it('truncates to max_tokens words with stop_reason max_tokens', async () => {
      const message = await client.messages.create(ask(HAIKU, 'hi', { max_tokens: 3 }));
      expect(textOf(message)).toBe(`Simulated reply from`);
      expect(message.stop_reason).toBe('max_tokens');
      expect(message.usage.output_tokens).toBe(3);
    });

    it('stops before a stop sequence and reports which one', async () => {
      const message = await client.messages.create(ask(HAIKU, 'hi', { stop_sequences: ['nothing-here', ' to:'] }));
      expect(textOf(message)).toBe(`Simulated reply from ${HAIKU}`);
      expect(message.stop_reason).toBe('stop_sequence');
      expect(message.stop_sequence).toBe(' to:');
    });

    it('puts a thinking block first when thinking is enabled', async () => {
      const message = await client.messages.create(ask(SONNET, 'plan a trip', { max_tokens: 2048, thinking: { type: 'enabled', budget_tokens: 1024 } }));
      expect(message.content.map((b) => b.type)).toEqual(['thinking', 'text']);
      const thinking = message.content[0];
      if (thinking?.type !== 'thinking') throw new Error('expected a thinking block');
      expect(thinking.thinking.length).toBeGreaterThan(0);
      expect(thinking.signature).toMatch(/^sig_/);
      expect(textOf(message)).toContain('plan a trip');
    });

    it('applies fault text and stopReason overrides', async () => {
      fake.setFault(HAIKU, { text: 'I cannot help with that.', stopReason: 'refusal' });
      const message = await client.messages.create(ask(HAIKU, 'hi'));
      expect(textOf(message)).toBe('I cannot help with that.');
      expect(message.stop_reason).toBe('refusal');
      expect(message.usage.output_tokens).toBe(5);
    });
  });

  describe('streaming', () => {
    const prompt = 'Tell me something about streaming responses over SSE';

    it('emits the real event sequence and deltas that join to the non-streaming text', async () => {
      const expected = textOf(await client.messages.create(ask(HAIKU, prompt)));
      const stream = await client.messages.create({ ...ask(HAIKU, prompt), stream: true });
      const types: string[] = [];
      let joined = '';
      let outputTokens = -1;
      let deltas = 0;
      for await (const event of stream) {
        types.push(event.type);
        if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') {
          joined += event.delta.text;
          deltas += 1;
        }
        if (event.type === 'message_delta') outputTokens = event.usage.output_tokens;
      }
      expect(joined).toBe(expected);
      expect(deltas).toBeGreaterThan(1);
      expect(outputTokens).toBe(expected.split(/\s+/).length);
      expect(types[0]).toBe('message_start');
      expect(types[1]).toBe('content_block_start');
      expect(types.slice(-3)).toEqual(['content_block_stop', 'message_delta', 'message_stop']);
      expect(types.filter((t) => t === 'content_block_delta')).toHaveLength(deltas);
      // ping is consumed by the SDK, so only the Anthropic-visible events remain
      expect(types).not.toContain('ping');
    });

    it('streams thinking and signature deltas that the SDK accumulates into the final message', async () => {
      const stream = client.messages.stream({
        ...ask(SONNET, prompt),
        max_tokens: 2048,
        thinking: { type: 'enabled', budget_tokens: 1024 },
      });
      const final = await stream.finalMessage();
      const nonStreaming = await client.messages.create({
        ...ask(SONNET, prompt),
        max_tokens: 2048,
        thinking: { type: 'enabled', budget_tokens: 1024 },
      });
      expect(final.content).toEqual(nonStreaming.content);
      expect(final.stop_reason).toBe('end_turn');
      expect(final.usage.output_tokens).toBe(nonStreaming.usage.output_tokens);
    });

    it('sends text/event-stream frames with a ping after the first block start', async () => {
      const raw = await rawPost(fake, { ...ask(HAIKU, 'hi'), stream: true });
      expect(raw.status).toBe(200);
      expect(raw.headers['content-type']).toBe('text/event-stream');
      expect(raw.headers['request-id']).toMatch(/^req_/);
      const events = [...raw.body.matchAll(/^event: (\S+)$/gm)].map((m) => m[1]);
      expect(events.slice(0, 3)).toEqual(['message_start', 'content_block_start', 'ping']);
      expect(raw.body).toMatch(/^event: ping\ndata: \{"type":"ping"\}\n\n/m);
    });

    it('writes a stream with nothing between its events as one piece, and one piece per event when they are spaced', async () => {
      const whole = await httpChunks(fake, { ...ask(HAIKU, prompt), stream: true });
      expect(whole).toHaveLength(1);
      expect([...(whole[0] ?? '').matchAll(/^event: /gm)].length).toBeGreaterThan(5);
      fake.setFault(HAIKU, { chunkDelayMs: 1 });
      const spaced = await httpChunks(fake, { ...ask(HAIKU, prompt), stream: true });
      expect(spaced.length).toBeGreaterThan(5);
      expect(spaced.join('')).toBe(whole.join('').replace(/msg_[0-9a-f]+/, spaced.join('').match(/msg_[0-9a-f]+/)?.[0] ?? ''));
    });

    it('streamErrorAfterDeltas yields that many text deltas, then an overloaded APIError', async () => {
      fake.setFault(HAIKU, { streamErrorAfterDeltas: 2 });
      const stream = await client.messages.create({ ...ask(HAIKU, prompt), stream: true });
      const texts: string[] = [];
      const err = await caught(
        (async () => {
          for await (const event of stream) {
            if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') texts.push(event.delta.text);
          }
        })(),
      );
      expect(texts).toHaveLength(2);
      expect(err).toBeInstanceOf(Anthropic.APIError);
      const apiError = err as InstanceType<typeof Anthropic.APIError>;
      expect(apiError.status).toBeUndefined();
      expect(apiError.type).toBe('overloaded_error');
    });

    it('dropAfterDeltas cuts the connection mid-stream', async () => {
      fake.setFault(HAIKU, { dropAfterDeltas: 1 });
      const stream = await client.messages.create({ ...ask(HAIKU, prompt), stream: true });
      let texts = 0;
      let sawStop = false;
      const err = await caught(
        (async () => {
          for await (const event of stream) {
            if (event.type === 'content_block_delta') texts += 1;
            if (event.type === 'message_stop') sawStop = true;
          }
        })(),
      );
      // undici's TypeError comes from another realm under jest, so check the message rather than the class
      expect((err as Error).message).toMatch(/terminated|other side closed/);
      expect(texts).toBe(1);
      expect(sawStop).toBe(false);
      expect(fake.aborted()).toBe(0);
    });

    it('counts a client abort mid-stream (chunkDelayMs keeps the stream open)', async () => {
      fake.setFault(HAIKU, { chunkDelayMs: 50 });
      const stream = await client.messages.create({ ...ask(HAIKU, prompt), stream: true });
      for await (const event of stream) {
        if (event.type === 'content_block_start') break;
      }
      await fake.waitForAborted(1, HAIKU);
      expect(fake.aborted(HAIKU)).toBe(1);
    });
  });

  describe('faults', () => {
    it('529 surfaces as an OverloadedError with type and retry-after readable', async () => {
      fake.setFault(HAIKU, { status: 529, retryAfter: '7', headers: { 'x-should-retry': 'true' } });
      const err = await caught(client.messages.create(ask(HAIKU, 'hi')));
      expect(err).toBeInstanceOf(Anthropic.APIError);
      expect(err).toBeInstanceOf(Anthropic.OverloadedError);
      const apiError = err as InstanceType<typeof Anthropic.APIError>;
      expect(apiError.status).toBe(529);
      expect(apiError.type).toBe('overloaded_error');
      expect(apiError.headers?.get('retry-after')).toBe('7');
      expect(apiError.headers?.get('x-should-retry')).toBe('true');
      expect(apiError.requestID).toMatch(/^req_/);
    });

    it('429 is a RateLimitError carrying retry-after and retry-after-ms', async () => {
      fake.setFault(HAIKU, { status: 429, retryAfter: '2', retryAfterMs: '1500', message: 'slow down' });
      const err = await caught(client.messages.create(ask(HAIKU, 'hi')));
      expect(err).toBeInstanceOf(Anthropic.RateLimitError);
      const apiError = err as InstanceType<typeof Anthropic.APIError>;
      expect(apiError.status).toBe(429);
      expect(apiError.type).toBe('rate_limit_error');
      expect(apiError.apiMessage).toBe('slow down');
      expect(apiError.headers?.get('retry-after')).toBe('2');
      expect(apiError.headers?.get('retry-after-ms')).toBe('1500');
    });

    it('errors before streaming starts come back as JSON errors', async () => {
      fake.setFault(HAIKU, { status: 500 });
      const err = await caught(client.messages.create({ ...ask(HAIKU, 'hi'), stream: true }));
      expect(err).toBeInstanceOf(Anthropic.InternalServerError);
      expect((err as InstanceType<typeof Anthropic.APIError>).type).toBe('api_error');
    });

    it('times: 1 applies to one call only', async () => {
      fake.setFault(HAIKU, { status: 503, times: 1 });
      await expect(client.messages.create(ask(HAIKU, 'hi'))).rejects.toMatchObject({ status: 503, type: 'api_error' });
      const ok = await client.messages.create(ask(HAIKU, 'hi'));
      expect(ok.stop_reason).toBe('end_turn');
      expect(fake.calls(HAIKU)).toBe(2);
    });

    it("a model-specific fault wins over '*', and calls() counts per model", async () => {
      fake.setFault('*', { status: 529 });
      fake.setFault(SONNET, { text: 'sonnet is fine' });
      const sonnet = await client.messages.create(ask(SONNET, 'hi'));
      expect(textOf(sonnet)).toBe('sonnet is fine');
      await expect(client.messages.create(ask(HAIKU, 'hi'))).rejects.toMatchObject({ status: 529 });
      await expect(client.messages.create(ask(HAIKU, 'hi'))).rejects.toMatchObject({ status: 529 });
      expect(fake.calls(SONNET)).toBe(1);
      expect(fake.calls(HAIKU)).toBe(2);
      expect(fake.calls()).toBe(3);
      expect(fake.calls('claude-opus-4-1-20250805')).toBe(0);

      fake.setFault('*', null);
      await expect(client.messages.create(ask(HAIKU, 'hi'))).resolves.toMatchObject({ stop_reason: 'end_turn' });
    });

    it('delayMs holds the response back', async () => {
      fake.setFault(HAIKU, { delayMs: 150 });
      const started = Date.now();
      await client.messages.create(ask(HAIKU, 'hi'));
      expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    });

    it('hang + client abort is counted, and waitForAborted resolves', async () => {
      fake.setFault(HAIKU, { hang: true });
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), 100);
      const err = await caught(client.messages.create(ask(HAIKU, 'hi'), { signal: controller.signal }));
      clearTimeout(timer);
      expect(err).toBeInstanceOf(Anthropic.APIUserAbortError);
      await fake.waitForAborted(1, HAIKU);
      expect(fake.aborted(HAIKU)).toBe(1);
      expect(fake.aborted(SONNET)).toBe(0);
      expect(fake.calls(HAIKU)).toBe(1);
    });

    it('waitForAborted rejects after its timeout when nothing aborts', async () => {
      await expect(fake.waitForAborted(1, HAIKU, 50)).rejects.toThrow(/expected 1 aborted/);
    });

    it('drop surfaces as an APIConnectionError and is not counted as a client abort', async () => {
      fake.setFault(HAIKU, { drop: true });
      const err = await caught(client.messages.create(ask(HAIKU, 'hi')));
      expect(err).toBeInstanceOf(Anthropic.APIConnectionError);
      expect(fake.calls(HAIKU)).toBe(1);
      expect(fake.aborted()).toBe(0);
    });
  });

  describe('validation and auth', () => {
    it('a wrong API key is an AuthenticationError, still counted as a call', async () => {
      const wrong = clientFor(fake, 'wrong-key');
      const err = await caught(wrong.messages.create(ask(HAIKU, 'hi')));
      expect(err).toBeInstanceOf(Anthropic.AuthenticationError);
      expect((err as InstanceType<typeof Anthropic.APIError>).type).toBe('authentication_error');
      expect(fake.calls(HAIKU)).toBe(1);
    });

    it('accepts x-api-key as well as a bearer token', async () => {
      const raw = await rawPost(fake, ask(HAIKU, 'hi'), { 'x-api-key': API_KEY });
      expect(raw.status).toBe(200);
      expect(JSON.parse(raw.body)).toMatchObject({ type: 'message', model: HAIKU });
    });

    it('recorded requests keep body and headers but never the key', async () => {
      await client.messages.create(ask(HAIKU, 'hi'));
      await rawPost(fake, ask(SONNET, 'hi'), { 'x-api-key': API_KEY });
      expect(fake.requests).toHaveLength(2);
      const [viaSdk, viaRaw] = fake.requests;
      expect(viaSdk).toMatchObject({ model: HAIKU, stream: false, body: { max_tokens: 256 } });
      expect(viaSdk?.headers['anthropic-version']).toBeDefined();
      expect(viaRaw?.model).toBe(SONNET);
      for (const recorded of fake.requests) {
        expect(recorded.headers['authorization']).toBeUndefined();
        expect(recorded.headers['x-api-key']).toBeUndefined();
        expect(JSON.stringify(recorded)).not.toContain(API_KEY);
      }
    });

    it.each([
      [{ max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }, /model/],
      [{ model: HAIKU, max_tokens: 0, messages: [{ role: 'user', content: 'hi' }] }, /max_tokens/],
      [{ model: HAIKU, max_tokens: 1.5, messages: [{ role: 'user', content: 'hi' }] }, /max_tokens/],
      [{ model: HAIKU, max_tokens: 10, messages: [] }, /messages/],
    ])('rejects invalid body %j with 400 invalid_request_error', async (body, message) => {
      const raw = await rawPost(fake, body, { 'x-api-key': API_KEY });
      expect(raw.status).toBe(400);
      expect(raw.headers['content-type']).toBe('application/json');
      const parsed = JSON.parse(raw.body) as { type: string; error: { type: string; message: string } };
      expect(parsed.type).toBe('error');
      expect(parsed.error.type).toBe('invalid_request_error');
      expect(parsed.error.message).toMatch(message);
    });

    it('unknown routes get 404 not_found_error with a request-id', async () => {
      const raw = await rawPost(fake, {}, { 'x-api-key': API_KEY }, '/v1/complete');
      expect(raw.status).toBe(404);
      expect(raw.headers['request-id']).toMatch(/^req_/);
      expect(JSON.parse(raw.body)).toMatchObject({ type: 'error', error: { type: 'not_found_error' } });
      expect(fake.calls()).toBe(0);
    });
  });
});

describe('FakeAnthropic options and lifecycle', () => {
  it('knownModels turns other ids into 404 not_found_error', async () => {
    const fake = await FakeAnthropic.start({ knownModels: [HAIKU] });
    try {
      const client = clientFor(fake);
      await expect(client.messages.create(ask(HAIKU, 'hi'))).resolves.toMatchObject({ model: HAIKU });
      const err = await caught(client.messages.create(ask(SONNET, 'hi')));
      expect(err).toBeInstanceOf(Anthropic.NotFoundError);
      expect((err as InstanceType<typeof Anthropic.APIError>).apiMessage).toBe(`model: ${SONNET}`);
    } finally {
      await fake.close();
    }
  });

  it('without apiKey any credentials are accepted', async () => {
    const fake = await FakeAnthropic.start();
    try {
      const message = await clientFor(fake, 'anything').messages.create(ask(HAIKU, 'hi'));
      expect(message.stop_reason).toBe('end_turn');
    } finally {
      await fake.close();
    }
  });

  it('close() resolves promptly with a request hanging, and the client sees a connection error', async () => {
    const fake = await FakeAnthropic.start();
    fake.setFault('*', { hang: true });
    const client = clientFor(fake);
    const pending = caught(client.messages.create(ask(HAIKU, 'hi')));
    await waitUntil(() => fake.calls() === 1);
    const started = Date.now();
    await fake.close();
    expect(Date.now() - started).toBeLessThan(500);
    expect(await pending).toBeInstanceOf(Anthropic.APIConnectionError);
    // The server went away; that is not the client aborting.
    expect(fake.aborted()).toBe(0);
    await fake.close();
  });

  it('keeps the newest maxRecordedRequests requests only, while counting them all (make run serves from it)', async () => {
    const fake = await FakeAnthropic.start({ maxRecordedRequests: 10 });
    try {
      const client = clientFor(fake);
      for (let i = 0; i < 30; i++) await client.messages.create(ask(HAIKU, `q${i}`));
      expect(fake.calls()).toBe(30);
      expect(fake.requests.length).toBeGreaterThanOrEqual(10);
      expect(fake.requests.length).toBeLessThanOrEqual(11);
      expect(fake.requests.at(-1)?.body['messages']).toEqual([{ role: 'user', content: 'q29' }]);
    } finally {
      await fake.close();
    }
  });

  it('reset() clears counts, requests and faults', async () => {
    const fake = await FakeAnthropic.start();
    try {
      const client = clientFor(fake);
      fake.setFault(HAIKU, { status: 529 });
      await expect(client.messages.create(ask(HAIKU, 'hi'))).rejects.toMatchObject({ status: 529 });
      fake.reset();
      expect(fake.calls()).toBe(0);
      expect(fake.requests).toHaveLength(0);
      await expect(client.messages.create(ask(HAIKU, 'hi'))).resolves.toMatchObject({ stop_reason: 'end_turn' });
    } finally {
      await fake.close();
    }
  });
});

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Plain node:http, for checking bytes on the wire and sending bodies the SDK would refuse to build. */
function rawPost(
  fake: FakeAnthropic,
  body: unknown,
  headers: Record<string, string> = { authorization: `Bearer ${API_KEY}` },
  path = '/v1/messages',
): Promise<RawResponse> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${fake.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
}

/** The body's HTTP/1.1 chunks as the fake framed them (read off the raw socket, so no client merges or splits them). */
function httpChunks(fake: FakeAnthropic, body: unknown): Promise<string[]> {
  const payload = JSON.stringify(body);
  const { hostname, port } = new URL(fake.url);
  return new Promise((resolve, reject) => {
    // Written, not ended: the fake takes a half-closed socket for a client that left.
    const socket = connect(Number(port), hostname, () => {
      socket.write(
        `POST /v1/messages HTTP/1.1\r\nhost: ${hostname}\r\nauthorization: Bearer ${API_KEY}\r\ncontent-type: application/json\r\n` +
          `content-length: ${Buffer.byteLength(payload)}\r\nconnection: close\r\n\r\n${payload}`,
      );
    });
    const received: Buffer[] = [];
    socket.on('data', (data: Buffer) => received.push(data));
    socket.on('error', reject);
    socket.on('close', () => {
      const raw = Buffer.concat(received).toString('utf8');
      const chunks: string[] = [];
      let rest = raw.slice(raw.indexOf('\r\n\r\n') + 4);
      for (;;) {
        const size = parseInt(rest.slice(0, rest.indexOf('\r\n')), 16);
        if (!(size > 0)) break;
        const start = rest.indexOf('\r\n') + 2;
        chunks.push(rest.slice(start, start + size));
        rest = rest.slice(start + size + 2);
      }
      resolve(chunks);
    });
  });
}

async function waitUntil(condition: () => boolean, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
