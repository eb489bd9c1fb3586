import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Anthropic from '@anthropic-ai/sdk';
import { createPooledFetch, streamBody } from '../../src/providers/anthropic/pooledFetch';

/** Larger than one socket read, with characters of two, three and four bytes: read whole, decoded once. */
const BIG_TEXT = 'é€😀 '.repeat(20_000);

describe('pooledFetch', () => {
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

  it('sends method, headers and body, returns status, headers and JSON, and keeps one connection alive', async () => {
    const pooled = createPooledFetch(8);
    try {
      echoSockets.clear();
      for (let i = 0; i < 5; i++) {
        const res = await pooled.fetch(`${url}/echo`, { method: 'POST', headers: { 'x-test': `v${i}` }, body: `hello ${i}` });
        expect(res.status).toBe(201);
        expect(res.headers.get('x-echo')).toBe(`v${i}`);
        expect(await res.json()).toEqual({ method: 'POST', body: `hello ${i}` });
      }
      expect(echoSockets.size).toBe(1);
    } finally {
      pooled.close();
    }
  });

  it('takes the request headers as the SDK hands them (a Headers object) and gives every answer header back', async () => {
    const pooled = createPooledFetch(8);
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
    const pooled = createPooledFetch(8);
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
    const pooled = createPooledFetch(8);
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
    const pooled = createPooledFetch(8);
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
    const pooled = createPooledFetch(8);
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

  it('serves the SDK: a JSON answer parsed with its request id, an error answer as the typed error with its body', async () => {
    const pooled = createPooledFetch(8);
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
