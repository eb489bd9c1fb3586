import {
  buildReply,
  buildToolInput,
  estimateInputTokens,
  FaultTable,
  messageBody,
  parseCountTokensRequest,
  parseMessagesRequest,
  plannedToolCall,
  PromptCache,
  streamEvents,
  withUsage,
  type MessagesRequest,
  type Reply,
  type RequestBlock,
} from '../../src/simulator';

const MODEL = 'claude-haiku-4-5-20251001';

function request(overrides: Partial<MessagesRequest> = {}): MessagesRequest {
  return {
    model: MODEL,
    maxTokens: 100,
    messages: [{ role: 'user', text: 'hello there' }],
    systemText: '',
    stopSequences: [],
    thinking: false,
    stream: false,
    ...overrides,
  };
}

function userBlocks(...blocks: RequestBlock[]): MessagesRequest {
  const text = blocks.flatMap((b) => (b.type === 'text' && typeof b['text'] === 'string' ? [b['text']] : [])).join('\n');
  return request({ messages: [{ role: 'user', text, blocks }] });
}

function parsed(body: Record<string, unknown>): MessagesRequest {
  const result = parseMessagesRequest({ model: 'm', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }], ...body });
  if (!result.ok) throw new Error(result.message);
  return result.request;
}

const image: RequestBlock = { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'x' } };
const pdf: RequestBlock = { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'x' } };

describe('parsing the rest of the Messages API', () => {
  it('reads tools, tool_choice and system strings, and ignores unknown fields', () => {
    const tool = { name: 'search', input_schema: { type: 'object' }, cache_control: { type: 'ephemeral' } };
    const result = parsed({ system: 'sys', tools: [tool, 'junk'], tool_choice: { type: 'tool', name: 'search' }, metadata: { user_id: 'u' } });
    expect(result.tools).toEqual([{ name: 'search', definition: tool }]);
    expect(result.toolChoice).toEqual({ type: 'tool', name: 'search' });
    expect(result.systemBlocks).toEqual([{ type: 'text', text: 'sys' }]);
    expect(parsed({ tool_choice: { type: 'sometimes' } }).toolChoice).toBeUndefined();
  });

  it.each([
    [{ type: 'enabled', budget_tokens: 1024 }, true],
    [{ type: 'adaptive' }, true],
    [{ type: 'disabled' }, false],
    [undefined, false],
  ])('thinking %j is %s', (thinking, on) => {
    expect(parsed(thinking === undefined ? {} : { thinking }).thinking).toBe(on);
  });

  it('count_tokens needs no max_tokens; messages does', () => {
    const body = { model: 'm', messages: [{ role: 'user', content: 'hi' }], stream: true };
    expect(parseCountTokensRequest(body)).toMatchObject({ ok: true, request: { maxTokens: 0, stream: false } });
    expect(parseMessagesRequest(body)).toEqual({ ok: false, message: 'max_tokens: Input should be a positive integer' });
  });

  it.each([
    [[{ type: 'text', text: 'a' }, 'oops'], 'messages.0.content.1: Input should be a valid dictionary or object to extract fields from'],
    [[{ type: 7 }], 'messages.0.content.0.type: Input should be a valid string'],
    [
      [{ type: 'image', source: { type: 'base64', media_type: 'application/pdf', data: 'x' } }],
      /content\.0\.source\.media_type: Input should be 'image\/jpeg'/,
    ],
  ])('rejects blocks %j', (content, message) => {
    const result = parseMessagesRequest({ model: 'm', max_tokens: 5, messages: [{ role: 'user', content }] });
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.message).toMatch(message);
  });
});

