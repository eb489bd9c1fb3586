import Anthropic from '@anthropic-ai/sdk';
import { FakeAnthropic } from '../../src/simulator';

const HAIKU = 'claude-haiku-4-5-20251001';
const SONNET = 'claude-sonnet-4-20250514';
const API_KEY = 'test-key';
const PNG = { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } as const;
const PDF = { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0=' } as const;

type Client = InstanceType<typeof Anthropic>;
type Params = Anthropic.MessageCreateParamsNonStreaming;
type Block = Anthropic.ContentBlock;

const WEATHER: Anthropic.Tool = {
  name: 'get_weather',
  description: 'Current weather',
  input_schema: {
    type: 'object',
    properties: { location: { type: 'string' }, unit: { type: 'string', enum: ['celsius', 'fahrenheit'] }, days: { type: 'integer' } },
    required: ['location', 'unit'],
  },
};
const TIME: Anthropic.Tool = {
  name: 'get_time',
  input_schema: { type: 'object', properties: { exact: { type: 'boolean' }, zones: { type: 'array' }, opts: { type: 'object' } } },
};

function clientFor(fake: FakeAnthropic, apiKey = API_KEY): Client {
  return new Anthropic({ apiKey, baseURL: fake.url, maxRetries: 0 });
}

function ask(model: string, content: Params['messages'][number]['content'], extra: Partial<Params> = {}): Params {
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

/** Tool-use ids are random per reply; everything else must match. */
function withoutIds(content: readonly Block[]): unknown[] {
  return content.map((block) => (block.type === 'tool_use' ? { ...block, id: 'toolu_x' } : { ...block }));
}

describe('FakeAnthropic: the whole Messages API through the real SDK', () => {
  let fake: FakeAnthropic;
  let client: Client;

  beforeAll(async () => {
    fake = await FakeAnthropic.start({ apiKey: API_KEY });
    client = clientFor(fake);
  });
  afterEach(() => fake.reset());
  afterAll(() => fake.close());

  describe('request blocks', () => {
    it('accepts every block type and unknown top-level fields, quoting only the text', async () => {
      const params = {
        model: HAIKU,
        max_tokens: 256,
        system: [{ type: 'text', text: 'be brief' }],
        messages: [
          { role: 'user', content: 'hi' },
          {
            role: 'assistant',
            content: [
              { type: 'thinking', thinking: 'hmm', signature: 'sig' },
              { type: 'redacted_thinking', data: 'abc' },
              { type: 'tool_use', id: 'toolu_1', name: 'get_time', input: {} },
            ],
          },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'noon', is_error: false }] },
          { role: 'assistant', content: 'It is noon.' },
          {
            role: 'user',
            content: [
              { type: 'search_result', source: 'https://example.com', title: 'T', content: [{ type: 'text', text: 'found' }] },
              { type: 'some_future_block', payload: 1 },
              { type: 'text', text: 'What now?' },
            ],
          },
        ],
        future_option: { anything: true },
      } as unknown as Params;
      const message = await client.messages.create(params);
      expect(textOf(message)).toBe(`Simulated reply from ${HAIKU} to: "What now?"`);
    });

    it.each([
      [[{ type: 'text', text: 'a' }, { text: 'no type' }], 'messages.0.content.1.type: Field required'],
      [[{ type: 'tool_result', content: 'x' }], 'messages.0.content.0.tool_use_id: Field required'],
      [
        [
          { type: 'text', text: 'a' },
          { type: 'image', source: { ...PNG, media_type: 'image/bmp' } },
        ],
        "messages.0.content.1.source.media_type: Input should be 'image/jpeg', 'image/png', 'image/gif' or 'image/webp'",
      ],
      [
        [{ type: 'tool_result', tool_use_id: 't', content: [{ type: 'image', source: { ...PNG, media_type: 'image/tiff' } }] }],
        "messages.0.content.0.content.0.source.media_type: Input should be 'image/jpeg', 'image/png', 'image/gif' or 'image/webp'",
      ],
    ])('rejects content %j with 400 and the dotted path', async (content, message) => {
      const err = await caught(client.messages.create(ask(HAIKU, content as Anthropic.ContentBlockParam[])));
      expect(err).toBeInstanceOf(Anthropic.BadRequestError);
      expect(err.type).toBe('invalid_request_error');
      expect(err.apiMessage).toBe(message);
    });

    it('rejects a system block without a type', async () => {
      const err = await caught(client.messages.create(ask(HAIKU, 'hi', { system: [{ text: 'x' }] as Anthropic.TextBlockParam[] })));
      expect(err.apiMessage).toBe('system.0.type: Field required');
    });

    it('takes url image sources with any media type', async () => {
      const image = { type: 'image', source: { type: 'url', url: 'https://example.com/a.bmp' } } as const;
      await expect(client.messages.create(ask(HAIKU, [image, { type: 'text', text: 'see' }]))).resolves.toBeDefined();
    });

    it('acknowledges images and documents, tool results included, before max_tokens cuts', async () => {
      const image = { type: 'image', source: PNG } as const;
      const params: Params = {
        model: HAIKU,
        max_tokens: 256,
        messages: [
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't', content: [{ type: 'text', text: 'shot' }, image] }] },
          { role: 'assistant', content: 'ok' },
          { role: 'user', content: [image, { type: 'document', source: PDF }, { type: 'text', text: 'Compare these' }] },
        ],
      };
      const message = await client.messages.create(params);
      expect(textOf(message)).toBe(`Simulated reply from ${HAIKU} to: "Compare these" [saw 2 images, 1 document]`);
      const short = await client.messages.create({ ...params, max_tokens: 8 });
      expect(textOf(short)).toBe(`Simulated reply from ${HAIKU} to: "Compare these" [saw`);
      expect(short.stop_reason).toBe('max_tokens');
    });
  });

  describe('tool use', () => {
    it('tool_choice any calls the first tool with input built from its schema', async () => {
      const message = await client.messages.create(ask(HAIKU, 'Weather in Paris?', { tools: [WEATHER, TIME], tool_choice: { type: 'any' } }));
      expect(message.stop_reason).toBe('tool_use');
      const [text, call] = message.content;
      expect(text).toEqual({ type: 'text', text: "I'll use the get_weather tool." });
      expect(call).toEqual({
        type: 'tool_use',
        id: expect.stringMatching(/^toolu_[0-9a-f]{24}$/) as unknown,
        name: 'get_weather',
        input: { location: 'Paris', unit: 'celsius' },
      });
    });

    it.each<[string, Partial<Params>, string | undefined]>([
      ['What time is it? Use GET_TIME', {}, 'get_time'],
      ['Please use a Tool for this', {}, 'get_weather'],
      ['Just chat with me', {}, undefined],
      ['Use get_time please', { tool_choice: { type: 'none' } }, undefined],
      ['Use get_time please', { tool_choice: { type: 'auto' } }, 'get_time'],
      ['Anything at all', { tool_choice: { type: 'tool', name: 'get_time' } }, 'get_time'],
      ['tooling is not the word', {}, undefined],
    ])('prompt %j with %j calls %s', async (prompt, extra, tool) => {
      const message = await client.messages.create(ask(HAIKU, prompt, { tools: [WEATHER, TIME], ...extra }));
      const call = message.content.find((b) => b.type === 'tool_use');
      expect(call?.type === 'tool_use' ? call.name : undefined).toBe(tool);
      expect(message.stop_reason).toBe(tool === undefined ? 'end_turn' : 'tool_use');
    });

    it('fills every property when none is required, and falls back to "simulated" without a word', async () => {
      const message = await client.messages.create(ask(HAIKU, '?!', { tools: [TIME, WEATHER], tool_choice: { type: 'any' } }));
      const call = message.content[1];
      expect(call?.type === 'tool_use' ? call.input : undefined).toEqual({ exact: true, zones: [], opts: {} });
      const weather = await client.messages.create(ask(HAIKU, '?!', { tools: [WEATHER], tool_choice: { type: 'tool', name: 'get_weather' } }));
      expect(weather.content[1]).toMatchObject({ input: { location: 'simulated', unit: 'celsius' } });
    });

    it('answers a tool_result turn in text even when a tool is forced', async () => {
      const message = await client.messages.create({
        model: HAIKU,
        max_tokens: 256,
        tools: [WEATHER],
        tool_choice: { type: 'any' },
        messages: [
          { role: 'user', content: 'Weather in Paris? use the tool' },
          { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { location: 'Paris' } }] },
          {
            role: 'user',
            content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: [{ type: 'text', text: `Sunny,   ${'warm '.repeat(20)}` }] }],
          },
        ],
      });
      expect(message.content).toEqual([{ type: 'text', text: `Simulated reply from ${HAIKU} using the tool result: "Sunny, ${'warm '.repeat(10)}war"` }]);
      expect(message.stop_reason).toBe('end_turn');
    });

    it('streams a tool call that finalMessage() rebuilds, thinking included', async () => {
      const params = ask(SONNET, 'use get_weather for Oslo', {
        tools: [WEATHER],
        max_tokens: 2048,
        thinking: { type: 'adaptive' },
      });
      const plain = await client.messages.create(params);
      expect(plain.content.map((b) => b.type)).toEqual(['thinking', 'text', 'tool_use']);
      const final = await client.messages.stream(params).finalMessage();
      expect(withoutIds(final.content)).toEqual(withoutIds(plain.content));
      expect(final.stop_reason).toBe('tool_use');
      expect(final.usage).toEqual(plain.usage);
    });
  });

  describe('scripted content', () => {
    const citation = {
      type: 'char_location',
      cited_text: 'The sky is blue.',
      document_index: 0,
      document_title: 'Sky facts',
      start_char_index: 0,
      end_char_index: 16,
      file_id: null,
    };
    const scripted = [
      { type: 'thinking', thinking: 'Two lookups and a search should settle this.', signature: 'sig_scripted' },
      { type: 'text', text: 'The sky is blue, says the document.', citations: [citation, { ...citation, start_char_index: 4 }] },
      { type: 'text', text: 'Checking the weather first.' },
      { type: 'tool_use', id: 'toolu_01', name: 'get_weather', input: { location: 'San Francisco, CA', unit: 'celsius', days: [1, 2] } },
      { type: 'text', text: 'And the time.' },
      { type: 'tool_use', id: 'toolu_02', name: 'get_time', input: { zones: ['America/Los_Angeles'], exact: true } },
      {
        type: 'web_search_tool_result',
        tool_use_id: 'srvtoolu_01',
        content: [{ type: 'web_search_result', title: 'Weather', url: 'https://example.com/w', encrypted_content: 'enc', page_age: null }],
      },
    ];

    it('answers exactly the scripted blocks, stop_reason tool_use, and the stream rebuilds them', async () => {
      fake.setFault(HAIKU, { content: scripted });
      const plain = await client.messages.create(ask(HAIKU, 'hi', { max_tokens: 3 }));
      expect(plain.content).toEqual(scripted);
      expect(plain.stop_reason).toBe('tool_use');

      const final = await client.messages.stream(ask(HAIKU, 'hi', { max_tokens: 3 })).finalMessage();
      expect(final.content).toEqual(plain.content);
      expect(final.stop_reason).toBe('tool_use');
      expect(final.usage).toEqual(plain.usage);
    });

    it('streams citations, thinking, partial JSON pieces and whole blocks as the real API does', async () => {
      fake.setFault(HAIKU, { content: scripted });
      const stream = await client.messages.create({ ...ask(HAIKU, 'hi'), stream: true });
      const starts: unknown[] = [];
      const pieces = new Map<number, string[]>();
      const citations: unknown[] = [];
      const deltaKinds = new Map<number, string[]>();
      for await (const event of stream) {
        if (event.type === 'content_block_start') starts.push(event.content_block);
        if (event.type !== 'content_block_delta') continue;
        deltaKinds.set(event.index, [...(deltaKinds.get(event.index) ?? []), event.delta.type]);
        if (event.delta.type === 'citations_delta') citations.push(event.delta.citation);
        if (event.delta.type === 'input_json_delta') {
          pieces.set(event.index, [...(pieces.get(event.index) ?? []), event.delta.partial_json]);
        }
      }
      expect(starts).toEqual([
        { type: 'thinking', thinking: '', signature: '' },
        { type: 'text', text: '' },
        { type: 'text', text: '' },
        { type: 'tool_use', id: 'toolu_01', name: 'get_weather', input: {} },
        { type: 'text', text: '' },
        { type: 'tool_use', id: 'toolu_02', name: 'get_time', input: {} },
        scripted[6],
      ]);
      expect(citations).toEqual(scripted[1]?.citations);
      expect(deltaKinds.get(1)?.slice(0, 3)).toEqual(['citations_delta', 'citations_delta', 'text_delta']);
      expect(deltaKinds.get(0)?.at(-1)).toBe('signature_delta');
      expect(deltaKinds.has(6)).toBe(false);

      const weather = pieces.get(3) ?? [];
      expect(weather.join('')).toBe(JSON.stringify(scripted[3]?.input));
      expect(weather.length).toBeGreaterThan(3);
      for (const piece of weather) expect(piece.length).toBeLessThanOrEqual(7);
      // Pieces cut through keys and strings, as the real API's do.
      expect(weather.slice(0, 3)).toEqual(['{"locat', 'ion":"S', 'an Fran']);
      expect((pieces.get(5) ?? []).join('')).toBe(JSON.stringify(scripted[5]?.input));
    });

    it('takes stop_reason from the fault, and end_turn without a tool_use', async () => {
      fake.setFault(HAIKU, {
        content: [
          { type: 'redacted_thinking', data: 'xyz' },
          { type: 'text', text: 'done' },
        ],
        times: 1,
      });
      const plain = await client.messages.create(ask(HAIKU, 'hi'));
      expect(plain.content).toEqual([
        { type: 'redacted_thinking', data: 'xyz' },
        { type: 'text', text: 'done' },
      ]);
      expect(plain.stop_reason).toBe('end_turn');
      fake.setFault(HAIKU, { content: scripted, stopReason: 'pause_turn' });
      expect((await client.messages.create(ask(HAIKU, 'hi'))).stop_reason).toBe('pause_turn');
    });

    it('usage overrides win, streamed or not', async () => {
      fake.setFault(HAIKU, { usage: { input_tokens: 250_000, cache_read_input_tokens: 10 } });
      const plain = await client.messages.create(ask(HAIKU, 'hi'));
      expect(plain.usage).toMatchObject({ input_tokens: 250_000, cache_read_input_tokens: 10, cache_creation_input_tokens: 0 });
      expect(plain.usage.output_tokens).toBeGreaterThan(0);
      const final = await client.messages.stream(ask(HAIKU, 'hi')).finalMessage();
      expect(final.usage).toEqual(plain.usage);
    });
  });

  describe('prompt caching', () => {
    const longSystem = (cacheControl: Anthropic.CacheControlEphemeral): Anthropic.TextBlockParam[] => [
      { type: 'text', text: 'S'.repeat(4000), cache_control: cacheControl },
    ];

    it('writes a prefix once, then reads it, and reset() forgets it', async () => {
      const params = ask(HAIKU, 'hello', { system: longSystem({ type: 'ephemeral' }) });
      const first = await client.messages.create(params);
      expect(first.usage).toEqual({
        input_tokens: Math.ceil(4005 / 4) - 1000,
        output_tokens: first.usage.output_tokens,
        cache_creation_input_tokens: 1000,
        cache_read_input_tokens: 0,
        cache_creation: { ephemeral_5m_input_tokens: 1000, ephemeral_1h_input_tokens: 0 },
      });
      const second = await client.messages.create(ask(HAIKU, 'a different question', { system: longSystem({ type: 'ephemeral' }) }));
      expect(second.usage).toMatchObject({
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 1000,
        input_tokens: Math.ceil('a different question'.length / 4),
        cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 },
      });
      const streamed = await client.messages.stream(params).finalMessage();
      expect(streamed.usage.cache_read_input_tokens).toBe(1000);

      await expect(client.messages.create({ ...params, model: SONNET })).resolves.toMatchObject({
        usage: { cache_creation_input_tokens: 1000 },
      });
      fake.reset();
      expect((await client.messages.create(params)).usage.cache_creation_input_tokens).toBe(1000);
    });

    it("splits writes by the breakpoint's ttl and reads the previous turn's prefix", async () => {
      const tools = [{ ...WEATHER, cache_control: { type: 'ephemeral', ttl: '1h' } }] as Anthropic.Tool[];
      const toolTokens = Math.ceil(JSON.stringify(WEATHER).length / 4);
      const turn1: Params = {
        ...ask(HAIKU, [{ type: 'text', text: 'Q'.repeat(400), cache_control: { type: 'ephemeral' } }]),
        tools,
      };
      const first = await client.messages.create(turn1);
      const firstTotal = Math.ceil((JSON.stringify(WEATHER).length + 400) / 4);
      expect(first.usage.cache_creation).toEqual({
        ephemeral_1h_input_tokens: toolTokens,
        ephemeral_5m_input_tokens: firstTotal - toolTokens,
      });
      expect(first.usage.input_tokens).toBe(0);

      const turn2: Params = {
        ...turn1,
        messages: [
          { role: 'user', content: [{ type: 'text', text: 'Q'.repeat(400) }] },
          { role: 'assistant', content: 'A'.repeat(400) },
          { role: 'user', content: [{ type: 'text', text: 'more', cache_control: { type: 'ephemeral' } }] },
        ],
      };
      const second = await client.messages.create(turn2);
      expect(second.usage.cache_read_input_tokens).toBe(firstTotal);
      expect(second.usage.cache_creation_input_tokens).toBe(Math.ceil((JSON.stringify(WEATHER).length + 804) / 4) - firstTotal);
      const count = await client.messages.countTokens(turn2);
      const { input_tokens: input, cache_read_input_tokens: read, cache_creation_input_tokens: written } = second.usage;
      expect(input + (read ?? 0) + (written ?? 0)).toBe(count.input_tokens);
    });
  });

  describe('count_tokens', () => {
    it('estimates text, tools, images and documents without max_tokens, like the replies do', async () => {
      const params = {
        model: HAIKU,
        system: 'x'.repeat(40),
        tools: [WEATHER],
        messages: [
          {
            role: 'user' as const,
            content: [
              { type: 'image' as const, source: PNG },
              { type: 'document' as const, source: PDF },
              { type: 'text' as const, text: 'What is in these?' },
            ],
          },
        ],
      };
      const counted = await client.messages.countTokens(params);
      const expected = Math.ceil((40 + JSON.stringify(WEATHER).length + 'What is in these?'.length) / 4) + 1600 + 2000;
      expect(counted).toEqual({ input_tokens: expected });
      const message = await client.messages.create({ ...params, max_tokens: 100 });
      expect(message.usage.input_tokens).toBe(expected);
    });

    it('is recorded with its path and counted apart from calls()', async () => {
      await client.messages.countTokens({ model: HAIKU, messages: [{ role: 'user', content: 'hello world!' }] });
      await client.messages.countTokens({ model: SONNET, messages: [{ role: 'user', content: 'hi' }] });
      await client.messages.create(ask(HAIKU, 'hi'));
      expect(fake.requests.map((r) => r.path)).toEqual(['/v1/messages/count_tokens', '/v1/messages/count_tokens', '/v1/messages']);
      expect(fake.calls()).toBe(1);
      expect(fake.countTokensCalls()).toBe(2);
      expect(fake.countTokensCalls(HAIKU)).toBe(1);
      expect(fake.countTokensCalls('*')).toBe(2);
    });

    it('checks auth and blocks, and applies status, delay and hang faults', async () => {
      const body = { model: HAIKU, messages: [{ role: 'user' as const, content: 'hi' }] };
      await expect(clientFor(fake, 'wrong').messages.countTokens(body)).rejects.toBeInstanceOf(Anthropic.AuthenticationError);
      const noToolUseId = { ...body, messages: [{ role: 'user', content: [{ type: 'tool_result' }] }] } as unknown as typeof body;
      const invalid = await caught(client.messages.countTokens(noToolUseId));
      expect(invalid.apiMessage).toBe('messages.0.content.0.tool_use_id: Field required');

      fake.setFault(HAIKU, { status: 529, times: 1 });
      await expect(client.messages.countTokens(body)).rejects.toBeInstanceOf(Anthropic.OverloadedError);
      fake.setFault(HAIKU, { delayMs: 120, times: 1 });
      const started = Date.now();
      await expect(client.messages.countTokens(body)).resolves.toEqual({ input_tokens: 1 });
      expect(Date.now() - started).toBeGreaterThanOrEqual(110);
      fake.setFault(HAIKU, { hang: true });
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 50);
      await expect(client.messages.countTokens(body, { signal: controller.signal })).rejects.toBeInstanceOf(Anthropic.APIUserAbortError);
      await fake.waitForAborted(1, HAIKU);
      expect(fake.countTokensCalls(HAIKU)).toBe(5);
    });

    it('answers 404 for a model outside knownModels', async () => {
      const strict = await FakeAnthropic.start({ knownModels: [HAIKU] });
      try {
        const strictClient = clientFor(strict);
        await expect(strictClient.messages.countTokens({ model: HAIKU, messages: [{ role: 'user', content: 'hi' }] })).resolves.toEqual({
          input_tokens: 1,
        });
        const err = await caught(strictClient.messages.countTokens({ model: SONNET, messages: [{ role: 'user', content: 'hi' }] }));
        expect(err).toBeInstanceOf(Anthropic.NotFoundError);
        expect(err.apiMessage).toBe(`model: ${SONNET}`);
      } finally {
        await strict.close();
      }
    });
  });
});
