import * as grpc from '@grpc/grpc-js';
import { createHash } from 'node:crypto';
import type { CompleteRequest } from '../../src/generated/modelrouter/v1/CompleteRequest';
import type { CompleteResponse__Output } from '../../src/generated/modelrouter/v1/CompleteResponse';
import type { ModelRouterClient } from '../../src/generated/modelrouter/v1/ModelRouter';
import { loadModelRouterPackage } from '../../src/transport/grpc/protoLoader';
import https from 'node:https';
import { createTestPki } from '../fakes/certificates';
import { ask, rejection, startHarness, type Harness } from '../fakes/routerHarness';

const SEARCH_TOKEN = 'search-team-token-0123456789';
const BILLING_TOKEN = 'billing-team-token-9876543210';
const LIMITED_TOKEN = 'limited-team-token-5555555555';
const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

function call(h: Harness, request: CompleteRequest, token: string | undefined, extra: Record<string, string> = {}): Promise<CompleteResponse__Output> {
  const md = new grpc.Metadata();
  if (token !== undefined) md.set('authorization', `Bearer ${token}`);
  for (const [k, v] of Object.entries(extra)) md.set(k, v);
  return new Promise((resolve, reject) => h.client.Complete(request, md, (err, res) => (err ? reject(err) : resolve(res!))));
}

describe('caller authentication and authorization', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      config: (c) => {
        c.auth.callers = [
          { id: 'search', token_sha256: sha256(SEARCH_TOKEN), tasks: ['simple_qa', 'general'], models: ['family:haiku', 'claude-3-5-haiku-latest'] },
          { id: 'billing', token_sha256: sha256(BILLING_TOKEN) },
          // Its own caller: a drained bucket must not leak into the other tests, whatever their order.
          { id: 'limited', token_sha256: sha256(LIMITED_TOKEN), requests_per_second: 1, burst: 5 },
        ];
      },
    });
  });
  afterAll(() => h.close());
  beforeEach(() => h.fake.reset());

  it('a missing or wrong token is UNAUTHENTICATED, before any upstream call', async () => {
    expect((await rejection(call(h, ask('hi'), undefined))).code).toBe(grpc.status.UNAUTHENTICATED);
    expect((await rejection(call(h, ask('hi'), 'not-a-token'))).code).toBe(grpc.status.UNAUTHENTICATED);
    const listErr = await rejection(new Promise((resolve, reject) => h.client.ListModels({}, (err, res) => (err ? reject(err) : resolve(res)))));
    expect(listErr.code).toBe(grpc.status.UNAUTHENTICATED);
    expect(h.fake.calls()).toBe(0);
  });

  it('a caller using a task or model it may not use is PERMISSION_DENIED', async () => {
    const task = await rejection(call(h, ask('hi', { task: 'code_generation' }), SEARCH_TOKEN));
    expect(task.code).toBe(grpc.status.PERMISSION_DENIED);
    expect(task.details).toMatch(/task 'code_generation'/);
    const model = await rejection(call(h, ask('hi', { task: 'simple_qa', model: 'claude-opus-4-1' }), SEARCH_TOKEN));
    expect(model.code).toBe(grpc.status.PERMISSION_DENIED);
    expect(h.fake.calls()).toBe(0);
  });

  it('the chain is narrowed to the models a caller may use', async () => {
    h.fake.setFault('claude-haiku-4-5-20251001', { status: 529 });
    const res = await call(h, ask('hi', { task: 'simple_qa', cache: 'CACHE_MODE_BYPASS' }), SEARCH_TOKEN);
    expect(res.model).toBe('claude-3-5-haiku-20241022');
    expect(res.attempts.map((a) => a.model)).not.toContain('claude-sonnet-4-20250514');
    // Another caller without limits gets the whole chain.
    const other = await call(h, ask('hi', { task: 'code_generation' }), BILLING_TOKEN);
    expect(other.model).toBe('claude-sonnet-4-20250514');
  });

  it("a forged caller id in labels or metadata never reaches another caller's cache entries", async () => {
    const request = ask('the same question', { task: 'simple_qa', temperature: 0 });
    const first = await call(h, request, BILLING_TOKEN);
    expect(first.cached).toBe(false);
    expect((await call(h, request, BILLING_TOKEN)).cached).toBe(true);
    const forged = await call(h, { ...request, labels: { caller: 'billing' } }, SEARCH_TOKEN, { 'x-caller-id': 'billing', caller: 'billing' });
    expect(forged.cached).toBe(false);
    expect(h.fake.calls()).toBe(2);
  });

  it('over its request rate a caller gets RESOURCE_EXHAUSTED; other callers are unaffected', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, () => call(h, ask('hi', { task: 'general', model: 'claude-haiku-4-5' }), LIMITED_TOKEN)),
    );
    const limited = results.filter((r) => r.status === 'rejected' && (r.reason as grpc.ServiceError).code === grpc.status.RESOURCE_EXHAUSTED);
    expect(limited.length).toBeGreaterThan(0);
    expect(results.length - limited.length).toBeLessThanOrEqual(6);
    await expect(call(h, ask('hi'), BILLING_TOKEN)).resolves.toMatchObject({ model: 'claude-sonnet-4-20250514' });
  });

  it('the request log names the caller and the trace id from traceparent', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    await call(h, ask('hi'), BILLING_TOKEN, { traceparent: `00-${traceId}-00f067aa0ba902b7-01` });
    const line = h
      .logs()
      .filter((r) => r['event'] === 'request')
      .pop();
    expect(line).toMatchObject({ caller: 'billing', trace_id: traceId });
    expect(JSON.stringify(h.logs())).not.toContain(BILLING_TOKEN);
  });
});

