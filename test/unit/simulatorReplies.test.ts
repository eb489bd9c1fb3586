import {
  buildReply,
  countWords,
  errorTypeForStatus,
  FaultTable,
  messageBody,
  parseMessagesRequest,
  splitIntoDeltas,
  sseFrame,
  streamEvents,
  type MessagesRequest,
} from '../../src/simulator';

function request(overrides: Partial<MessagesRequest> = {}): MessagesRequest {
  return {
    model: 'claude-haiku-4-5-20251001',
    maxTokens: 100,
    messages: [{ role: 'user', text: 'hello there' }],
    systemText: '',
    stopSequences: [],
    thinking: false,
    stream: false,
    ...overrides,
  };
}

describe('errorTypeForStatus', () => {
  it.each([
    [400, 'invalid_request_error'],
    [401, 'authentication_error'],
    [402, 'billing_error'],
    [403, 'permission_error'],
    [404, 'not_found_error'],
    [408, 'timeout_error'],
    [409, 'conflict_error'],
    [413, 'request_too_large'],
    [429, 'rate_limit_error'],
    [500, 'api_error'],
    [502, 'api_error'],
    [503, 'api_error'],
    [504, 'timeout_error'],
    [529, 'overloaded_error'],
    [418, 'invalid_request_error'],
  ])('%i -> %s', (status, type) => {
    expect(errorTypeForStatus(status)).toBe(type);
  });
});

describe('FaultTable', () => {
  it('spends times and then forgets the fault', () => {
    const table = new FaultTable();
    table.set('m', { status: 529, times: 2 });
    expect(table.take('m')?.status).toBe(529);
    expect(table.take('m')?.status).toBe(529);
    expect(table.take('m')).toBeUndefined();
  });

  it("prefers the model's own fault over '*' and leaves '*' unspent", () => {
    const table = new FaultTable();
    table.set('*', { status: 500, times: 1 });
    table.set('a', { status: 429 });
    expect(table.take('a')?.status).toBe(429);
    expect(table.take('b')?.status).toBe(500);
    expect(table.take('b')).toBeUndefined();
  });

  it('copies the fault so later mutation by the caller has no effect', () => {
    const table = new FaultTable();
    const fault = { status: 529, headers: { 'x-should-retry': 'true' } };
    table.set('m', fault);
    fault.status = 400;
    fault.headers['x-should-retry'] = 'false';
    expect(table.take('m')).toEqual({ status: 529, headers: { 'x-should-retry': 'true' } });
  });

  it('rejects a status that is not an HTTP error', () => {
    expect(() => new FaultTable().set('m', { status: 200 })).toThrow(RangeError);
  });
});

describe('parseMessagesRequest', () => {
  it('accepts string and block content and reads system blocks', () => {
    const parsed = parseMessagesRequest({
      model: 'm',
      max_tokens: 5,
      system: [{ type: 'text', text: 'be brief' }],
      messages: [
        {
          role: 'user',
          content: [
            { type: 'image', source: {} },
            { type: 'text', text: 'hi' },
          ],
        },
      ],
      stop_sequences: ['END'],
      thinking: { type: 'enabled', budget_tokens: 1024 },
      stream: true,
    });
    expect(parsed).toEqual({
      ok: true,
      request: {
        model: 'm',
        maxTokens: 5,
        messages: [
          {
            role: 'user',
            text: 'hi',
            blocks: [
              { type: 'image', source: {} },
              { type: 'text', text: 'hi' },
            ],
          },
        ],
        systemText: 'be brief',
        systemBlocks: [{ type: 'text', text: 'be brief' }],
        stopSequences: ['END'],
        thinking: true,
        stream: true,
      },
    });
  });

  it.each([
    [null],
    [{ model: 'm', max_tokens: -1, messages: [{ role: 'user', content: 'x' }] }],
    [{ model: 'm', max_tokens: 1, messages: [{ role: 'system', content: 'x' }] }],
    [{ model: 'm', max_tokens: 1, messages: [{ role: 'user', content: 3 }] }],
    [{ model: 'm', max_tokens: 1, messages: [{ role: 'user', content: 'x' }], stop_sequences: [1] }],
  ])('rejects %j', (body) => {
    expect(parseMessagesRequest(body).ok).toBe(false);
  });
});

describe('buildReply', () => {
  it('quotes at most 60 characters of the last user message', () => {
    const long = 'a'.repeat(100);
    const reply = buildReply(request({ messages: [{ role: 'user', text: long }] }));
    expect(reply.content).toEqual([{ type: 'text', text: `Simulated reply from claude-haiku-4-5-20251001 to: "${'a'.repeat(60)}"` }]);
    expect(reply.inputTokens).toBe(25);
  });

  it('reports at least one input token for an empty prompt', () => {
    expect(buildReply(request({ messages: [{ role: 'user', text: '' }] })).inputTokens).toBe(1);
  });

  it('lets max_tokens win when it comes before the stop sequence', () => {
    const reply = buildReply(request({ maxTokens: 2, stopSequences: ['to:'] }), { text: 'one two three to: four' });
    expect(reply.content).toEqual([{ type: 'text', text: 'one two' }]);
    expect(reply.stopReason).toBe('max_tokens');
    expect(reply.stopSequence).toBeNull();
  });

  it('cuts at the earliest of several stop sequences', () => {
    const reply = buildReply(request({ stopSequences: ['three', 'two'] }), { text: 'one two three' });
    expect(reply.content).toEqual([{ type: 'text', text: 'one ' }]);
    expect(reply.stopSequence).toBe('two');
    expect(reply.outputTokens).toBe(1);
  });

  it('drops stop_sequence when stopReason is overridden', () => {
    const reply = buildReply(request({ stopSequences: ['two'] }), { text: 'one two', stopReason: 'refusal' });
    expect(reply.stopReason).toBe('refusal');
    expect(reply.stopSequence).toBeNull();
  });

  it('is deterministic apart from the id', () => {
    const a = messageBody(buildReply(request({ thinking: true })));
    const b = messageBody(buildReply(request({ thinking: true })));
    expect(a['id']).not.toBe(b['id']);
    expect({ ...a, id: '' }).toEqual({ ...b, id: '' });
  });
});

describe('splitIntoDeltas', () => {
  it.each(['', 'one', '  leading and trailing  ', 'a b c d e f g', 'tabs\tand\nnewlines  too'])('joins back to %j exactly', (text) => {
    const deltas = splitIntoDeltas(text);
    expect(deltas.join('')).toBe(text);
    for (const delta of deltas) expect(countWords(delta)).toBeLessThanOrEqual(3);
  });
});

describe('streamEvents', () => {
  it('orders thinking, signature and text events as the real API does', () => {
    const reply = buildReply(request({ thinking: true }));
    const events = streamEvents(reply);
    const summary = events.map((e) => {
      const delta = e.data['delta'] as { type?: string } | undefined;
      return e.event === 'content_block_delta' ? `${e.event}:${delta?.type ?? ''}` : e.event;
    });
    const compact = summary.filter((s, i) => s !== summary[i - 1]);
    expect(compact).toEqual([
      'message_start',
      'content_block_start',
      'ping',
      'content_block_delta:thinking_delta',
      'content_block_delta:signature_delta',
      'content_block_stop',
      'content_block_start',
      'content_block_delta:text_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    expect(events.every((e) => e.data['type'] === e.event)).toBe(true);
    expect(events.filter((e) => e.isTextDelta).length).toBeGreaterThan(1);
  });

  it('frames events as SSE', () => {
    expect(sseFrame('ping', { type: 'ping' })).toBe('event: ping\ndata: {"type":"ping"}\n\n');
  });
});
