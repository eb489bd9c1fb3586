import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { protoPath as healthProtoPath } from 'grpc-health-check';
import { join } from 'node:path';
import type { CompleteRequest } from '../../src/generated/modelrouter/v1/CompleteRequest';
import { ask, rejection, startHarness, type Harness } from '../fakes/routerHarness';

type HealthClient = grpc.Client & {
  Check(req: { service: string }, cb: (err: grpc.ServiceError | null, res?: { status: string }) => void): void;
};

function healthClient(port: number): HealthClient {
  const def = protoLoader.loadSync(healthProtoPath, { keepCase: true, enums: String, defaults: true });
  const pkg = grpc.loadPackageDefinition(def) as unknown as { grpc: { health: { v1: { Health: grpc.ServiceClientConstructor } } } };
  return new pkg.grpc.health.v1.Health(`127.0.0.1:${port}`, grpc.credentials.createInsecure()) as unknown as HealthClient;
}

function check(client: HealthClient, service: string): Promise<string> {
  return new Promise((resolve, reject) => client.Check({ service }, (err, res) => (err ? reject(err) : resolve(res!.status))));
}

describe('the service surface', () => {
  let h: Harness;
  let health: HealthClient;
  beforeAll(async () => {
    h = await startHarness({ config: (c) => (c.limits.max_request_bytes = 64 * 1024) });
    health = healthClient(h.app.port);
  });
  afterAll(async () => {
    health.close();
    await h.close();
  });
  beforeEach(() => h.fake.reset());

  it('ListModels pages newest first like the Models API, with circuit state and pricing', async () => {
    const first = await h.listModels({ limit: 3 });
    expect(first.data.map((m) => m.id)).toEqual(['claude-opus-4-5-20251101', 'claude-haiku-4-5-20251001', 'claude-sonnet-4-5-20250929']);
    expect(first).toMatchObject({ first_id: 'claude-opus-4-5-20251101', last_id: 'claude-sonnet-4-5-20250929', has_more: true });
    expect(first.data[0]).toMatchObject({ type: 'model', circuit_state: 'closed', created_at: '2025-11-01T00:00:00Z' });
    expect(first.data[0]?.pricing).toMatchObject({ input_per_mtok: 5, output_per_mtok: 25 });
    const next = await h.listModels({ after_id: first.last_id, limit: 3 });
    expect(next.data[0]?.id).toBe('claude-opus-4-1-20250805');
    const err = await rejection(h.listModels({ limit: 1001 }));
    expect(err.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect((await rejection(h.listModels({ after_id: 'gpt-4' }))).code).toBe(grpc.status.INVALID_ARGUMENT);
  });

  it('GetModel resolves ids and aliases, and says NOT_FOUND for the rest', async () => {
    const model = await h.getModel('claude-3-5-haiku-latest');
    expect(model).toMatchObject({
      id: 'claude-3-5-haiku-20241022',
      family: 'haiku',
      context_window: 200000,
      max_output_tokens: 8192,
      extended_thinking: false,
      bedrock_id: 'anthropic.claude-3-5-haiku-20241022-v1:0',
      vertex_id: 'claude-3-5-haiku@20241022',
      aliases: ['claude-3-5-haiku-latest'],
    });
    const sonnet45 = await h.getModel('claude-sonnet-4-5');
    expect(sonnet45).toMatchObject({ deprecated: true, retires_at: '2026-11-30T00:00:00Z' });
    const err = await rejection(h.getModel('invalid-model'));
    expect(err.code).toBe(grpc.status.NOT_FOUND);
    expect(err.details).toBe("Model 'invalid-model' not found");
  });

  it('Route is a dry run: model, fallbacks and reason, no upstream call', async () => {
    const decision = await h.route(ask('write a function', { task: 'code_generation' }));
    expect(decision).toMatchObject({
      task: 'code_generation',
      model: 'claude-sonnet-4-20250514',
      fallbacks: ['claude-3-7-sonnet-20250219', 'claude-opus-4-5-20251101'],
    });
    expect(decision.reason).toContain('code_generation');
    expect(h.fake.calls()).toBe(0);
  });

  it('bad input gets INVALID_ARGUMENT or NOT_FOUND before any upstream call, and the service keeps serving', async () => {
    const cases: [CompleteRequest, grpc.status, RegExp][] = [
      [ask('hi', { task: 'poetry' }), grpc.status.INVALID_ARGUMENT, /known tasks/],
      [{ messages: [] }, grpc.status.INVALID_ARGUMENT, /at least one message/],
      [ask('hi', { temperature: 2 }), grpc.status.INVALID_ARGUMENT, /temperature/],
      [ask('hi', { model: 'claude-9' }), grpc.status.NOT_FOUND, /Model 'claude-9' not found/],
      [{ messages: [{ role: 'tool', content: 'x' }] }, grpc.status.INVALID_ARGUMENT, /role/],
    ];
    for (const [request, code, message] of cases) {
      const err = await rejection(h.complete(request));
      expect(err.code).toBe(code);
      expect(err.details).toMatch(message);
    }
    expect(h.fake.calls()).toBe(0);
    await expect(h.complete(ask('still there?'))).resolves.toMatchObject({ model: 'claude-sonnet-4-20250514' });
  });

  it('a request over the configured size is RESOURCE_EXHAUSTED', async () => {
    const err = await rejection(h.complete(ask('x'.repeat(100 * 1024))));
    expect(err.code).toBe(grpc.status.RESOURCE_EXHAUSTED);
    expect(h.fake.calls()).toBe(0);
  });

  it('health reports SERVING for the server, the service and each model', async () => {
    expect(await check(health, '')).toBe('SERVING');
    expect(await check(health, 'modelrouter.v1.ModelRouter')).toBe('SERVING');
    expect(await check(health, 'claude-haiku-4-5-20251001')).toBe('SERVING');
    await expect(check(health, 'no-such-service')).rejects.toMatchObject({ code: grpc.status.NOT_FOUND });
  });

  it('server reflection lists the service, so grpcurl works without the proto', async () => {
    const reflectionProto = join(require.resolve('@grpc/reflection/package.json'), '..', 'build', 'proto', 'grpc', 'reflection', 'v1', 'reflection.proto');
    const def = protoLoader.loadSync(reflectionProto, { keepCase: true, defaults: true, oneofs: true });
    const pkg = grpc.loadPackageDefinition(def) as unknown as {
      grpc: { reflection: { v1: { ServerReflection: grpc.ServiceClientConstructor } } };
    };
    const client = new pkg.grpc.reflection.v1.ServerReflection(`127.0.0.1:${h.app.port}`, grpc.credentials.createInsecure()) as unknown as grpc.Client & {
      ServerReflectionInfo(): grpc.ClientDuplexStream<unknown, { list_services_response?: { service: { name: string }[] } }>;
    };
    const names = await new Promise<string[]>((resolve, reject) => {
      const call = client.ServerReflectionInfo();
      call.on('data', (res) => {
        resolve(res.list_services_response?.service.map((s: { name: string }) => s.name) ?? []);
        call.end();
      });
      call.on('error', reject);
      call.write({ list_services: '' });
    });
    client.close();
    expect(names).toContain('modelrouter.v1.ModelRouter');
    expect(names).toContain('grpc.health.v1.Health');
  });
});