describe('TLS and mutual TLS', () => {
  const pki = createTestPki();
  const { proto } = loadModelRouterPackage();
  const client = (creds: grpc.ChannelCredentials, port: number): ModelRouterClient => new proto.modelrouter.v1.ModelRouter(`localhost:${port}`, creds);
  const complete = (c: ModelRouterClient): Promise<CompleteResponse__Output> =>
    new Promise((resolve, reject) => c.Complete(ask('hi'), { deadline: Date.now() + 3000 }, (err, res) => (err ? reject(err) : resolve(res!))));
  /** GET /healthz on the HTTP door over TLS (status), or the connection error. */
  const healthz = (port: number, options: https.RequestOptions): Promise<number | string> =>
    new Promise((resolve) => {
      const req = https.get({ host: '127.0.0.1', servername: 'localhost', port, path: '/healthz', ...options }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
    });
  const plainHealthz = (port: number): Promise<number | string> =>
    fetch(`http://127.0.0.1:${port}/healthz`).then(
      (r) => r.status,
      (err: Error) => String((err.cause as NodeJS.ErrnoException | undefined)?.code ?? err.message),
    );

  it('serves TLS when given a certificate', async () => {
    const h = await startHarness({ config: (c) => (c.server.tls = { cert_file: pki.serverCert, key_file: pki.serverKey }) });
    try {
      const ok = client(grpc.credentials.createSsl(pki.read(pki.caCert)), h.app.port);
      await expect(complete(ok)).resolves.toMatchObject({ model: 'claude-sonnet-4-20250514' });
      ok.close();
      const plain = client(grpc.credentials.createInsecure(), h.app.port);
      await expect(complete(plain)).rejects.toMatchObject({ code: grpc.status.UNAVAILABLE });
      plain.close();
      // The HTTP door takes the same settings: HTTPS with the same certificate, no plaintext.
      const httpPort = h.app.httpPort ?? 0;
      expect(await healthz(httpPort, { ca: pki.read(pki.caCert) })).toBe(200);
      expect(await plainHealthz(httpPort)).not.toBe(200);
    } finally {
      await h.close();
    }
  });

  it('with a client CA, a caller without a client certificate is refused (mTLS)', async () => {
    const h = await startHarness({
      config: (c) => (c.server.tls = { cert_file: pki.serverCert, key_file: pki.serverKey, client_ca_file: pki.caCert }),
    });
    try {
      const withCert = client(grpc.credentials.createSsl(pki.read(pki.caCert), pki.read(pki.clientKey), pki.read(pki.clientCert)), h.app.port);
      await expect(complete(withCert)).resolves.toMatchObject({ model: 'claude-sonnet-4-20250514' });
      withCert.close();
      const withoutCert = client(grpc.credentials.createSsl(pki.read(pki.caCert)), h.app.port);
      await expect(complete(withoutCert)).rejects.toMatchObject({ code: grpc.status.UNAVAILABLE });
      withoutCert.close();
      const httpPort = h.app.httpPort ?? 0;
      expect(await healthz(httpPort, { ca: pki.read(pki.caCert), key: pki.read(pki.clientKey), cert: pki.read(pki.clientCert) })).toBe(200);
      expect(await healthz(httpPort, { ca: pki.read(pki.caCert) })).not.toBe(200);
    } finally {
      await h.close();
    }
  });
});

describe('every call has its log line and its count, refused ones included', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ config: (c) => (c.auth.callers = [{ id: 'billing', token_sha256: sha256(BILLING_TOKEN) }]) });
  });
  afterAll(() => h.close());

  it('logs an UNAUTHENTICATED call and a ListModels call, and counts them', async () => {
    await rejection(call(h, ask('hi'), 'wrong-token'));
    const md = new grpc.Metadata();
    md.set('authorization', `Bearer ${BILLING_TOKEN}`);
    await new Promise((resolve, reject) => h.client.ListModels({ limit: 2 }, md, (err, res) => (err ? reject(err) : resolve(res))));
    const lines = h.logs().filter((r) => r['event'] === 'request');
    expect(lines).toContainEqual(expect.objectContaining({ rpc: 'Complete', caller: 'unauthenticated', code: 'UNAUTHENTICATED' }));
    expect(lines).toContainEqual(expect.objectContaining({ rpc: 'ListModels', caller: 'billing', code: 'OK' }));
    const text = await h.app.metrics.registry.getSingleMetricAsString('modelrouter_requests_total');
    expect(text).toContain('rpc="Complete",task="",model="",code="UNAUTHENTICATED",caller="unauthenticated",transport="grpc"} 1');
    expect(text).toContain('rpc="ListModels",task="",model="",code="OK",caller="billing",transport="grpc"} 1');
  });
});