describe('buildToolInput', () => {
  const schema = {
    type: 'object',
    properties: {
      city: { type: 'string' },
      count: { type: 'number' },
      limit: { type: 'integer' },
      exact: { type: 'boolean' },
      tags: { type: 'array', items: { type: 'string' } },
      filter: { type: 'object' },
      unit: { type: 'string', enum: ['kelvin', 'celsius'] },
      note: { type: ['string', 'null'] },
    },
  };

  it('gives every property a value of its type when none is required', () => {
    expect(buildToolInput(schema, 'Weather in São Paulo, tomorrow?')).toEqual({
      city: 'Paulo',
      count: 1,
      limit: 1,
      exact: true,
      tags: [],
      filter: {},
      unit: 'kelvin',
      note: 'Paulo',
    });
  });

  it('a string is the last name inside a sentence (not a sentence-opening word), else the last word', () => {
    const city = { type: 'object', properties: { city: { type: 'string' } } };
    expect(buildToolInput(city, "What's the weather in Paris? Use the tool.")).toEqual({ city: 'Paris' });
    expect(buildToolInput(city, 'weather in rome tomorrow')).toEqual({ city: 'tomorrow' });
  });

  it('only the required ones when some are, and "simulated" for a prompt without words', () => {
    expect(buildToolInput({ ...schema, required: ['city', 'unit'] }, '...')).toEqual({ city: 'simulated', unit: 'kelvin' });
  });

  it('an empty object without a schema', () => {
    expect(buildToolInput(undefined, 'x')).toEqual({});
  });
});

describe('plannedToolCall', () => {
  const tools = [
    { name: 'alpha', definition: { name: 'alpha', input_schema: { properties: { q: { type: 'string' } } } } },
    { name: 'beta', definition: { name: 'beta' } },
  ];
  const withPrompt = (text: string, extra: Partial<MessagesRequest> = {}): MessagesRequest => request({ messages: [{ role: 'user', text }], tools, ...extra });

  it.each<[string, Partial<MessagesRequest>, string | undefined]>([
    ['call BETA now', {}, 'beta'],
    ['call beta and alpha', {}, 'alpha'],
    ['a TOOL please', {}, 'alpha'],
    ['nothing relevant', {}, undefined],
    ['nothing relevant', { toolChoice: { type: 'any' } }, 'alpha'],
    ['mention alpha', { toolChoice: { type: 'tool', name: 'beta' } }, 'beta'],
    ['use a tool, alpha', { toolChoice: { type: 'none' } }, undefined],
    ['use a tool', { tools: [] }, undefined],
  ])('%j with %j -> %s', (text, extra, name) => {
    expect(plannedToolCall(withPrompt(text, extra))?.name).toBe(name);
  });

  it('never after a tool_result turn', () => {
    const turn = userBlocks({ type: 'tool_result', tool_use_id: 't', content: 'done' }, { type: 'text', text: 'use alpha' });
    expect(plannedToolCall({ ...turn, tools, toolChoice: { type: 'any' } })).toBeUndefined();
  });

  it('builds the input from the chosen tool', () => {
    expect(plannedToolCall(withPrompt('alpha: find kittens'))).toEqual({ name: 'alpha', input: { q: 'kittens' } });
  });
});

describe('buildReply with blocks', () => {
  it.each([
    [[image], ' [saw 1 image]'],
    [[pdf], ' [saw 1 document]'],
    [[image, image, pdf, { type: 'tool_result', tool_use_id: 't', content: [pdf] }], ' [saw 2 images, 2 documents]'],
  ])('acknowledges media %#', (media, note) => {
    const earlier = { role: 'user' as const, text: '', blocks: media as RequestBlock[] };
    const reply = buildReply(request({ messages: [earlier, { role: 'assistant', text: 'ok' }, { role: 'user', text: 'look' }] }));
    expect(reply.content).toEqual([{ type: 'text', text: `Simulated reply from ${MODEL} to: "look"${note}` }]);
  });

  it('a stop sequence can cut the acknowledgement, which comes before stops are applied', () => {
    const reply = buildReply({ ...userBlocks(image, { type: 'text', text: 'hi' }), stopSequences: ['image]'] });
    expect(reply.content).toEqual([{ type: 'text', text: `Simulated reply from ${MODEL} to: "hi" [saw 1 ` }]);
    expect(reply.stopReason).toBe('stop_sequence');
  });

  it('a fault text replaces the simulated answer, tool call included', () => {
    const tools = [{ name: 'alpha', definition: { name: 'alpha' } }];
    const reply = buildReply(request({ tools, toolChoice: { type: 'any' } }), { text: 'No.' });
    expect(reply.content).toEqual([{ type: 'text', text: 'No.' }]);
    expect(reply.stopReason).toBe('end_turn');
  });

  it('a tool call cut short by max_tokens is not made', () => {
    const tools = [{ name: 'alpha', definition: { name: 'alpha' } }];
    const reply = buildReply(request({ tools, toolChoice: { type: 'any' }, maxTokens: 2 }));
    expect(reply.content).toEqual([{ type: 'text', text: "I'll use" }]);
    expect(reply.stopReason).toBe('max_tokens');
  });

  it('scripted content is returned unchanged and ignores stops', () => {
    const content = [
      { type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: { query: 'q' } },
      { type: 'text', text: 'a b c' },
    ];
    const reply = buildReply(request({ maxTokens: 1, stopSequences: ['b'] }), { content });
    expect(messageBody(reply)['content']).toEqual(content);
    expect(reply.stopReason).toBe('end_turn');
    expect(reply.outputTokens).toBe(3 + Math.ceil(JSON.stringify({ query: 'q' }).length / 4));
  });

  it('estimates input from text, tool calls, tool results, tools and media', () => {
    const req = {
      ...userBlocks(
        { type: 'text', text: 'abcd' },
        { type: 'tool_use', id: 't', name: 'f', input: { a: 1 } },
        { type: 'tool_result', tool_use_id: 't', content: [{ type: 'text', text: 'result' }, image] },
        pdf,
      ),
      tools: [{ name: 'f', definition: { name: 'f', cache_control: { type: 'ephemeral' } } }],
    };
    const chars = 4 + 1 + '{"a":1}'.length + 'result'.length + '{"name":"f"}'.length;
    expect(estimateInputTokens(req)).toBe(Math.ceil(chars / 4) + 1600 + 2000);
    expect(buildReply(req).inputTokens).toBe(estimateInputTokens(req));
  });
});

