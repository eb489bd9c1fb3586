import { toStruct } from '../../src/transport/grpc/struct';
import type { CompleteRequest } from '../../src/generated/modelrouter/v1/CompleteRequest';
import { blockJson, pb, reassemble } from '../fakes/protoBlocks';
import { ask, startHarness, type Harness } from '../fakes/routerHarness';

const SONNET4 = 'claude-sonnet-4-20250514';
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF');
const b64 = (buf: Buffer) => buf.toString('base64');

const WEATHER_SCHEMA = { type: 'object', properties: { location: { type: 'string' } }, required: ['location'] };

describe('content blocks through the router (gRPC <-> Messages API)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());
  beforeEach(() => h.fake.reset());

  const body = (i = 0): Record<string, unknown> => h.fake.requests[i]?.body ?? {};

  it('every block type, tool, tool_choice, system block, cache_control, top_k, user_id, beta and extra field reaches upstream exactly', async () => {
    const request: CompleteRequest = {
      task: 'general',
      max_tokens: 4096,
      system_blocks: [pb.text('You are careful.', { cache_control: { type: 'ephemeral', ttl: '1h' } })],
      messages: [
        {
          role: 'user',
          blocks: [
            pb.text('Look at these.'),
            pb.image(PNG),
            pb.imageUrl('https://example.com/cat.png'),
            pb.pdf(PDF, 'Report', 'Q3 figures', true),
            pb.textDocument('plain notes'),
          ],
        },
        {
          role: 'assistant',
          blocks: [
            pb.thinking('Let me check.', 'sig-abc'),
            pb.redacted('opaque=='),
            pb.text('Checking.'),
            pb.toolUse('toolu_1', 'get_weather', { location: 'Paris', days: 2, metric: true, tags: ['a', null] }),
          ],
        },
        {
          role: 'user',
          blocks: [
            pb.toolResult('toolu_1', [pb.text('15 degrees'), pb.image(PNG, 'image/webp')], true),
            pb.raw({ type: 'search_result', source: 'https://x.test', title: 'T', content: [{ type: 'text', text: 'r' }] }),
            { ...pb.text('And now?'), cache_control: { type: 'ephemeral', ttl: '' } },
          ],
        },
      ],
      tools: [
        { name: 'get_weather', description: 'Weather now', input_schema: toStruct(WEATHER_SCHEMA), cache_control: { type: 'ephemeral', ttl: '' } },
        { type: 'text_editor_20250429', name: 'str_replace_based_edit_tool', options: toStruct({ max_characters: 10000 }) },
      ],
      tool_choice: { type: 'auto', disable_parallel_tool_use: true },
      top_k: 40,
      user_id: 'user-42',
      betas: ['files-api-2025-04-14', 'interleaved-thinking-2025-05-14'],
      extra: toStruct({ service_tier: 'standard_only' }),
    };
    const res = await h.complete(request);
    expect(res.model).toBe(SONNET4);
    expect(body()).toEqual({
      model: SONNET4,
      max_tokens: 4096,
      system: [{ type: 'text', text: 'You are careful.', cache_control: { type: 'ephemeral', ttl: '1h' } }],
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Look at these.' },
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: b64(PNG) } },
            { type: 'image', source: { type: 'url', url: 'https://example.com/cat.png' } },
            {
              type: 'document',
              source: { type: 'base64', media_type: 'application/pdf', data: b64(PDF) },
              title: 'Report',
              context: 'Q3 figures',
              citations: { enabled: true },
            },
            { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'plain notes' } },
          ],
        },
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'Let me check.', signature: 'sig-abc' },
            { type: 'redacted_thinking', data: 'opaque==' },
            { type: 'text', text: 'Checking.' },
            { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { location: 'Paris', days: 2, metric: true, tags: ['a', null] } },
          ],
        },
        {
          role: 'user',
          content: [
            {
              type: 'tool_result',
              tool_use_id: 'toolu_1',
              is_error: true,
              content: [
                { type: 'text', text: '15 degrees' },
                { type: 'image', source: { type: 'base64', media_type: 'image/webp', data: b64(PNG) } },
              ],
            },
            { type: 'search_result', source: 'https://x.test', title: 'T', content: [{ type: 'text', text: 'r' }] },
            { type: 'text', text: 'And now?', cache_control: { type: 'ephemeral' } },
          ],
        },
      ],
      tools: [
        { name: 'get_weather', description: 'Weather now', input_schema: WEATHER_SCHEMA, cache_control: { type: 'ephemeral' } },
        { type: 'text_editor_20250429', name: 'str_replace_based_edit_tool', max_characters: 10000 },
      ],
      tool_choice: { type: 'auto', disable_parallel_tool_use: true },
      top_k: 40,
      metadata: { user_id: 'user-42' },
      service_tier: 'standard_only',
      // Complete streams from upstream too (upstream.stream_complete), for its first-token limit and rescue.
      stream: true,
    });
    expect(h.fake.requests[0]?.headers['anthropic-beta']).toBe('files-api-2025-04-14,interleaved-thinking-2025-05-14');
  });

  // What the real API sends back: thinking, redacted thinking, cited text, a server tool and its result, tool calls.
  const ANSWER = [
    { type: 'thinking', thinking: 'Considering the report.', signature: 'sig-1' },
    { type: 'redacted_thinking', data: 'EncryptedStuff==' },
    {
      type: 'text',
      text: 'Per the report, sales rose.',
      citations: [{ type: 'char_location', cited_text: 'sales rose', document_index: 0, document_title: 'Report', start_char_index: 0, end_char_index: 10 }],
    },
    { type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: { query: 'paris weather' } },
    {
      type: 'web_search_tool_result',
      tool_use_id: 'srvtoolu_1',
      content: [{ type: 'web_search_result', url: 'https://w.test', title: 'W', encrypted_content: 'xyz', page_age: null }],
    },
    { type: 'tool_use', id: 'toolu_9', name: 'get_weather', input: { location: 'Paris' } },
    // A field the proto's ToolUseBlock lacks: the block travels as raw so nothing is lost.
    { type: 'tool_use', id: 'toolu_10', name: 'get_weather', input: { location: 'Rome' }, caller: { type: 'direct' } },
    { type: 'text', text: ' Done.' },
  ];

  it('every upstream block reaches a Complete caller exactly, in order, unknown types and unknown fields as raw', async () => {
    h.fake.setFault(SONNET4, { content: ANSWER });
    const res = await h.complete(ask('report and weather', { task: 'general' }));
    expect(res.content.map(blockJson)).toEqual(ANSWER);
    expect(res.content.map((b) => b.block)).toEqual(['thinking', 'redacted_thinking', 'text', 'raw', 'raw', 'tool_use', 'raw', 'text']);
    expect(res.text).toBe('Per the report, sales rose. Done.');
    expect(res.thinking).toBe('Considering the report.');
    expect(res.stop_reason).toBe('tool_use');
  });

  it('the same blocks stream with indices, block starts and stops, and done holds them whole (citations included)', async () => {
    h.fake.setFault(SONNET4, { content: ANSWER });
    const chunks = await h.collect(ask('report and weather', { task: 'general' }));
    const done = chunks.at(-1)?.done;
    expect(done?.content.map(blockJson)).toEqual(ANSWER);
    // Citations arrive only in done: the chunk stream carries text, thinking, signatures and input JSON.
    const withoutCitations = ANSWER.map((b) => (b.type === 'text' ? { type: 'text', text: b.text } : b));
    expect(reassemble(chunks)).toEqual(withoutCitations);
    const starts = chunks.filter((c) => c.event === 'block_start').map((c) => c.index);
    const stops = chunks.filter((c) => c.event === 'block_stop').map((c) => c.index);
    expect(starts).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(stops).toEqual(starts);
    expect(chunks.some((c) => c.event === 'signature_delta' && c.index === 0 && c.signature_delta === 'sig-1')).toBe(true);
  });

  it('a stream with two tool_use blocks interleaved with text: indices and partial JSON reassemble exactly', async () => {
    const content = [
      { type: 'text', text: 'Checking both cities.' },
      { type: 'tool_use', id: 'toolu_A', name: 'get_weather', input: { location: 'Paris', units: 'metric' } },
      { type: 'text', text: ' And also:' },
      { type: 'tool_use', id: 'toolu_B', name: 'get_weather', input: { location: 'Rome', days: [1, 2, 3], detail: { hourly: true } } },
    ];
    h.fake.setFault(SONNET4, { content });
    const chunks = await h.collect(
      ask('weather in Paris and Rome', { task: 'general', tools: [{ name: 'get_weather', input_schema: toStruct(WEATHER_SCHEMA) }] }),
    );
    const pieces = (index: number) => chunks.filter((c) => c.event === 'input_json_delta' && c.index === index).length;
    expect(pieces(1)).toBeGreaterThan(2);
    expect(pieces(3)).toBeGreaterThan(2);
    expect(chunks.filter((c) => c.event === 'block_start').map((c) => [c.index, c.block_start?.block])).toEqual([
      [0, 'text'],
      [1, 'tool_use'],
      [2, 'text'],
      [3, 'tool_use'],
    ]);
    const toolStart = chunks.find((c) => c.event === 'block_start' && c.index === 1)?.block_start?.tool_use;
    expect([toolStart?.id, toolStart?.name]).toEqual(['toolu_A', 'get_weather']);
    expect(reassemble(chunks)).toEqual(content);
    const done = chunks.at(-1)?.done;
    expect(done?.content.map(blockJson)).toEqual(content);
    expect(done?.stop_reason).toBe('tool_use');
  });

  it('a tool-use loop with thinking round-trips byte for byte: the answer sent back as history reaches upstream unchanged', async () => {
    const turn1 = [
      { type: 'thinking', thinking: 'The user wants the weather; call the tool.', signature: 'EqQBCkYIARgCIkD+sig==' },
      { type: 'text', text: 'Let me look that up.' },
      { type: 'tool_use', id: 'toolu_01A', name: 'get_weather', input: { location: 'Paris', unit: 'celsius' } },
    ];
    h.fake.setFault(SONNET4, { content: turn1, times: 1 });
    const tools = [{ name: 'get_weather', description: 'Weather now', input_schema: toStruct(WEATHER_SCHEMA) }];
    const base = { task: 'general', tools, thinking_budget_tokens: 2048, max_tokens: 4096 };
    const first = await h.complete({ ...base, messages: [{ role: 'user', content: 'Weather in Paris?' }] });
    expect(first.content.map(blockJson)).toEqual(turn1);

    await h.complete({
      ...base,
      messages: [
        { role: 'user', content: 'Weather in Paris?' },
        { role: 'assistant', blocks: first.content },
        { role: 'user', blocks: [pb.toolResult('toolu_01A', [pb.text('15 degrees, light rain')])] },
      ],
    });
    const sent = body(1)['messages'] as { content: unknown }[];
    expect(JSON.stringify(sent[1]?.content)).toBe(JSON.stringify(turn1));
    expect(sent[2]?.content).toEqual([{ type: 'tool_result', tool_use_id: 'toolu_01A', content: [{ type: 'text', text: '15 degrees, light rain' }] }]);
    expect(body(1)['thinking']).toEqual({ type: 'enabled', budget_tokens: 2048 });
  });

  it('the cache key covers media bytes: another image misses, the same image hits', async () => {
    const withImage = (data: Buffer) => ({
      task: 'general',
      temperature: 0,
      messages: [{ role: 'user', blocks: [pb.image(data), pb.text('What is in this image?')] }],
    });
    const a = await h.complete(withImage(PNG));
    const b = await h.complete(withImage(Buffer.concat([PNG, Buffer.from([1])])));
    const c = await h.complete(withImage(PNG));
    expect([a.cached, b.cached, c.cached]).toEqual([false, false, true]);
    expect(h.fake.calls()).toBe(2);
    expect(a.text).toContain('[saw 1 image]');
  });
});
