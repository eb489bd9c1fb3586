import * as grpc from '@grpc/grpc-js';
import type { RouterConfig } from './config/schema';
import { ResponseCache } from './cache/responseCache';
import { createMemoryStore } from './cache/memoryStore';
import { CallChain } from './core/callChain';
import { CallerDirectory } from './core/callerDirectory';
import { KeyLimiters } from './core/keyLimiters';
import { Router, type RouterDeps } from './core/router';
import type { CompleteRequest } from './generated/modelrouter/v1/CompleteRequest';
import { createLogger, type Logger } from './observability/logger';
import { createAnthropicClient, createAnthropicProvider } from './providers/anthropic/anthropicProvider';
import { ProviderFleet } from './providers/fleet';
import { BreakerRegistry } from './resilience/breakerRegistry';
import { FallbackExecutor, type ExecutorSettings } from './resilience/fallbackExecutor';
import { RetryBudget } from './resilience/retryBudget';
import { buildReply, messageBody, parseMessagesRequest, sseFrame, streamEvents } from './simulator';
import { loadModelRouterPackage } from './transport/grpc/protoLoader';
import { modelRouterService } from './transport/grpc/service';

export interface WarmupSettings {
  /** Rounds of Complete (a miss and a hit), StreamComplete and Route. */
  rounds: number;
  /** Never longer than this, whatever is left of the rounds. */
  maxMs: number;
}

export interface WarmupReport {
  rounds: number;
  ms: number;
}

/**
 * Runs the hot paths before the process says SERVING, so the first callers after a deploy do not pay for the JIT:
 * a grpc-js server and client on a loopback port of their own (framing, proto in and out), validation, task
 * inference, planning, the cache key and a hit, the executor, and an upstream round trip through the Anthropic SDK
 * and the provider's SSE reading, against an in-process stub that answers as the API does. It runs on a router of
 * its own (own breakers, cache and call chain): nothing it does reaches the real breakers, cache, logs or metrics.
 */
export async function warmUp(
  config: RouterConfig,
  deps: RouterDeps,
  executorSettings: ExecutorSettings,
  settings: WarmupSettings,
  logger: Logger,
): Promise<WarmupReport> {
  const started = Date.now();
  // Its own silent logger: breaker changes and SDK warnings of made-up calls are nobody's business.
  const silent = createLogger('silent');
  const breakers = new BreakerRegistry(config.resilience.breaker, silent);
  const provider = createAnthropicProvider(
    createAnthropicClient({ apiKey: 'warmup', baseURL: 'http://warmup.invalid', timeoutMs: 10_000, logger: silent, fetch: stubFetch }),
    {
      malformedEvent: () => undefined,
    },
  );
  const fleet = new ProviderFleet([
    { platform: 'anthropic', key: 'warmup', weight: 1, provider, limits: { rpm: undefined, tpm: undefined }, unavailable: undefined },
  ]);
  const store = createMemoryStore({ maxEntries: 100, maxBytes: 1 << 20, maxEntryBytes: 1 << 16 });
  const router = new Router({
    ...deps,
    chain: new CallChain(new CallerDirectory([], deps.catalog.current, deps.policy, false), () => undefined, false, false),
    llmClassifier: undefined,
    refreshCatalog: undefined,
    deprecated: () => undefined,
    executor: new FallbackExecutor(breakers, new RetryBudget(config.resilience.retry), executorSettings),
    breakers,
    provider,
    deployments: { fleet, breakers, limiters: new KeyLimiters(fleet), order: 'provider_first' },
    cache: new ResponseCache(store, { ttlSeconds: 60, fallbackTtlSeconds: 60, deterministicOnly: true, lockTtlMs: 1_000, lockWaitMs: 0 }),
  });
  // Served on a loopback port of its own and called through a real grpc-js client: the server's call handling,
  // HTTP/2 framing and (de)serialisation are warmed as well as the router.
  const { proto } = loadModelRouterPackage();
  const server = new grpc.Server({ 'grpc.enable_channelz': 0 });
  server.addService(proto.modelrouter.v1.ModelRouter.service, modelRouterService(router, silent));
  let client: InstanceType<typeof proto.modelrouter.v1.ModelRouter> | undefined;
  let rounds = 0;
  // Each call ends by the warm-up's own deadline: a stalled one cannot hold start-up past max_ms.
  const options = (): grpc.CallOptions => ({ deadline: started + settings.maxMs });
  try {
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, bound) => (err ? reject(err) : resolve(bound))),
    );
    const c = new proto.modelrouter.v1.ModelRouter(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    client = c;
    for (; rounds < settings.rounds && Date.now() - started < settings.maxMs; rounds++) {
      for (const request of REQUESTS) {
        await new Promise<void>((resolve, reject) => c.Complete(request, options(), (err) => (err ? reject(err) : resolve())));
        await new Promise<void>((resolve, reject) => {
          const stream = c.StreamComplete(request, options());
          stream.on('data', () => undefined);
          stream.on('error', reject);
          stream.on('end', resolve);
        });
        await new Promise<void>((resolve, reject) => c.Route(request, options(), (err) => (err ? reject(err) : resolve())));
      }
    }
  } catch (err) {
    // A warm-up that fails or runs out of time says nothing about serving: log it and serve.
    logger.warn('warm-up stopped early', {
      event: 'warmup',
      error: err instanceof Error ? err.message.slice(0, 200) : 'failed',
      rounds,
      ms: Date.now() - started,
    });
  } finally {
    client?.close();
    server.forceShutdown();
    breakers.shutdown();
    await store.close();
  }
  return { rounds, ms: Date.now() - started };
}

/** What callers send most: a question by task, a cacheable one, an untyped one, and code with a tool. */
const REQUESTS: readonly CompleteRequest[] = [
  { task: 'simple_qa', messages: [{ role: 'user', content: 'What is the capital of France?' }], max_tokens: 64 },
  { task: 'simple_qa', temperature: 0, messages: [{ role: 'user', content: 'Name three primary colours.' }], max_tokens: 64 },
  { messages: [{ role: 'user', content: 'Write a function that reverses a string in TypeScript.' }], max_tokens: 64 },
];

/** The Messages API as the simulator answers it, without a socket: JSON, or SSE frames in one body. */
function stubFetch(_input: string | URL | Request, init?: RequestInit): Promise<Response> {
  const body: unknown = JSON.parse(typeof init?.body === 'string' ? init.body : '{}');
  const parsed = parseMessagesRequest(body);
  if (!parsed.ok)
    return Promise.resolve(new Response(JSON.stringify({ type: 'error', error: { type: 'invalid_request_error', message: parsed.message } }), { status: 400 }));
  const reply = buildReply(parsed.request);
  if (!parsed.request.stream)
    return Promise.resolve(new Response(JSON.stringify(messageBody(reply)), { status: 200, headers: { 'content-type': 'application/json' } }));
  const frames = streamEvents(reply)
    .map((e) => sseFrame(e.event, e.data))
    .join('');
  return Promise.resolve(new Response(frames, { status: 200, headers: { 'content-type': 'text/event-stream' } }));
}