describe('streamEvents for any block', () => {
  function blockEvents(content: Reply['content']): Array<{ event: string; data: Record<string, unknown> }> {
    const reply: Reply = { id: 'msg_1', model: MODEL, content, stopReason: 'end_turn', stopSequence: null, inputTokens: 1, outputTokens: 1 };
    return streamEvents(reply).filter((e) => e.event.startsWith('content_block'));
  }

  it.each(['tool_use', 'server_tool_use', 'mcp_tool_use'])('%s input arrives as partial JSON of at most 7 characters', (type) => {
    const input = { query: 'a fairly long search query', page: 2 };
    const events = blockEvents([{ type, id: 'x', name: 'n', input }]);
    expect(events[0]?.data['content_block']).toEqual({ type, id: 'x', name: 'n', input: {} });
    const pieces = events.flatMap((e) => {
      const delta = e.data['delta'] as { type: string; partial_json?: string } | undefined;
      return delta?.type === 'input_json_delta' ? [delta.partial_json ?? ''] : [];
    });
    expect(pieces.join('')).toBe(JSON.stringify(input));
    expect(pieces.length).toBe(Math.ceil(JSON.stringify(input).length / 7));
    expect(pieces.every((p) => p.length <= 7)).toBe(true);
  });

  it('blocks without deltas arrive whole, and a tool_use without an object input too', () => {
    const blocks = [
      { type: 'redacted_thinking', data: 'abc' },
      { type: 'container_upload', file_id: 'f' },
      { type: 'tool_use', input: 'odd' },
    ];
    const events = blockEvents(blocks);
    expect(events.map((e) => e.event)).toEqual(Array(3).fill(['content_block_start', 'content_block_stop']).flat());
    expect(events.filter((e) => e.event === 'content_block_start').map((e) => e.data['content_block'])).toEqual(blocks);
  });

  it('text with citations starts empty and sends one citations_delta per citation before the text', () => {
    const citations = [{ type: 'page_location', cited_text: 'x', document_index: 0, start_page_number: 1, end_page_number: 2 }];
    const events = blockEvents([{ type: 'text', text: 'cited words', citations }]);
    expect(events[0]?.data['content_block']).toEqual({ type: 'text', text: '' });
    expect(events[1]?.data['delta']).toEqual({ type: 'citations_delta', citation: citations[0] });
    expect(events[2]?.data['delta']).toEqual({ type: 'text_delta', text: 'cited words' });
  });

  it('thinking starts with an empty signature and ends with one signature_delta', () => {
    const events = blockEvents([{ type: 'thinking', thinking: 'so', signature: 'sig_1' }]);
    expect(events[0]?.data['content_block']).toEqual({ type: 'thinking', thinking: '', signature: '' });
    expect(events.at(-2)?.data['delta']).toEqual({ type: 'signature_delta', signature: 'sig_1' });
  });
});

