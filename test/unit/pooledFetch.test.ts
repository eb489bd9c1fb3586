import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Anthropic from '@anthropic-ai/sdk';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { createPooledFetch, streamBody, type PooledFetch } from '../../src/providers/anthropic/pooledFetch';

/** The built module: the dispatcher test loads it in a process of its own (a test's globals are a sandbox's). */
const POOLED_FETCH_JS = join(__dirname, '..', '..', 'dist', 'src', 'providers', 'anthropic', 'pooledFetch.js');

/** Larger than one socket read, with characters of two, three and four bytes: read whole, decoded once. */
const BIG_TEXT = 'é€😀 '.repeat(20_000);

describe('pooledFetch', () => {
  let release: () => void = () => undefined;
  let held = Promise.resolve();
  let server: Server;
  let url: string;
  /** The sockets that carried /echo requests: other tests' connections do not count. */
  const echoSockets = new Set<unknown>();
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/sse') {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write('event: a\ndata: 1\n\n');
        setTimeout(() => res.end('event: b\ndata: 2\n\n'), 20);
        return;
      }
      if (req.url === '/sse-headers') {
        res.setHeader('set-cookie', ['a=1', 'b=2']);
        res.setHeader('Request-Id', 'req_sse');
        res.setHeader('X-Multi', ['one', 'two']);
        res.writeHead(200, 'Fine', { 'content-type': 'text/event-stream' });
        res.end('event: a\ndata: 1\n\n');
        return;
      }
      if (req.url === '/cut') {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
        res.write('{"partial":');
        setTimeout(() => res.socket?.destroy(), 10);
        return;
      }
      if (req.url === '/cookies') {
        res.setHeader('set-cookie', ['a=1', 'b=2']);
        res.setHeader('request-id', 'req_1');
        res.end('{}');
        return;
      }
      if (req.url === '/big-json') {
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'request-id': 'req_big' });
        res.end(JSON.stringify({ text: BIG_TEXT }));
        return;
      }
      if (req.url === '/v1/messages/count_tokens') {
        res.writeHead(200, { 'content-type': 'application/json', 'request-id': 'req_count' });
        res.end('{"input_tokens":42}');
        return;
      }
      if (req.url === '/v1/messages') {
        res.writeHead(400, { 'content-type': 'application/json', 'request-id': 'req_bad' });
        res.end('{"type":"error","error":{"type":"invalid_request_error","message":"max_tokens: too large"}}');
        return;
      }
      if (req.url === '/bad-json') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"cut');
        return;
      }
      if (req.url === '/held-stream') {
        // Another streamed body (Bedrock's AWS event stream): the rest comes only once the test has seen the first part.
        res.writeHead(200, { 'content-type': 'application/vnd.amazon.eventstream' });
        res.write('first part');
        void held.then(() => res.end('second part'));
        return;
      }
      if (req.url === '/plain') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end('plain words');
        return;
      }
      if (req.url === '/echo') echoSockets.add(req.socket);
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        res.writeHead(201, { 'content-type': 'application/json', 'x-echo': req.headers['x-test'] ?? '' });
        res.end(JSON.stringify({ method: req.method, body }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('sends method, headers and body, returns status, headers and JSON, and keeps its connections alive', async () => {
    const pooled = createPooledFetch();
    try {
      echoSockets.clear();
      for (let i = 0; i < 5; i++) {
        const res = await pooled.fetch(`${url}/echo`, { method: 'POST', headers: { 'x-test': `v${i}` }, body: `hello ${i}` });
        expect(res.status).toBe(201);
        expect(res.headers.get('x-echo')).toBe(`v${i}`);
        expect(await res.json()).toEqual({ method: 'POST', body: `hello ${i}` });
      }
      // undici frees a connection a microtask after its answer ends, so the call sent at once may open a second.
      expect(echoSockets.size).toBeLessThanOrEqual(2);
    } finally {
      pooled.close();
    }
  });

  it('keeps an idle connection keepAliveMs when upstream gives no keep-alive hint, and opens a new one after', async () => {
    // A server that sends no Keep-Alive header: how long a connection stays is the client's call.
    const sockets = new Set<unknown>();
    const quiet = createServer((req, res) => {
      sockets.add(req.socket);
      res.end('{}');
    });
    quiet.keepAliveTimeout = 0;
    await new Promise<void>((resolve) => quiet.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(quiet.address() as AddressInfo).port}`;
    const short = createPooledFetch({ keepAliveMs: 50 });
    const long = createPooledFetch({ keepAliveMs: 60_000 });
    try {
      const twice = async (pooled: PooledFetch): Promise<number> => {
        sockets.clear();
        expect((await pooled.fetch(base)).headers.get('keep-alive')).toBeNull();
        await new Promise((resolve) => setTimeout(resolve, 300));
        await pooled.fetch(base);
        return sockets.size;
      };
      expect(await twice(short)).toBe(2);
      expect(await twice(long)).toBe(1);
    } finally {
      short.close();
      long.close();
      quiet.closeAllConnections();
      await new Promise<void>((resolve) => quiet.close(() => resolve()));
    }
  });

  it('takes the request headers as the SDK hands them (a Headers object) and gives every answer header back', async () => {
    const pooled = createPooledFetch();
    try {
      const res = await pooled.fetch(`${url}/echo`, { method: 'POST', headers: new Headers({ 'X-Test': 'from-headers' }), body: 'x' });
      expect(res.headers.get('x-echo')).toBe('from-headers');
      const cookies = await pooled.fetch(`${url}/cookies`);
      expect(cookies.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
      expect(cookies.headers.get('request-id')).toBe('req_1');
    } finally {
      pooled.close();
    }
  });

  it("gives a streamed answer's status and headers as a Response and its Headers would (what the SDK reads of them)", async () => {
    const pooled = createPooledFetch();
    try {
      const res = await pooled.fetch(`${url}/sse-headers`);
      const rawPairs: [string, string][] = [];
      const raw = await fetch(`${url}/sse-headers`);
      raw.headers.forEach((value, name) => rawPairs.push([name, value]));
      await raw.text();
      expect([res.ok, res.status, res.statusText]).toEqual([true, 200, 'Fine']);
      expect([...res.headers.entries()].filter(([name]) => name !== 'date')).toEqual(rawPairs.filter(([name]) => name !== 'date'));
      expect(res.headers.get('REQUEST-ID')).toBe('req_sse');
      expect(res.headers.get('x-multi')).toBe(raw.headers.get('x-multi'));
      expect(res.headers.get('absent')).toBeNull();
      expect([res.headers.has('Request-Id'), res.headers.has('absent')]).toEqual([true, false]);
      expect(res.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
      const seen: string[] = [];
      res.headers.forEach((_value, name) => seen.push(name));
      expect(seen).toEqual([...res.headers.keys()]);
      for await (const chunk of streamBody(res) ?? []) void chunk;
    } finally {
      pooled.close();
    }
  });

  it('passes an event stream on as it arrives, as the Node stream it read (no web stream in between)', async () => {
    const pooled = createPooledFetch();
    try {
      const res = await pooled.fetch(`${url}/sse`);
      expect(res.body).toBeNull();
      const chunks = streamBody(res)![Symbol.asyncIterator]();
      const first = await chunks.next();
      expect(Buffer.from(first.value as Uint8Array).toString()).toBe('event: a\ndata: 1\n\n');
      let rest = '';
      for (let r = await chunks.next(); r.done !== true; r = await chunks.next()) rest += Buffer.from(r.value).toString();
      expect(rest).toBe('event: b\ndata: 2\n\n');
    } finally {
      pooled.close();
    }
  });

  it('rejects when the connection is cut mid-body, and when the signal aborts', async () => {
    const pooled = createPooledFetch();
    try {
      await expect(pooled.fetch(`${url}/cut`)).rejects.toThrow();
      const controller = new AbortController();
      const pending = pooled.fetch(`${url}/sse-never`, { signal: controller.signal, method: 'POST', body: 'x' });
      controller.abort();
      await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    } finally {
      pooled.close();
    }
  });

  it('reads a JSON answer whole without building a web Response; an error answer or another body stays a Response', async () => {
    const pooled = createPooledFetch();
    try {
      const big = await pooled.fetch(`${url}/big-json`);
      expect(big).not.toBeInstanceOf(Response);
      expect([big.ok, big.status, big.headers.get('request-id')]).toEqual([true, 200, 'req_big']);
      expect(await big.json()).toEqual({ text: BIG_TEXT });
      const again = await pooled.fetch(`${url}/big-json`);
      const expected = JSON.stringify({ text: BIG_TEXT });
      expect(await again.text()).toBe(expected);
      expect(Buffer.from(await (await pooled.fetch(`${url}/big-json`)).arrayBuffer()).toString('utf8')).toBe(expected);
      await expect((await pooled.fetch(`${url}/bad-json`)).json()).rejects.toThrow(SyntaxError);
      const plain = await pooled.fetch(`${url}/plain`);
      expect(plain).toBeInstanceOf(Response);
      expect(await plain.text()).toBe('plain words');
      const bad = await pooled.fetch(`${url}/v1/messages`, { method: 'POST', body: '{}' });
      expect(bad).toBeInstanceOf(Response);
      expect(bad.status).toBe(400);
    } finally {
      pooled.close();
    }
  });

  it('hands on any other successful body as it arrives, not once it has ended', async () => {
    held = new Promise((resolve) => (release = resolve));
    const pooled = createPooledFetch();
    try {
      const res = await pooled.fetch(`${url}/held-stream`);
      expect(res).toBeInstanceOf(Response);
      const reader = res.body!.getReader();
      expect(Buffer.from((await reader.read()).value!).toString()).toBe('first part');
      release();
      let rest = '';
      for (let r = await reader.read(); r.done !== true; r = await reader.read()) rest += Buffer.from(r.value).toString();
      expect(rest).toBe('second part');
    } finally {
      release();
      pooled.close();
    }
  });

  it("leaves the built-in fetch on Node's own dispatcher: loading undici does not hand it to another undici", () => {
    const script = [
      `require(${JSON.stringify(POOLED_FETCH_JS)});`,
      "const slot = globalThis[Symbol.for('undici.globalDispatcher.1')];",
      "fetch('http://127.0.0.1:1').catch((err) => process.stdout.write(JSON.stringify({ npm: slot instanceof require('undici').Agent, error: err.message })));",
    ].join('\n');
    const out = JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: join(__dirname, '..', '..'), encoding: 'utf8' })) as unknown;
    // Port 1 is refused by fetch itself: the call went through the built-in fetch's whole path.
    expect(out).toEqual({ npm: false, error: 'fetch failed' });
  });

  it('serves the SDK: a JSON answer parsed with its request id, an error answer as the typed error with its body', async () => {
    const pooled = createPooledFetch();
    const client = new Anthropic({ apiKey: 'k', baseURL: url, fetch: pooled.fetch, maxRetries: 0 });
    try {
      const counted = await client.messages.countTokens({ model: 'claude-haiku-4-5', messages: [{ role: 'user', content: 'hi' }] });
      expect(counted.input_tokens).toBe(42);
      expect((counted as unknown as { _request_id: string })._request_id).toBe('req_count');
      const failed = client.messages.create({ model: 'claude-haiku-4-5', max_tokens: 1, messages: [{ role: 'user', content: 'hi' }] });
      await expect(failed).rejects.toBeInstanceOf(Anthropic.BadRequestError);
      await expect(failed).rejects.toMatchObject({ status: 400, requestID: 'req_bad', error: { error: { type: 'invalid_request_error' } } });
    } finally {
      pooled.close();
    }
  });
});
