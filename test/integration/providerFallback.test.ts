import Anthropic from '@anthropic-ai/sdk';
import { checkHealth, healthClient } from '../fakes/resilience';
import { ask, grpcCode, rejection, startHarness, TEST_API_KEY, type Harness } from '../fakes/routerHarness';
import { toStruct } from '../../src/transport/grpc/struct';
import { FakeBedrock } from '../../src/simulator/bedrock';
import { FakeVertex } from '../../src/simulator/vertex';
import type { RouterConfig } from '../../src/config/schema';

const SONNET4 = 'claude-sonnet-4-20250514';
const BEDROCK_SONNET4 = 'anthropic.claude-sonnet-4-20250514-v1:0';
const VERTEX_SONNET4 = 'claude-sonnet-4@20250514';
const AWS = { AWS_ACCESS_KEY_ID: 'AKIDEXAMPLEFALLBACK', AWS_SECRET_ACCESS_KEY: 'aws-secret-never-logged' };
const VERTEX_TOKEN = 'ya29.vertex-token-never-logged';
const PROJECT = 'router-test';
const VERTEX_PRICE = { input: 100, output: 200, cache_write_5m: 0, cache_write_1h: 0, cache_read: 0 };

/** Anthropic (the harness's fake), Bedrock in us-east-1 and Vertex in us-east5, each a fake of its own wire. */
async function threePlatforms(change?: (c: RouterConfig) => void): Promise<{ h: Harness; bedrock: FakeBedrock; vertex: FakeVertex }> {
  const bedrock = await FakeBedrock.start({
    accessKeyId: AWS.AWS_ACCESS_KEY_ID,
    secretAccessKey: AWS.AWS_SECRET_ACCESS_KEY,
    anthropicVersions: ['bedrock-2023-05-31'],
  });
  const vertex = await FakeVertex.start({ accessToken: VERTEX_TOKEN, project: PROJECT, region: 'us-east5', anthropicVersions: ['vertex-2023-10-16'] });
  const h = await startHarness({
    env: { ...AWS, VERTEX_ACCESS_TOKEN: VERTEX_TOKEN },
    config: (c) => {
      c.providers.bedrock = { regions: ['us-east-1'], base_url: bedrock.url, weight: 1 };
      c.providers.vertex = { project_id: PROJECT, regions: ['us-east5'], base_url: `${vertex.url}/v1`, weight: 1 };
      c.resilience.retry.max_retries_per_model = 0;
      change?.(c);
    },
  });
  return { h, bedrock, vertex };
}

