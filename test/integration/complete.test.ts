import { status } from '@grpc/grpc-js';
import { ask, rejection, startHarness, TEST_API_KEY, type Harness } from '../fakes/routerHarness';

describe('Complete over gRPC against the fake upstream', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());
  beforeEach(() => h.fake.reset());

  it('routes simple_qa to the newest haiku and answers with text, usage, cost and one ok attempt', async () => {
    const res = await h.complete(ask('What is the capital of France?', { task: 'simple_qa' }));
    expect(res.model).toBe('claude-haiku-4-5-20251001');
    expect(res.task).toBe('simple_qa');
    expect(res.text).toContain('capital of France');
    expect(res.stop_reason).toBe('end_turn');
    expect(Number(res.usage?.input_tokens)).toBeGreaterThan(0);
    expect(Number(res.usage?.output_tokens)).toBeGreaterThan(0);
    const expected = (Number(res.usage?.input_tokens) * 1 + Number(res.usage?.output_tokens) * 5) / 1e6;
    expect(res.cost_usd).toBeCloseTo(expected, 12);
    expect(res.cached).toBe(false);
    expect(res.fallback).toBe(false);
    expect(res.attempts.map((a) => [a.model, a.outcome])).toEqual([['claude-haiku-4-5-20251001', 'ok']]);
    expect(h.fake.calls('claude-haiku-4-5-20251001')).toBe(1);
  });

  it.each([
    ['code_generation', 'claude-sonnet-4-20250514'],
    ['complex_reasoning', 'claude-opus-4-5-20251101'],
    ['general', 'claude-sonnet-4-20250514'],
    ['', 'claude-sonnet-4-20250514'],
  ])('task %p is served by %s', async (task, model) => {
    const res = await h.complete(ask('hello', { task }));
    expect(res.model).toBe(model);
    expect(res.task).toBe(task || 'general');
  });

  it('sends what the caller set, the default max_tokens when 0, and the SDK never sees a retry', async () => {
    await h.complete(ask('hi', { system: 'be brief', temperature: 0.2, stop_sequences: ['END'], max_tokens: 0 }));
    const body = h.fake.requests[0]?.body as Record<string, unknown>;
    expect(body['system']).toBe('be brief');
    expect(body['temperature']).toBe(0.2);
    expect(body['stop_sequences']).toEqual(['END']);
    expect(body['max_tokens']).toBe(h.config.upstream.default_max_tokens);
    expect(body).not.toHaveProperty('top_p');
    expect(body).not.toHaveProperty('thinking');
  });

  it('an explicit alias overrides the policy and resolves to its id', async () => {
    const res = await h.complete(ask('hi', { task: 'simple_qa', model: 'claude-opus-4-0' }));
    expect(res.model).toBe('claude-opus-4-20250514');
    expect(h.fake.requests[0]?.body['model']).toBe('claude-opus-4-20250514');
  });

  it('passes thinking through and returns the thinking text', async () => {
    const res = await h.complete(ask('think', { task: 'complex_reasoning', thinking_budget_tokens: 2048, max_tokens: 4096 }));
    expect(h.fake.requests[0]?.body['thinking']).toEqual({ type: 'enabled', budget_tokens: 2048 });
    expect(res.thinking.length).toBeGreaterThan(0);
  });

  it('maps an upstream 400 to INVALID_ARGUMENT without trying another model', async () => {
    h.fake.setFault('*', { status: 400, message: 'messages: bad block' });
    const err = await rejection(h.complete(ask('hi', { task: 'simple_qa' })));
    expect(err.code).toBe(status.INVALID_ARGUMENT);
    expect(h.fake.calls()).toBe(1);
    // Upstream's words go to the log only; the caller gets the status, the type and the request id to look them up.
    expect(err.details).not.toContain('bad block');
    expect(err.details).toContain('400 invalid_request_error');
    const requestId = String(err.metadata.get('upstream-request-id')[0]);
    expect(requestId).toMatch(/^req_/);
    expect(err.details).toContain(requestId);
    expect(h.logs().find((l) => l['event'] === 'request' && l['code'] === 'INVALID_ARGUMENT')).toMatchObject({
      upstream_request_id: requestId,
      upstream_message: 'messages: bad block',
    });
  });

  it('passes upstream text through to callers when errors.passthrough_upstream_messages is on', async () => {
    const open = await startHarness({ config: (c) => (c.errors.passthrough_upstream_messages = true) });
    try {
      open.fake.setFault('*', { status: 400, message: 'messages: bad block' });
      const err = await rejection(open.complete(ask('hi', { task: 'simple_qa' })));
      expect(err.code).toBe(status.INVALID_ARGUMENT);
      expect(err.details).toContain('upstream says: messages: bad block');
    } finally {
      await open.close();
    }
  });

  it('maps an upstream 401 to INTERNAL without leaking the key', async () => {
    h.fake.setFault('*', { status: 401 });
    const err = await rejection(h.complete(ask('hi')));
    expect(err.code).toBe(status.INTERNAL);
    expect(err.details).not.toContain(TEST_API_KEY);
    expect(JSON.stringify(h.logs())).not.toContain(TEST_API_KEY);
  });

  it('writes one request log line without the prompt at info level', async () => {
    await h.complete(ask('a very secret prompt', { task: 'simple_qa', labels: { team: 'search' } }));
    const line = h
      .logs()
      .filter((r) => r['event'] === 'request')
      .pop();
    expect(line).toMatchObject({ rpc: 'Complete', task: 'simple_qa', model: 'claude-haiku-4-5-20251001', outcome: 'ok', cached: false });
    expect(line?.['labels']).toEqual({ team: 'search' });
    expect(JSON.stringify(h.logs())).not.toContain('very secret prompt');
  });
});
