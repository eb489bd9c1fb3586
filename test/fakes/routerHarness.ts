import * as grpc from '@grpc/grpc-js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startApp, type App } from '../../src/app';
import type { CacheStore } from '../../src/cache/cacheStore';
import { parseConfig } from '../../src/config/loadConfig';
import type { RouterConfig } from '../../src/config/schema';
import type { CompleteChunk__Output } from '../../src/generated/modelrouter/v1/CompleteChunk';
import type { CompleteRequest } from '../../src/generated/modelrouter/v1/CompleteRequest';
import type { CompleteResponse__Output } from '../../src/generated/modelrouter/v1/CompleteResponse';
import type { ListModelsRequest } from '../../src/generated/modelrouter/v1/ListModelsRequest';
import type { ListModelsResponse__Output } from '../../src/generated/modelrouter/v1/ListModelsResponse';
import type { Model__Output } from '../../src/generated/modelrouter/v1/Model';
import type { ModelRouterClient } from '../../src/generated/modelrouter/v1/ModelRouter';
import type { RouteDecision__Output } from '../../src/generated/modelrouter/v1/RouteDecision';
import { createMemoryLogger, type LogFields } from '../../src/observability/logger';
import { loadModelRouterPackage } from '../../src/transport/grpc/protoLoader';
import { FakeAnthropic } from '../../src/simulator';

export const CONFIG_PATH = join(__dirname, '..', '..', 'config', 'router.yaml');
export const TEST_API_KEY = 'sk-ant-test-key-never-logged';

/** The shipped config/router.yaml, bound to loopback on a free port, with a test's changes applied. */
export function testConfig(change?: (config: RouterConfig) => void): RouterConfig {
  const config = parseConfig(readFileSync(CONFIG_PATH, 'utf8'), CONFIG_PATH);
  config.server.grpc_port = 0;
  config.http.port = 0;
  // The shipped catalog, fixed: a test that wants it live from the fake's Models API says so.
  config.catalog.live = false;
  config.http.host = '127.0.0.1';
  config.server.host = '127.0.0.1';
  config.server.shutdown_grace_ms = 2000;
  // 0 disables the Prometheus endpoint: parallel test files would fight over 9464. Metrics tests pick a free port.
  config.metrics.port = 0;
  // Requests without a task take the default task, as they did before task inference: the tests of inference
  // turn it on (test/integration/taskInference.test.ts).
  config.routing.infer_task = false;
  // Start-up warm-up is measured by make bench and tested on its own (test/integration/warmup.test.ts).
  config.warmup.enabled = false;
  // A full GC after 6 s idle would land in whichever test of the worker happens to be waiting; tested on its own
  // (test/integration/idleGc.test.ts, test/unit/idleCollector.test.ts).
  config.runtime.idle_gc_after_ms = 0;
  change?.(config);
  return config;
}

export interface CallOptions {
  deadlineMs?: number;
}

export interface Harness {
  fake: FakeAnthropic;
  app: App;
  client: ModelRouterClient;
  config: RouterConfig;
  logs(): LogFields[];
  complete(request: CompleteRequest, options?: CallOptions): Promise<CompleteResponse__Output>;
  stream(request: CompleteRequest, options?: CallOptions): grpc.ClientReadableStream<CompleteChunk__Output>;
  collect(request: CompleteRequest, options?: CallOptions): Promise<CompleteChunk__Output[]>;
  route(request: CompleteRequest): Promise<RouteDecision__Output>;
  listModels(request: ListModelsRequest): Promise<ListModelsResponse__Output>;
  getModel(id: string): Promise<Model__Output>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  config?: (config: RouterConfig) => void;
  cacheStore?: CacheStore;
  /** Reuse an already running fake (two routers, one upstream). */
  fake?: FakeAnthropic;
  /** The environment platform credentials are read from (AWS_*, VERTEX_ACCESS_TOKEN, keys' variables). */
  env?: NodeJS.ProcessEnv;
}

export function createClient(port: number, options?: grpc.ChannelOptions): ModelRouterClient {
  const { proto } = loadModelRouterPackage();
  return new proto.modelrouter.v1.ModelRouter(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), options);
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const ownFake = !options.fake;
  // The harness routes over the config's catalog, whose chains reach models the fake's own lineup calls retired.
  const fake = options.fake ?? (await FakeAnthropic.start({ apiKey: TEST_API_KEY, serveRetiredModels: true }));
  const config = testConfig((c) => {
    c.upstream.base_url = fake.url;
    options.config?.(c);
  });
  const { logger, records } = createMemoryLogger('info');
  const app = await startApp({
    config,
    apiKey: TEST_API_KEY,
    logger,
    ...(options.cacheStore ? { cacheStore: options.cacheStore } : {}),
    env: options.env ?? {},
  });
  const client = createClient(app.port);
  const callOptions = (o?: CallOptions): grpc.CallOptions => (o?.deadlineMs ? { deadline: Date.now() + o.deadlineMs } : {});
  const unary = <Req, Res>(
    method: (req: Req, md: grpc.Metadata, opts: grpc.CallOptions, cb: (err: grpc.ServiceError | null, res?: Res) => void) => unknown,
    request: Req,
    o?: CallOptions,
  ): Promise<Res> =>
    new Promise((resolve, reject) => {
      method.call(client, request, new grpc.Metadata(), callOptions(o), (err, res) => (err ? reject(err) : resolve(res as Res)));
    });

  const harness: Harness = {
    fake,
    app,
    client,
    config,
    logs: records,
    complete: (request, o) => unary(client.Complete, request, o),
    route: (request) => unary(client.Route, request),
    listModels: (request) => unary(client.ListModels, request),
    getModel: (id) => unary(client.GetModel, { id }),
    stream: (request, o) => client.StreamComplete(request, callOptions(o)),
    collect: (request, o) =>
      new Promise((resolve, reject) => {
        const chunks: CompleteChunk__Output[] = [];
        const call = harness.stream(request, o);
        call.on('data', (chunk: CompleteChunk__Output) => chunks.push(chunk));
        call.on('error', reject);
        call.on('end', () => resolve(chunks));
      }),
    async close() {
      client.close();
      await app.close(500);
      if (ownFake) await fake.close();
    },
  };
  return harness;
}

/** A one-message request. */
export function ask(content: string, extra: Partial<CompleteRequest> = {}): CompleteRequest {
  return { messages: [{ role: 'user', content }], ...extra };
}

export function grpcCode(err: unknown): grpc.status | undefined {
  return (err as grpc.ServiceError | undefined)?.code;
}

/** Resolves with the error a promise rejects with; fails the test if it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<grpc.ServiceError> {
  try {
    await promise;
  } catch (err) {
    return err as grpc.ServiceError;
  }
  throw new Error('expected the call to fail, but it succeeded');
}