describe('the same model on Anthropic, Bedrock and Vertex', () => {
  let h: Harness;
  let bedrock: FakeBedrock;
  let vertex: FakeVertex;
  beforeAll(async () => {
    // No breaker opens here, whatever order the tests run in: each test fails Anthropic on purpose.
    ({ h, bedrock, vertex } = await threePlatforms((c) => {
      c.resilience.breaker.consecutive_failures = 0;
      c.resilience.breaker.volume_threshold = 1_000;
      c.resilience.retry.max_retries_per_model = 1;
      // Vertex's own price for Sonnet 4 (provider_pricing): an answer from there is costed at it.
      const sonnet = c.models.find((m) => m.id === SONNET4);
      if (sonnet) sonnet.provider_pricing = { vertex: VERTEX_PRICE };
    }));
  });
  afterAll(async () => {
    await h.close();
    await Promise.all([bedrock.close(), vertex.close()]);
  });
  beforeEach(() => {
    for (const fake of [h.fake, bedrock, vertex]) {
      fake.reset();
      fake.clearFaults();
    }
  });

  it("Anthropic down: the same model answers from Bedrock, with Bedrock's model id and anthropic_version", async () => {
    h.fake.setFault(SONNET4, { status: 529, times: 1 });
    const answer = await h.complete(ask('hello from bedrock', { model: 'claude-sonnet-4-0', cache: 'CACHE_MODE_BYPASS' }));
    expect(answer).toMatchObject({ model: SONNET4, provider: 'bedrock', deployment: `${SONNET4}@bedrock`, fallback: false });
    expect(answer.attempts.map((a) => [a.deployment, a.provider, a.outcome])).toEqual([
      [`${SONNET4}@anthropic`, 'anthropic', 'error'],
      [`${SONNET4}@bedrock`, 'bedrock', 'ok'],
    ]);
    expect(bedrock.requests[0]).toMatchObject({ modelId: BEDROCK_SONNET4, stream: true });
    expect(bedrock.requests[0]?.body).toMatchObject({ anthropic_version: 'bedrock-2023-05-31' });
    expect(bedrock.requests[0]?.body['model']).toBeUndefined();
    expect(answer.text).not.toBe('');
    const metrics = await h.app.metrics.registry.getSingleMetricAsString('modelrouter_deployment_fallbacks_total');
    expect(metrics).toMatch(new RegExp(`model="${SONNET4}",provider="bedrock"} [1-9]`));
  });

  it('Anthropic and Bedrock down: Vertex answers, streamed, with its own model id and version', async () => {
    h.fake.setFault(SONNET4, { status: 529, times: 1 });
    bedrock.setFault(BEDROCK_SONNET4, { status: 503, times: 1 });
    const chunks = await h.collect(ask('hello from vertex', { model: 'claude-sonnet-4-0', cache: 'CACHE_MODE_BYPASS' }));
    const done = chunks.at(-1)?.done;
    expect(done).toMatchObject({ provider: 'vertex', deployment: `${SONNET4}@vertex`, stop_reason: 'end_turn' });
    expect(
      chunks
        .filter((c) => c.text_delta)
        .map((c) => c.text_delta)
        .join(''),
    ).toBe(done?.text);
    expect(done?.attempts.map((a) => a.outcome)).toEqual(['error', 'error', 'ok']);
    expect(vertex.requests[0]).toMatchObject({ model: VERTEX_SONNET4, project: PROJECT, region: 'us-east5' });
    expect(vertex.requests[0]?.body).toMatchObject({ anthropic_version: 'vertex-2023-10-16' });
    const usage = done?.usage;
    expect(done?.cost_usd).toBeCloseTo((Number(usage?.input_tokens) * VERTEX_PRICE.input + Number(usage?.output_tokens) * VERTEX_PRICE.output) / 1e6, 10);
  });

  it('Bedrock streams arrive as AWS event-stream frames and become the same events: tool calls too', async () => {
    h.fake.setFault(SONNET4, { status: 529, times: 1 });
    const tools = [{ name: 'get_weather', description: 'Weather', input_schema: toStruct({ type: 'object', properties: { location: { type: 'string' } } }) }];
    const chunks = await h.collect(ask("What's the weather in Paris? Use the tool.", { model: 'claude-sonnet-4-0', tools, cache: 'CACHE_MODE_BYPASS' }));
    const done = chunks.at(-1)?.done;
    expect(done).toMatchObject({ provider: 'bedrock', stop_reason: 'tool_use' });
    expect(chunks.some((c) => c.input_json_delta)).toBe(true);
  });

  it('count tokens skips Bedrock (no endpoint there) and moves on when a platform fails', async () => {
    h.fake.setFault(SONNET4, { status: 529 });
    const counted = await new Promise<{ input_tokens: string | number; model: string }>((resolve, reject) =>
      h.client.CountTokens(ask('count me', { model: 'claude-sonnet-4-0' }), (err, res) => (err ? reject(err) : resolve(res as never))),
    );
    expect(counted.model).toBe(SONNET4);
    expect(Number(counted.input_tokens)).toBeGreaterThan(0);
    expect(bedrock.requests).toHaveLength(0);
    expect(vertex.requests.map((r) => r.kind)).toEqual(['countTokens']);
  });

  it('provider first: a failing platform is tried for the same model before a weaker model', async () => {
    h.fake.setFault(SONNET4, { status: 529, times: 1 });
    const answer = await h.complete(ask('chain order', { task: 'code_generation', cache: 'CACHE_MODE_BYPASS' }));
    expect(answer).toMatchObject({ model: SONNET4, provider: 'bedrock', fallback: false });
  });

  it('a deployment whose platform lacks a feature is skipped as incapable; betas it does not take are dropped', async () => {
    h.fake.setFault(SONNET4, { status: 529, times: 1 });
    const answer = await h.complete(
      ask('search the web for the news', {
        model: 'claude-sonnet-4-0',
        tools: [{ type: 'web_search_20250305', name: 'web_search', options: toStruct({ max_uses: 2 }) }],
        betas: ['files-api-2025-04-14'],
        cache: 'CACHE_MODE_BYPASS',
      }),
    );
    expect(answer.attempts.map((a) => [a.provider, a.outcome])).toEqual([
      ['anthropic', 'error'],
      ['bedrock', 'skipped_incapable'],
      ['vertex', 'ok'],
    ]);
    expect(answer.attempts[1]?.error).toContain('bedrock does not run the web_search_20250305 tool');
    expect(vertex.requests[0]?.headers['anthropic-beta']).toBeUndefined();
    const line = h
      .logs()
      .filter((l) => l['event'] === 'request' && l['provider'] === 'vertex')
      .at(-1);
    expect(JSON.stringify(line?.['rewrites'])).toContain('dropped betas files-api-2025-04-14');
  });

  it('over HTTP with the official SDK: the same fallback, and headers naming the platform and deployment', async () => {
    h.fake.setFault(SONNET4, { status: 529, times: 1 });
    const client = new Anthropic({ apiKey: 'sk-caller', baseURL: `http://127.0.0.1:${h.app.httpPort}`, maxRetries: 0 });
    const { data, response } = await client.messages
      .create(
        { model: 'claude-sonnet-4-0', max_tokens: 100, messages: [{ role: 'user', content: 'over http' }] },
        { headers: { 'x-modelrouter-cache': 'bypass' } },
      )
      .withResponse();
    expect(data.model).toBe(SONNET4);
    expect(response.headers.get('x-modelrouter-provider')).toBe('bedrock');
    expect(response.headers.get('x-modelrouter-deployment')).toBe(`${SONNET4}@bedrock`);
    // A stream's headers go out with its first event: they name the platform answering too.
    h.fake.setFault(SONNET4, { status: 529, times: 1 });
    const streamed = await client.messages
      .create(
        { model: 'claude-sonnet-4-0', max_tokens: 100, stream: true, messages: [{ role: 'user', content: 'streamed over http' }] },
        { headers: { 'x-modelrouter-cache': 'bypass' } },
      )
      .withResponse();
    for await (const _event of streamed.data) {
      // drained
    }
    expect(streamed.response.headers.get('x-modelrouter-provider')).toBe('bedrock');
    expect(streamed.response.headers.get('x-modelrouter-deployment')).toBe(`${SONNET4}@bedrock`);
  });

  it('a refusal that belongs to one deployment moves on: Bedrock without model access (403), then a quota (400) reads as rate limited', async () => {
    h.fake.setFault(SONNET4, { status: 529, times: 2 });
    bedrock.setFault(BEDROCK_SONNET4, { status: 403, errorType: 'AccessDeniedException', times: 1 });
    const denied = await h.complete(ask('no access in this region', { model: 'claude-sonnet-4-0', cache: 'CACHE_MODE_BYPASS' }));
    expect(denied.attempts.map((a) => [a.provider, a.outcome])).toEqual([
      ['anthropic', 'error'],
      ['bedrock', 'error'],
      ['vertex', 'ok'],
    ]);
    expect(denied.attempts[1]?.error).toContain("upstream refused the router's credentials");
    bedrock.setFault(BEDROCK_SONNET4, { status: 400, errorType: 'ServiceQuotaExceededException', times: 1 });
    const quota = await h.complete(ask('over quota', { model: 'claude-sonnet-4-0', cache: 'CACHE_MODE_BYPASS' }));
    expect(quota.attempts.map((a) => [a.provider, a.outcome, a.error.split(' (')[0]])).toEqual([
      ['anthropic', 'error', '529 overloaded_error'],
      ['bedrock', 'error', '400 rate_limit_error'],
      ['vertex', 'ok', ''],
    ]);
  });

  it('a retry on the same deployment is kept when the next deployment of the model cannot be called', async () => {
    h.fake.setFault(SONNET4, { status: 529, times: 1 });
    // web_fetch runs on neither Bedrock nor Vertex: Anthropic is the only deployment that can serve it.
    const answer = await h.complete(
      ask('fetch https://example.com', { model: 'claude-sonnet-4-0', tools: [{ type: 'web_fetch_20250910', name: 'web_fetch' }], cache: 'CACHE_MODE_BYPASS' }),
    );
    expect(answer.attempts.map((a) => [a.provider, a.outcome])).toEqual([
      ['anthropic', 'error'],
      ['anthropic', 'ok'],
    ]);
  });

  it('credentials never reach the log', () => {
    const text = JSON.stringify(h.logs());
    for (const secret of [AWS.AWS_SECRET_ACCESS_KEY, VERTEX_TOKEN]) expect(text).not.toContain(secret);
  });
});