describe('PromptCache', () => {
  const cached = (text: string, ttl?: '1h'): RequestBlock => ({
    type: 'text',
    text,
    cache_control: ttl === undefined ? { type: 'ephemeral' } : { type: 'ephemeral', ttl },
  });

  it('without breakpoints reports nothing', () => {
    expect(new PromptCache().observe(request())).toBeUndefined();
  });

  it('writes, then reads the same prefix; another model has its own cache', () => {
    const cache = new PromptCache();
    const req = request({ systemText: 'x', systemBlocks: [cached('s'.repeat(400))] });
    expect(cache.observe(req)).toEqual({ creationInputTokens: 100, readInputTokens: 0, ephemeral5mInputTokens: 100, ephemeral1hInputTokens: 0 });
    expect(cache.observe(req)).toEqual({ creationInputTokens: 0, readInputTokens: 100, ephemeral5mInputTokens: 0, ephemeral1hInputTokens: 0 });
    expect(cache.observe({ ...req, model: 'other' })?.creationInputTokens).toBe(100);
    cache.clear();
    expect(cache.observe(req)?.readInputTokens).toBe(0);
  });

  it('splits a write between a 1h and a 5m breakpoint', () => {
    const req = request({ systemText: 'x', systemBlocks: [cached('a'.repeat(400), '1h'), cached('b'.repeat(800))] });
    expect(new PromptCache().observe(req)).toEqual({
      creationInputTokens: 300,
      readInputTokens: 0,
      ephemeral5mInputTokens: 200,
      ephemeral1hInputTokens: 100,
    });
  });

  it('finds an earlier entry at most 20 blocks back', () => {
    const cache = new PromptCache();
    const head = [cached('h'.repeat(40))];
    cache.observe(request({ systemBlocks: head }));
    const filler = (n: number): RequestBlock[] => Array.from({ length: n }, (_, i) => ({ type: 'text', text: `f${i}` }));
    const near = cache.observe(request({ systemBlocks: [{ type: 'text', text: 'h'.repeat(40) }, ...filler(18), cached('end')] }));
    expect(near?.readInputTokens).toBe(10);
    const far = cache.observe(request({ systemBlocks: [{ type: 'text', text: 'h'.repeat(40) }, ...filler(25), cached('tail')] }));
    expect(far?.readInputTokens).toBe(0);
  });
});

describe('withUsage', () => {
  const reply = buildReply(request());
  const cache = { creationInputTokens: 0, readInputTokens: 0, ephemeral5mInputTokens: 0, ephemeral1hInputTokens: 0 };

  it('takes cache writes and reads out of input_tokens', () => {
    const seen = { ...cache, creationInputTokens: 30, ephemeral5mInputTokens: 30, readInputTokens: 15 };
    const usage = messageBody(withUsage({ ...reply, inputTokens: 50 }, seen))['usage'];
    expect(usage).toMatchObject({ input_tokens: 5, cache_creation_input_tokens: 30, cache_read_input_tokens: 15 });
  });

  it('overrides keep the lifetime the prompt asked for', () => {
    const oneHour = { ...cache, creationInputTokens: 10, ephemeral1hInputTokens: 10 };
    const result = withUsage(reply, oneHour, { cache_creation_input_tokens: 500, output_tokens: 9 });
    expect(result.cache).toEqual({ creationInputTokens: 500, readInputTokens: 0, ephemeral5mInputTokens: 0, ephemeral1hInputTokens: 500 });
    expect(result.outputTokens).toBe(9);
    expect(withUsage(reply, undefined, { input_tokens: 7 })).toEqual({ ...reply, inputTokens: 7 });
  });
});

describe('FaultTable content and usage', () => {
  it('copies scripted content deeply', () => {
    const table = new FaultTable();
    const content = [{ type: 'tool_use', id: 't', name: 'n', input: { a: 1 } }];
    table.set('m', { content, usage: { input_tokens: 5 } });
    content[0]!.input.a = 2;
    expect(table.take('m')?.content).toEqual([{ type: 'tool_use', id: 't', name: 'n', input: { a: 1 } }]);
  });

  it('rejects blocks without a type and negative usage', () => {
    expect(() => new FaultTable().set('m', { content: [{ text: 'x' }] })).toThrow(TypeError);
    expect(() => new FaultTable().set('m', { usage: { output_tokens: -1 } })).toThrow(RangeError);
  });
});
