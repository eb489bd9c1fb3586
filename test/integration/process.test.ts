import * as grpc from '@grpc/grpc-js';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CompleteResponse__Output } from '../../src/generated/modelrouter/v1/CompleteResponse';
import { DEFAULT_MODEL_LINEUP, FakeAnthropic } from '../../src/simulator';
import { freePort } from '../fakes/freePort';
import { ask, CONFIG_PATH, createClient } from '../fakes/routerHarness';
import { spawnRouter, type SpawnedRouter } from '../fakes/spawnRouter';

const SECRET = 'sk-ant-process-test-secret';

function complete(port: number, request = ask('hello there', { task: 'general' })): Promise<CompleteResponse__Output> {
  const client = createClient(port);
  return new Promise<CompleteResponse__Output>((resolve, reject) => client.Complete(request, (err, res) => (err ? reject(err) : resolve(res!)))).finally(() =>
    client.close(),
  );
}

/** The newest active model of a line in the fake's default Models API listing. */
function newestActive(line: string): string {
  const model = [...DEFAULT_MODEL_LINEUP]
    .filter((m) => m.line === line && m.lifecycle === 'active')
    .sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at))[0];
  if (!model) throw new Error(`no active ${line} in the lineup`);
  return model.id;
}

describe('the service as a process (npm start)', () => {
  let router: SpawnedRouter | undefined;
  afterEach(async () => {
    if (router && router.child.exitCode === null) {
      router.child.kill('SIGKILL');
      await router.exited;
    }
    router = undefined;
  });

  it('without ANTHROPIC_API_KEY it answers from the built-in simulator and says so loudly', async () => {
    const port = await freePort();
    router = spawnRouter({ GRPC_PORT: String(port) });
    const warning = await router.waitForEvent('simulator_mode');
    expect(warning['level']).toBe('warn');
    expect(String(warning['msg'])).toMatch(/SIMULATOR/);
    await router.waitForEvent('started');
    const res = await complete(port, ask('What is 2+2?', { task: 'simple_qa' }));
    // The catalog is live from the simulator's Models API: today's lineup, family:haiku its newest active haiku.
    expect(res.model).toBe(newestActive('haiku'));
    expect(res.text).toContain('Simulated reply');
  });

  it('SIMULATOR_OUTAGE=anthropic: the Anthropic simulator is down and the same model answers from the Bedrock simulator', async () => {
    const port = await freePort();
    router = spawnRouter({ GRPC_PORT: String(port), SIMULATOR_OUTAGE: 'anthropic' });
    expect(await router.waitForEvent('simulator_outage')).toMatchObject({ platforms: ['anthropic'] });
    await router.waitForEvent('started');
    const res = await complete(port, ask('Where do you run?', { model: 'claude-sonnet-4-0' }));
    expect(res).toMatchObject({ model: 'claude-sonnet-4-20250514', provider: 'bedrock', deployment: 'claude-sonnet-4-20250514@bedrock', fallback: false });
    expect(res.attempts.map((a) => `${a.deployment}:${a.outcome}`)).toEqual([
      'claude-sonnet-4-20250514@anthropic:error',
      'claude-sonnet-4-20250514@bedrock:ok',
    ]);
  });

  it('without ANTHROPIC_API_KEY but with another platform configured, real upstreams are used, not the simulator', async () => {
    const port = await freePort();
    router = spawnRouter({ GRPC_PORT: String(port), BEDROCK_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'AKIDPROCESS', AWS_SECRET_ACCESS_KEY: 'process-secret' });
    const started = await router.waitForEvent('started');
    expect(started['upstream']).not.toBe('simulator');
    expect(router.stdout()).not.toContain('"event":"simulator_mode"');
    expect(router.stdout()).toContain('ANTHROPIC_API_KEY is not set');
    expect(router.stdout() + router.stderr()).not.toContain('process-secret');
  });

  it('SIMULATOR_OUTAGE naming no platform stops start-up saying so', async () => {
    router = spawnRouter({ GRPC_PORT: String(await freePort()), SIMULATOR_OUTAGE: 'azure' });
    expect(await router.exited).toBe(1);
    expect(router.stderr()).toContain("SIMULATOR_OUTAGE: 'azure' is not one of anthropic, bedrock, vertex");
  });

  it('writes nothing but JSON lines: budgeted thinking goes to Opus 4.6 as adaptive, so the SDK has no warning to print', async () => {
    const port = await freePort();
    router = spawnRouter({ GRPC_PORT: String(port), LOG_LEVEL: 'info' });
    await router.waitForEvent('started');
    const res = await complete(port, ask('Think it over', { model: 'claude-opus-4-6', thinking_budget_tokens: 2048, max_tokens: 4096 }));
    expect(res.model).toBe('claude-opus-4-6');
    const line = await router.waitForEvent('request');
    expect(line['rewrites']).toEqual(['claude-opus-4-6: thinking sent as adaptive: the model has no budgeted thinking (budget 2048 not sent)']);
    router.child.kill('SIGTERM');
    await router.exited;
    expect(router.stderr()).toBe('');
    const lines = router
      .stdout()
      .split('\n')
      .filter((l) => l !== '');
    for (const l of lines) expect(() => JSON.parse(l) as unknown).not.toThrow();
    expect(router.stdout()).not.toMatch(/thinking\.type=enabled' is deprecated/);
  });

  it("SIGHUP refreshes the live catalog (here from the simulator's Models API)", async () => {
    const port = await freePort();
    router = spawnRouter({ GRPC_PORT: String(port) });
    const started = await router.waitForEvent('started');
    expect(String(started['catalog'])).toMatch(/^upstream, \d+ models$/);
    router.child.kill('SIGHUP');
    const refreshed = await router.waitForEvent('catalog_refresh', 10_000, (l) => l['reason'] === 'SIGHUP');
    expect(refreshed).toMatchObject({ outcome: 'ok' });
  });

  it('drains on SIGTERM: the call in flight completes, then it exits 0; the key is never logged', async () => {
    const fake = await FakeAnthropic.start({ apiKey: SECRET });
    try {
      fake.setFault('*', { delayMs: 600 });
      const port = await freePort();
      router = spawnRouter({ GRPC_PORT: String(port), ANTHROPIC_API_KEY: SECRET, ANTHROPIC_BASE_URL: fake.url, LOG_LEVEL: 'debug' });
      await router.waitForEvent('started');
      const inFlight = complete(port);
      await new Promise((r) => setTimeout(r, 200));
      router.child.kill('SIGTERM');
      await router.waitForEvent('draining');
      await expect(inFlight).resolves.toMatchObject({ model: newestActive('sonnet') });
      expect(await router.exited).toBe(0);
      expect(router.stdout()).toContain('"event":"stopped"');
      expect(router.stdout() + router.stderr()).not.toContain(SECRET);
      // Debug level is asked for: the prompt may be logged, the key still not.
      expect(router.stdout()).toContain('hello there');
    } finally {
      await fake.close();
    }
  });

  it('when the grace period runs out, calls still in flight are cut and it still exits 0', async () => {
    const fake = await FakeAnthropic.start({ apiKey: SECRET });
    try {
      fake.setFault('*', { hang: true });
      const port = await freePort();
      router = spawnRouter({ GRPC_PORT: String(port), ANTHROPIC_API_KEY: SECRET, ANTHROPIC_BASE_URL: fake.url, SHUTDOWN_GRACE_MS: '300' });
      await router.waitForEvent('started');
      const stuck = complete(port).catch((err: grpc.ServiceError) => err);
      await new Promise((r) => setTimeout(r, 200));
      const signalled = Date.now();
      router.child.kill('SIGTERM');
      expect(await router.exited).toBe(0);
      expect(Date.now() - signalled).toBeLessThan(5_000);
      const err = await stuck;
      expect(err).toBeInstanceOf(Error);
      expect(router.stdout()).toContain('grace period over');
    } finally {
      await fake.close();
    }
  });

  it('a bad config stops start-up with a message naming the field', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'modelrouter-config-'));
    const path = join(dir, 'router.yaml');
    writeFileSync(path, readFileSync(CONFIG_PATH, 'utf8').replace('default_max_tokens: 1024', 'default_max_tokens: -3'));
    router = spawnRouter({ ROUTER_CONFIG: path, GRPC_PORT: String(await freePort()) });
    expect(await router.exited).toBe(1);
    expect(router.stderr()).toMatch(/upstream\.default_max_tokens/);
  });

  it('a bad environment override stops start-up naming the variable', async () => {
    router = spawnRouter({ GRPC_PORT: 'fifty' });
    expect(await router.exited).toBe(1);
    expect(router.stderr()).toMatch(/server\.grpc_port \(from GRPC_PORT\)/);
  });

  it('refuses new calls once draining', async () => {
    const port = await freePort();
    router = spawnRouter({ GRPC_PORT: String(port), SHUTDOWN_GRACE_MS: '2000' });
    await router.waitForEvent('started');
    router.child.kill('SIGTERM');
    expect(await router.exited).toBe(0);
    await expect(complete(port)).rejects.toMatchObject({ code: grpc.status.UNAVAILABLE });
  });
});