describe("one deployment's breaker (its own router: an open breaker must not leak into other tests)", () => {
  it("opens while the model stays SERVING, the deployment's own service does not; GetModel shows both", async () => {
    const { h, bedrock, vertex } = await threePlatforms();
    try {
      h.fake.setFault(SONNET4, { status: 529 });
      for (let i = 0; i < 6; i++) await h.complete(ask(`open ${i}`, { model: 'claude-sonnet-4-0', cache: 'CACHE_MODE_BYPASS' }));
      expect(h.app.breakers.state(`${SONNET4}@anthropic`)).toBe('open');
      const health = healthClient(h.app.port);
      try {
        expect(await checkHealth(health, SONNET4)).toBe('SERVING');
        expect(await checkHealth(health, `modelrouter.v1.ModelRouter/${SONNET4}@anthropic`)).toBe('NOT_SERVING');
        expect(await checkHealth(health, `modelrouter.v1.ModelRouter/${SONNET4}@bedrock`)).toBe('SERVING');
      } finally {
        health.close();
      }
      const model = await h.getModel(SONNET4);
      expect(model.circuit_state).toBe('closed');
      expect(model.deployments.map((d) => [d.id, d.provider, d.platform_model, d.circuit_state])).toEqual([
        [`${SONNET4}@anthropic`, 'anthropic', SONNET4, 'open'],
        [`${SONNET4}@bedrock`, 'bedrock', BEDROCK_SONNET4, 'closed'],
        [`${SONNET4}@vertex`, 'vertex', VERTEX_SONNET4, 'closed'],
      ]);
      const gauge = await h.app.metrics.registry.getSingleMetricAsString('modelrouter_deployment_circuit_state');
      expect(gauge).toContain(`modelrouter_deployment_circuit_state{deployment="${SONNET4}@anthropic"} 2`);
      expect(gauge).toContain(`modelrouter_deployment_circuit_state{deployment="${SONNET4}@bedrock"} 0`);
      const skipped = await h.complete(ask('skip the open one', { model: 'claude-sonnet-4-0', cache: 'CACHE_MODE_BYPASS' }));
      expect(skipped.attempts[0]).toMatchObject({ deployment: `${SONNET4}@anthropic`, outcome: 'skipped_circuit_open' });
    } finally {
      await h.close();
      await Promise.all([bedrock.close(), vertex.close()]);
    }
  });
});

