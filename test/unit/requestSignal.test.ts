import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAnthropicClient, createAnthropicProvider } from '../../src/providers/anthropic/anthropicProvider';
import { createPooledFetch, type PooledFetch } from '../../src/providers/anthropic/pooledFetch';
import { attemptFetchOptions, EitherSignal } from '../../src/providers/anthropic/requestSignal';
import { LazyAbort } from '../../src/util/lazyAbort';
import { RouterError } from '../../src/domain/routerError';
import { silentLogger } from '../../src/observability/logger';

/** An upstream that takes each request and never answers: only an abort ends a call to it. */
describe("the attempt's signal reaches the wire without going through the SDK's `signal`", () => {
  let server: Server;
  let url: string;
  let arrived: IncomingMessage[] = [];
  let pooled: PooledFetch;
  beforeAll(async () => {
    server = createServer((req) => {
      arrived.push(req);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  beforeEach(() => {
    arrived = [];
    pooled = createPooledFetch();
  });
  afterEach(() => pooled.close());
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const ask = (
    signal: LazyAbort,
  ): {
    model: string;
    params: { max_tokens: number; messages: { role: 'user'; content: string }[] };
    betas: string[];
    stream: boolean;
    signal: LazyAbort;
  } => ({
    model: 'claude-haiku-4-5-20251001',
    params: { max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] },
    betas: [],
    stream: true,
    signal,
  });

  /** How `reading` ends once `attempt` is aborted as its request reaches the server, and whether the connection closed. */
  async function abortedOnArrival(attempt: LazyAbort, reading: Promise<unknown>): Promise<{ error: unknown; closed: boolean }> {
    const settled = reading.then(
      () => undefined,
      (err: unknown) => err,
    );
    while (arrived.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const req = arrived[0] as IncomingMessage;
    const closed = new Promise<boolean>((resolve) => req.socket.once('close', () => resolve(true)));
    attempt.abort('first_token_timeout');
    return { error: await settled, closed: await closed };
  }

  /** Reads the provider's stream until it fails; the request is aborted once it has reached the server. */
  function abortedAttempt(fetch: typeof globalThis.fetch | undefined, timeoutMs = 60_000): Promise<{ error: unknown; closed: boolean }> {
    const client = createAnthropicClient({ apiKey: 'k', baseURL: url, timeoutMs, logger: silentLogger, ...(fetch ? { fetch } : {}) });
    const attempt = new LazyAbort();
    const reading = (async () => {
      for await (const _event of createAnthropicProvider(client, { malformedEvent: () => undefined }).stream(ask(attempt))) {
        // nothing comes
      }
    })();
    return abortedOnArrival(attempt, reading);
  }

  it("aborts the router's transport's request, classified by the attempt's cause", async () => {
    const { error, closed } = await abortedAttempt(pooled.fetch);
    expect(error).toBeInstanceOf(RouterError);
    expect(error).toMatchObject({ kind: 'deadline', blame: 'model', message: 'upstream sent no content within the first-token limit' });
    expect(closed).toBe(true);
  });

  it("aborts a request on Node's own fetch, for a client built without the router's transport", async () => {
    const { error, closed } = await abortedAttempt(undefined);
    expect(error).toMatchObject({ kind: 'deadline', blame: 'model' });
    expect(closed).toBe(true);
  });

  it("aborts what the pool hands to Node's fetch (a Request object) by the attempt's cancel too", async () => {
    const attempt = new LazyAbort();
    const { error, closed } = await abortedOnArrival(
      attempt,
      pooled.fetch(new Request(`${url}/v1/messages`, { method: 'POST', body: '{}' }), attemptFetchOptions(attempt) as RequestInit),
    );
    // Node's fetch rejects with the signal's reason: the attempt's cause, which the provider classifies by.
    expect(error).toBe('first_token_timeout');
    expect(closed).toBe(true);
  });

  it("still answers to the SDK's own signal: its timeout ends a call the attempt never aborts", async () => {
    const client = createAnthropicClient({ apiKey: 'k', baseURL: url, timeoutMs: 200, logger: silentLogger, fetch: pooled.fetch });
    const started = Date.now();
    const reading = (async () => {
      for await (const _event of createAnthropicProvider(client, { malformedEvent: () => undefined }).stream(ask(new LazyAbort()))) {
        // nothing comes
      }
    })();
    await expect(reading).rejects.toMatchObject({ kind: 'deadline', message: 'upstream timed out' });
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe('EitherSignal', () => {
  /** The SDK's controller, the attempt's cancel, the signal over both, and how often its listener was called. */
  function listened(): { sdk: AbortController; attempt: LazyAbort; either: EitherSignal; heard: () => number } {
    const sdk = new AbortController();
    const attempt = new LazyAbort();
    const either = new EitherSignal(sdk.signal, attempt);
    let heard = 0;
    either.addEventListener('abort', () => {
      heard++;
    });
    return { sdk, attempt, either, heard: () => heard };
  }

  it('is aborted when either is, calls its listener once, and the listener comes off both', () => {
    const { sdk, attempt, either, heard } = listened();
    expect(either.aborted).toBe(false);
    attempt.abort('idle_timeout');
    sdk.abort(new Error('timed out'));
    expect([either.aborted, heard(), (either.reason as Error).message]).toEqual([true, 1, 'timed out']);
  });

  it('gives the AbortError the SDK would have given when only the attempt aborted, and hears nothing once removed', () => {
    const { sdk, attempt, either, heard } = listened();
    either.removeEventListener('abort');
    attempt.abort('first_token_timeout');
    sdk.abort();
    expect([heard(), (either.reason as DOMException).name]).toEqual([0, 'AbortError']);
    const fresh = new EitherSignal(new AbortController().signal, attempt);
    expect([fresh.aborted, (fresh.reason as DOMException).name]).toEqual([true, 'AbortError']);
  });
});
