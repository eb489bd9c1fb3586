import Anthropic, { APIConnectionTimeoutError } from '@anthropic-ai/sdk';
import { request as httpRequest } from 'node:http';
import { waitFor } from '../fakes/waiting';
import { startHarness, type Harness } from '../fakes/routerHarness';

const HAIKU45 = 'claude-haiku-4-5-20251001';

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One request written by hand, the way curl sends it. */
function raw(port: number, method: string, path: string, body?: string | Buffer, headers: Record<string, string> = {}): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method, path, headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }));
    });
    // A refused upload may be cut mid-write: the answer already came back.
    req.on('error', (err) => (err.message.includes('EPIPE') || err.message.includes('ECONNRESET') ? undefined : reject(err)));
    req.end(body);
  });
}

const errorOf = (r: Raw): { type: string; error: { type: string; message: string } } => JSON.parse(r.body) as never;

describe('the HTTP door on the wire', () => {
  let h: Harness;
  let port: number;
  beforeAll(async () => {
    h = await startHarness({
      config: (c) => {
        c.limits.max_request_bytes = 64 * 1024;
        c.http.ping_interval_ms = 150;
      },
    });
    port = h.app.httpPort ?? 0;
  });
  afterAll(() => h.close());
  beforeEach(() => h.fake.reset());

  it('a 20,000-character model or task header: 400 with a bounded message, before any upstream call', async () => {
    const huge = 'x'.repeat(20_000);
    const body = (model: string): string => JSON.stringify({ model, max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] });
    const byModel = await raw(port, 'POST', '/v1/messages', body(huge));
    expect(byModel.status).toBe(400);
    expect(errorOf(byModel).error.message).toBe('model: must be at most 256 characters (got 20000)');
    const byTask = await raw(port, 'POST', '/v1/messages', body(`task:${huge}`));
    expect(byTask.status).toBe(400);
    expect(errorOf(byTask).error.message).toBe('task: must be at most 128 characters (got 20000)');
    expect(h.fake.calls()).toBe(0);
  });

  it("bad JSON: 400 invalid_request_error in Anthropic's error shape, no upstream call", async () => {
    const r = await raw(port, 'POST', '/v1/messages', '{"model": "auto", "messages": [');
    expect(r.status).toBe(400);
    expect(errorOf(r)).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
    expect(h.fake.calls()).toBe(0);
    const log = h
      .logs()
      .filter((l) => l['event'] === 'request')
      .pop();
    expect(log).toMatchObject({ rpc: 'Complete', transport: 'http', code: 'INVALID_ARGUMENT' });
  });

  it('a body over limits.max_request_bytes: 413 request_too_large, refused as it arrives; the door keeps serving', async () => {
    const big = JSON.stringify({ model: 'auto', max_tokens: 10, messages: [{ role: 'user', content: 'x'.repeat(200 * 1024) }] });
    const r = await raw(port, 'POST', '/v1/messages', big);
    expect(r.status).toBe(413);
    expect(errorOf(r).error.type).toBe('request_too_large');
    expect(h.fake.calls()).toBe(0);
    const ok = await raw(port, 'POST', '/v1/messages', JSON.stringify({ model: 'auto', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }));
    expect(ok.status).toBe(200);
  });

  it('missing max_tokens, or a bad field: 400 naming the field as the API does', async () => {
    const missing = await raw(port, 'POST', '/v1/messages', JSON.stringify({ model: 'auto', messages: [{ role: 'user', content: 'hi' }] }));
    expect(missing.status).toBe(400);
    expect(errorOf(missing).error.message).toBe('max_tokens: is required');
    const bad = await raw(
      port,
      'POST',
      '/v1/messages',
      JSON.stringify({
        model: 'auto',
        max_tokens: 10,
        messages: [
          { role: 'user', content: 'a' },
          { role: 'assistant', content: 'b' },
          { role: 'user', content: [{ type: 'image', source: { type: 'base64', media_type: 'image/bmp', data: 'AAAA' } }] },
        ],
      }),
    );
    expect(bad.status).toBe(400);
    expect(errorOf(bad).error.message).toBe('messages.2.content.0.source.media_type: must be one of image/jpeg, image/png, image/gif, image/webp');
    expect(h.fake.calls()).toBe(0);
  });

  it('an unknown route: 404 not_found_error as JSON', async () => {
    const r = await raw(port, 'GET', '/v1/nothing-here');
    expect(r.status).toBe(404);
    expect(errorOf(r)).toEqual({ type: 'error', error: { type: 'not_found_error', message: 'Not found: GET /v1/nothing-here' } });
  });

  it('GET /v1/models with a bad limit: 400 naming it', async () => {
    const r = await raw(port, 'GET', '/v1/models?limit=abc');
    expect(r.status).toBe(400);
    expect(errorOf(r).error.message).toMatch(/^limit: must be a whole number between 1 and 1000/);
    expect((await raw(port, 'GET', '/v1/models?limit=5000')).status).toBe(400);
  });

  it('an idle stream gets event: ping, exactly as Anthropic sends it', async () => {
    h.fake.setFault(HAIKU45, { chunkDelayMs: 400 });
    const r = await raw(
      port,
      'POST',
      '/v1/messages',
      JSON.stringify({ model: 'task:simple_qa', max_tokens: 20, stream: true, messages: [{ role: 'user', content: 'one two three' }] }),
    );
    expect(r.status).toBe(200);
    expect(r.body).toContain('event: ping\ndata: {"type":"ping"}\n\n');
    expect(r.body.indexOf('event: message_start')).toBeLessThan(r.body.indexOf('event: ping'));
    expect(r.body.trimEnd().endsWith('event: message_stop\ndata: {"type":"message_stop"}')).toBe(true);
  });

  it('GET /healthz is 200 while serving', async () => {
    const r = await raw(port, 'GET', '/healthz');
    expect([r.status, JSON.parse(r.body)]).toEqual([200, { status: 'serving', providers: [{ platform: 'anthropic', key: 'default', ready: true }] }]);
  });

  it("the SDK's timeout (x-stainless-timeout, whole seconds) is the caller's deadline: a clean 504 before the client gives up", async () => {
    h.fake.setFault('*', { hang: true });
    const client = new Anthropic({ apiKey: 'k', baseURL: `http://127.0.0.1:${port}`, maxRetries: 0, timeout: 1500 });
    const started = Date.now();
    const err = await client.messages
      .create({ model: 'claude-haiku-4-5', max_tokens: 20, messages: [{ role: 'user', content: 'hi' }] })
      .catch((e: unknown) => e);
    expect(err).not.toBeInstanceOf(APIConnectionTimeoutError);
    expect(err).toMatchObject({ status: 504, type: 'timeout_error' });
    expect(Date.now() - started).toBeLessThan(1500);
    await h.fake.waitForAborted(1, HAIKU45, 3000);
  });

  it('a client that goes away mid-stream aborts the upstream request at once', async () => {
    h.fake.setFault(HAIKU45, { chunkDelayMs: 300 });
    const client = new Anthropic({ apiKey: 'k', baseURL: `http://127.0.0.1:${port}`, maxRetries: 0 });
    const stream = client.messages.stream({
      model: 'task:simple_qa',
      max_tokens: 50,
      messages: [{ role: 'user', content: 'a slow answer with several words' }],
    });
    const ended = stream.finalMessage().catch((e: unknown) => e);
    await new Promise<void>((resolve) => stream.on('text', () => resolve()));
    stream.abort();
    expect((await ended) as Error).toHaveProperty('name', 'APIUserAbortError');
    await h.fake.waitForAborted(1, HAIKU45, 3000);
    await waitFor('a cancelled request log line', () => h.logs().some((l) => l['rpc'] === 'StreamComplete' && l['code'] === 'CANCELLED'), 3000);
  });
});

describe('the HTTP door while draining', () => {
  it('/healthz turns 503 and new requests are refused while in-flight ones finish', async () => {
    const h = await startHarness();
    const port = h.app.httpPort ?? 0;
    h.fake.setFault('*', { delayMs: 500 });
    const inFlight = raw(port, 'POST', '/v1/messages', JSON.stringify({ model: 'auto', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }));
    await waitFor('the call to reach upstream', () => h.fake.calls() === 1, 2000);
    const closing = h.app.close(5000);
    // Refused either way: 503 on a connection still open, or no connection at all once the listener is closed.
    const refused = (r: Promise<Raw>) =>
      r.then(
        (x) => x.status,
        () => 'connection refused',
      );
    expect([503, 'connection refused']).toContain(await refused(raw(port, 'GET', '/healthz')));
    expect([503, 'connection refused']).toContain(
      await refused(raw(port, 'POST', '/v1/messages', JSON.stringify({ model: 'auto', max_tokens: 10, messages: [{ role: 'user', content: 'late' }] }))),
    );
    expect((await inFlight).status).toBe(200);
    await closing;
    await h.fake.close();
  });
});