describe('a platform without credentials', () => {
  it('is logged once as unavailable; the router starts and serves from the others', async () => {
    const h = await startHarness({
      env: { MODELROUTER_TEST_KEY: TEST_API_KEY },
      config: (c) => {
        c.providers.anthropic.keys = [
          { name: 'missing', api_key_env: 'MODELROUTER_TEST_MISSING_KEY', weight: 1 },
          { name: 'main', api_key_env: 'MODELROUTER_TEST_KEY', weight: 1 },
        ];
      },
    });
    try {
      const lines = h.logs().filter((l) => l['event'] === 'provider_unavailable');
      expect(lines).toEqual([expect.objectContaining({ platform: 'anthropic', key: 'missing', reason: 'MODELROUTER_TEST_MISSING_KEY is not set' })]);
      const readiness = (await (await fetch(`http://127.0.0.1:${h.app.httpPort}/healthz`)).json()) as Record<string, unknown>;
      expect(readiness).toEqual({
        status: 'serving',
        providers: [
          { platform: 'anthropic', key: 'missing', ready: false, reason: 'MODELROUTER_TEST_MISSING_KEY is not set' },
          { platform: 'anthropic', key: 'main', ready: true },
        ],
      });
      const answer = await h.complete(ask('the other key serves', { model: 'claude-sonnet-4-0' }));
      expect(answer).toMatchObject({ provider: 'anthropic', deployment: `${SONNET4}@anthropic:main` });
      expect(JSON.stringify(h.logs())).not.toContain(TEST_API_KEY);
    } finally {
      await h.close();
    }
  });
});

