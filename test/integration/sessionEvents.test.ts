import { connect, constants } from 'node:http2';
import { freePort } from '../fakes/freePort';
import { ask, createClient, startHarness, type Harness } from '../fakes/routerHarness';
import { cancelStorm } from '../fakes/cancelStorm';
import { spawnRouter, type SpawnedRouter } from '../fakes/spawnRouter';

describe('HTTP/2 connection events on the gRPC port', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('a client that sends GOAWAY is logged (throttled) and counted', async () => {
    for (let i = 0; i < 5; i++) {
      const session = connect(`http://127.0.0.1:${h.app.port}`);
      await new Promise<void>((resolve, reject) => {
        session.once('remoteSettings', () => resolve());
        session.once('error', reject);
      });
      session.goaway(constants.NGHTTP2_ENHANCE_YOUR_CALM);
      await new Promise((resolve) => setTimeout(resolve, 50));
      session.destroy();
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    const text = await h.app.metrics.registry.metrics();
    expect(text).toContain('modelrouter_http2_session_events_total{event="goaway_received"} 5');
    // Five of each, one line of each kind: the rest are counted into the next line.
    const lines = h.logs().filter((l) => l['event'] === 'http2_session');
    expect(lines.filter((l) => l['kind'] === 'goaway_received')).toEqual([
      expect.objectContaining({ detail: `code ${constants.NGHTTP2_ENHANCE_YOUR_CALM}`, remote: '127.0.0.1' }),
    ]);
    expect(lines.filter((l) => l['kind'] === 'session_error')).toEqual([expect.objectContaining({ detail: 'ERR_HTTP2_SESSION_ERROR' })]);
    expect(text).toContain('modelrouter_http2_session_events_total{event="session_error"} 5');
    // The server goes on serving.
    expect((await h.complete(ask('still there?', { task: 'simple_qa' }))).text.length).toBeGreaterThan(0);
  });
});

describe('a cancel storm (300 cancels/s) on one connection', () => {
  let router: SpawnedRouter | undefined;
  afterAll(async () => {
    if (router && router.child.exitCode === null) {
      router.child.kill('SIGKILL');
      await router.exited;
    }
  });

  it('leaves callers on other connections unharmed and the process serving', async () => {
    const port = await freePort();
    router = spawnRouter({ GRPC_PORT: String(port), CACHE_ENABLED: 'false' });
    await router.waitForEvent('started');
    const stormClient = createClient(port);
    // Its own channel: grpc-js shares one connection per target and options, so a distinct option separates them.
    const bystanderClient = createClient(port, { 'grpc.primary_user_agent': 'bystander' });
    const { cancels, answers, failures } = await cancelStorm(stormClient, bystanderClient, 300, 4);
    stormClient.close();
    expect(failures).toEqual([]);
    // How many depends on the machine (make bench-hardening measures it); that it answered at all, without error, is the point.
    expect(answers).toBeGreaterThan(0);
    expect(cancels).toBeGreaterThan(300);
    const after = await new Promise<string>((resolve, reject) =>
      bystanderClient.Complete(ask('after the storm', { task: 'simple_qa' }), (err, res) => (err ? reject(err) : resolve(res?.text ?? ''))),
    );
    expect(after.length).toBeGreaterThan(0);
    bystanderClient.close();
    expect(router.child.exitCode).toBeNull();
  }, 20_000);
});
