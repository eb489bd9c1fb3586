import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { protoPath as healthProtoPath } from 'grpc-health-check';
import type { BreakerConfig, RetryConfig, RouterConfig } from '../../src/config/schema';
import type { CompleteResponse__Output } from '../../src/generated/modelrouter/v1/CompleteResponse';
import type { CircuitState } from '../../src/resilience/modelBreaker';
import { ask, type Harness } from './routerHarness';

/** Shared by the resilience and circuit breaker tests. */
// simple_qa = [HAIKU_45, HAIKU_35, SONNET_4] in config/router.yaml.
export const HAIKU_45 = 'claude-haiku-4-5-20251001';
export const HAIKU_35 = 'claude-3-5-haiku-20241022';
export const SONNET_4 = 'claude-sonnet-4-20250514';
export const OPUS_45 = 'claude-opus-4-5-20251101';
export const SIMPLE_QA = [HAIKU_45, HAIKU_35, SONNET_4];

export interface Tuning {
  breaker?: Partial<BreakerConfig>;
  retry?: Partial<RetryConfig>;
  upstreamTimeoutMs?: number;
}

/** Short real timers, no cache (a cached answer would hide upstream behaviour). */
export function tuned(t: Tuning = {}): (c: RouterConfig) => void {
  return (c) => {
    c.cache.enabled = false;
    Object.assign(c.resilience.breaker, { error_threshold_percent: 50, volume_threshold: 4, reset_timeout_ms: 300, rolling_window_ms: 10_000 }, t.breaker);
    Object.assign(c.resilience.retry, { base_delay_ms: 10 }, t.retry);
    if (t.upstreamTimeoutMs !== undefined) c.upstream.timeout_ms = t.upstreamTimeoutMs;
  };
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until the predicate holds; fails with `what` after timeoutMs. */
export async function waitFor(predicate: () => boolean | Promise<boolean>, timeoutMs = 3_000, what = 'condition'): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (await predicate()) return;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(10);
  }
}

export function steps(res: CompleteResponse__Output): Array<[string, string]> {
  return res.attempts.map((a) => [a.model, a.outcome]);
}

export function state(h: Harness, model: string): CircuitState {
  return h.app.breakers.state(model);
}

export function waitForState(h: Harness, model: string, want: CircuitState, timeoutMs = 5_000): Promise<void> {
  return waitFor(() => state(h, model) === want, timeoutMs, `${model} to be ${want} (is ${state(h, model)})`);
}

/** Fails `model` with 529s through `task` until its breaker opens; every request is still answered by a fallback. */
export async function trip(h: Harness, model: string, task = 'simple_qa'): Promise<void> {
  h.fake.setFault(model, { status: 529 });
  for (let i = 0; i < 40 && state(h, model) !== 'open'; i++) {
    const res = await h.complete(ask(`trip ${model} ${i}`, { task }));
    expect(res.model).not.toBe(model);
  }
  expect(state(h, model)).toBe('open');
}

export function requestLogs(h: Harness): Array<Record<string, unknown>> {
  return h.logs().filter((r) => r['event'] === 'request');
}

export type HealthStatus = 'UNKNOWN' | 'SERVING' | 'NOT_SERVING' | 'SERVICE_UNKNOWN';

export interface HealthClient extends grpc.Client {
  Check(request: { service: string }, callback: (err: grpc.ServiceError | null, res?: { status: HealthStatus }) => void): grpc.ClientUnaryCall;
}

/** A grpc.health.v1 client built from grpc-health-check's own proto. */
export function healthClient(port: number): HealthClient {
  const definition = protoLoader.loadSync(healthProtoPath, { keepCase: true, enums: String, defaults: true });
  const loaded = grpc.loadPackageDefinition(definition) as unknown as {
    grpc: { health: { v1: { Health: new (address: string, creds: grpc.ChannelCredentials) => HealthClient } } };
  };
  return new loaded.grpc.health.v1.Health(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
}

export function checkHealth(client: HealthClient, service: string): Promise<HealthStatus> {
  return new Promise((resolve, reject) => {
    client.Check({ service }, (err, res) => (err ? reject(err) : resolve(res?.status ?? 'UNKNOWN')));
  });
}