describe('Bedrock and Vertex configured without any credentials', () => {
  it('both are logged unavailable at start-up (never a secret), and Anthropic serves', async () => {
    const h = await startHarness({
      // No AWS keys or Vertex token in the router's environment; this machine has no AWS profile or Google ADC either.
      env: {},
      config: (c) => {
        c.providers.bedrock = { regions: ['us-east-1'], base_url: 'http://127.0.0.1:9', weight: 1 };
        c.providers.vertex = { project_id: PROJECT, regions: ['us-east5'], base_url: 'http://127.0.0.1:9/v1', weight: 1 };
      },
    });
    try {
      const unavailable = h.logs().filter((l) => l['event'] === 'provider_unavailable');
      expect(unavailable.map((l) => [l['platform'], l['key']])).toEqual([
        ['bedrock', 'us-east-1'],
        ['vertex', 'us-east5'],
      ]);
      expect(String(unavailable[0]?.['reason'])).toMatch(/^no AWS credentials/);
      expect(String(unavailable[1]?.['reason'])).toMatch(/^no Google credentials/);
      const model = await h.getModel(SONNET4);
      expect(model.deployments.map((d) => d.id)).toEqual([`${SONNET4}@anthropic`]);
      expect((await h.complete(ask('still serving', { model: 'claude-sonnet-4-0' }))).provider).toBe('anthropic');
    } finally {
      await h.close();
    }
  });
});

describe('no platform can serve', () => {
  it('every model reads NOT_SERVING, its circuit open with no deployment, and /healthz answers 503', async () => {
    const h = await startHarness({
      env: {},
      config: (c) => {
        c.providers.anthropic.enabled = false;
        c.providers.bedrock = { regions: ['us-east-1'], base_url: 'http://127.0.0.1:9', weight: 1 };
      },
    });
    const health = healthClient(h.app.port);
    try {
      expect(await checkHealth(health, SONNET4)).toBe('NOT_SERVING');
      const model = await h.getModel(SONNET4);
      expect([model.circuit_state, model.deployments]).toEqual(['open', []]);
      const readiness = await fetch(`http://127.0.0.1:${h.app.httpPort}/healthz`);
      expect(readiness.status).toBe(503);
      expect(((await readiness.json()) as { providers: unknown[] }).providers).toEqual([expect.objectContaining({ platform: 'bedrock', ready: false })]);
    } finally {
      health.close();
      await h.close();
    }
  });
});

describe("a platform's refusal of the request itself", () => {
  it("is not tried again in the platform's other regions: the caller gets its 400 after one call", async () => {
    const bedrock = await FakeBedrock.start({ anthropicVersions: ['bedrock-2023-05-31'] });
    const h = await startHarness({
      env: AWS,
      config: (c) => {
        c.providers.anthropic.enabled = false;
        c.providers.bedrock = { regions: ['us-east-1', 'us-west-2'], base_url: bedrock.url, weight: 1 };
      },
    });
    try {
      bedrock.setFault(BEDROCK_SONNET4, { status: 400, errorType: 'ValidationException' });
      const err = await rejection(h.complete(ask('a bad request', { model: 'claude-sonnet-4-0' })));
      expect(grpcCode(err)).toBe(3);
      expect(bedrock.calls(BEDROCK_SONNET4)).toBe(1);
    } finally {
      await h.close();
      await bedrock.close();
    }
  });
});
