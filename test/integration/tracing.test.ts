import * as grpc from '@grpc/grpc-js';
import { propagation, SpanKind, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider, type ReadableSpan } from '@opentelemetry/sdk-trace';
import type { CompleteRequest } from '../../src/generated/modelrouter/v1/CompleteRequest';
import type { CompleteResponse__Output } from '../../src/generated/modelrouter/v1/CompleteResponse';
import { ask, startHarness, type Harness } from '../fakes/routerHarness';

const HAIKU45 = 'claude-haiku-4-5-20251001';
const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const CALLER_SPAN = '00f067aa0ba902b7';

/** The in-memory exporter stands in for OTLP: the router's spans through the real SDK, as `make run` would send them. */
const exporter = new InMemorySpanExporter();
const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });

function completeWithTrace(h: Harness, request: CompleteRequest, traceparent?: string): Promise<CompleteResponse__Output> {
  const metadata = new grpc.Metadata();
  if (traceparent) metadata.set('traceparent', traceparent);
  return new Promise((resolve, reject) => h.client.Complete(request, metadata, (err, res) => (err ? reject(err) : resolve(res as CompleteResponse__Output))));
}

const childrenOf = (spans: readonly ReadableSpan[], parent: ReadableSpan): ReadableSpan[] =>
  spans.filter((s) => s.parentSpanContext?.spanId === parent.spanContext().spanId);

describe('OpenTelemetry traces', () => {
  let h: Harness;
  beforeAll(async () => {
    trace.setGlobalTracerProvider(provider);
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    h = await startHarness({ config: (c) => (c.resilience.retry.max_retries_per_model = 0) });
  });
  afterAll(async () => {
    await h.close();
    await provider.shutdown();
    trace.disable();
    propagation.disable();
  });
  beforeEach(() => {
    exporter.reset();
    h.fake.reset();
    h.fake.clearFaults();
  });

  it("a fallback call is one span under the caller's trace, with the cache lookup and each attempt (and its upstream request) as children", async () => {
    h.fake.setFault(HAIKU45, { status: 529, times: 1 });
    const answer = await completeWithTrace(h, ask('trace me', { task: 'simple_qa', temperature: 0 }), `00-${TRACE_ID}-${CALLER_SPAN}-01`);
    expect(answer.fallback).toBe(true);
    const spans = exporter.getFinishedSpans();
    const call = spans.find((s) => s.name === 'modelrouter.Complete');
    expect(call).toBeDefined();
    if (!call) return;
    expect(call.spanContext().traceId).toBe(TRACE_ID);
    expect(call.parentSpanContext?.spanId).toBe(CALLER_SPAN);
    expect(call.kind).toBe(SpanKind.SERVER);
    expect(call.attributes).toMatchObject({
      'modelrouter.task': 'simple_qa',
      'modelrouter.code': 'OK',
      'modelrouter.fallback': true,
      'modelrouter.model': answer.model,
    });

    const children = childrenOf(spans, call);
    expect(children.map((s) => s.name)).toEqual(['modelrouter.cache.lookup', 'modelrouter.attempt', 'modelrouter.attempt']);
    const attempts = children.filter((s) => s.name === 'modelrouter.attempt');
    expect(attempts.map((s) => [s.attributes['modelrouter.model'], s.attributes['modelrouter.outcome']])).toEqual([
      [HAIKU45, 'error'],
      [answer.model, 'ok'],
    ]);
    expect(attempts[0]?.status.code).toBe(2);
    for (const attempt of attempts) {
      const upstream = childrenOf(spans, attempt);
      expect(upstream.map((s) => [s.name, s.kind])).toEqual([['modelrouter.upstream', SpanKind.CLIENT]]);
    }

    // Upstream got the trace too: each request's traceparent names its own upstream span.
    const upstreamIds = spans.filter((s) => s.name === 'modelrouter.upstream').map((s) => s.spanContext().spanId);
    const sent = h.fake.requests.map((r) => String(r.headers['traceparent']));
    expect(sent).toEqual(upstreamIds.map((id) => `00-${TRACE_ID}-${id}-01`));
    const line = h
      .logs()
      .filter((l) => l['event'] === 'request')
      .at(-1);
    expect(line?.['trace_id']).toBe(TRACE_ID);
  });

  it('a call without a traceparent starts a trace of its own, and the log names it', async () => {
    await completeWithTrace(h, ask('no parent', { task: 'simple_qa', cache: 'CACHE_MODE_BYPASS' }));
    const call = exporter.getFinishedSpans().find((s) => s.name === 'modelrouter.Complete');
    expect(call?.parentSpanContext).toBeUndefined();
    const line = h
      .logs()
      .filter((l) => l['event'] === 'request')
      .at(-1);
    expect(line?.['trace_id']).toBe(call?.spanContext().traceId);
  });

  it("the warm-up's calls before SERVING record no spans", async () => {
    const warmed = await startHarness({
      config: (c) => {
        c.warmup.enabled = true;
        c.warmup.rounds = 3;
        // Counted rounds, not the clock: on a busy machine three rounds can take longer than the default 2 s.
        c.warmup.max_ms = 30_000;
      },
    });
    try {
      expect(warmed.logs().find((l) => l['event'] === 'warmup')).toMatchObject({ rounds: 3 });
      expect(exporter.getFinishedSpans()).toEqual([]);
    } finally {
      await warmed.close();
    }
  });

  it('a failed call ends its span as an error with the status code', async () => {
    h.fake.setFault('*', { status: 400, errorType: 'invalid_request_error', message: 'bad' });
    await expect(completeWithTrace(h, ask('bad', { task: 'simple_qa', cache: 'CACHE_MODE_BYPASS' }))).rejects.toMatchObject({
      code: grpc.status.INVALID_ARGUMENT,
    });
    const call = exporter.getFinishedSpans().find((s) => s.name === 'modelrouter.Complete');
    expect(call?.status.code).toBe(2);
    expect(call?.attributes['modelrouter.code']).toBe('INVALID_ARGUMENT');
  });
});
