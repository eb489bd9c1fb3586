import { RouterMetrics } from '../../src/observability/metrics';
import type { RequestOutcome } from '../../src/observability/requestOutcome';

const KNOWN_MODEL = 'claude-haiku-4-5-20251001';

function metrics(extra: Partial<ConstructorParameters<typeof RouterMetrics>[0]> = {}): RouterMetrics {
  return new RouterMetrics({
    ...extra,
    modelIds: () => [KNOWN_MODEL],
    isModel: (id) => id === KNOWN_MODEL,
    isTask: (name) => name === 'simple_qa',
    catalog: () => ({ models: [{ lifecycle: 'active' }], meta: { fetchedAt: undefined } }),
    circuitState: () => 'closed',
    cache: undefined,
    ...extra,
  });
}

function outcome(task: string, model: string): RequestOutcome {
  return {
    rpc: 'Complete',
    transport: 'grpc',
    caller: 'anonymous',
    traceId: undefined,
    task,
    inference: undefined,
    model,
    code: 'OK',
    latencyMs: 5,
    cacheable: false,
    cached: false,
    fallback: true,
    costUsd: 0.001,
    costEstimated: false,
    attempts: [{ model, outcome: 'ok', latency_ms: 5, error: '' } as never],
    usage: { input_tokens: 3, output_tokens: 4, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 },
    error: undefined,
    errorType: undefined,
    upstreamRequestId: undefined,
    upstreamMessage: undefined,
    localError: undefined,
    labels: undefined,
    rewrites: [],
    params: undefined,
  };
}

describe('RouterMetrics label values', () => {
  it('a task or model outside the config and catalog is counted as "other", on every metric', async () => {
    const m = metrics();
    for (let i = 0; i < 50; i++) m.record(outcome(`task-${i}`, `model-${i}`));
    const text = await m.registry.metrics();
    expect(text).not.toMatch(/task-\d|model-\d/);
    expect(text).toContain('modelrouter_requests_total{rpc="Complete",task="other",model="other",code="OK",caller="anonymous",transport="grpc"} 50');
    expect(text).toContain('modelrouter_upstream_attempts_total{model="other",provider="",outcome="ok"} 50');
    expect(text).toContain('modelrouter_fallbacks_total{task="other",model="other"} 50');
  });

  it('configured tasks and catalog models keep their own names', async () => {
    const m = metrics();
    m.record(outcome('simple_qa', KNOWN_MODEL));
    const text = await m.registry.metrics();
    expect(text).toContain(`modelrouter_requests_total{rpc="Complete",task="simple_qa",model="${KNOWN_MODEL}",code="OK"`);
    expect(text).toContain(`modelrouter_tokens_total{model="${KNOWN_MODEL}",provider="",caller="anonymous",direction="output"} 4`);
  });

  it('local faults are counted by kind', async () => {
    const m = metrics();
    m.record({ ...outcome('simple_qa', KNOWN_MODEL), code: 'UNAVAILABLE', localError: 'file_descriptors' });
    expect(await m.registry.metrics()).toContain('modelrouter_local_errors_total{kind="file_descriptors"} 1');
  });
});

describe('RouterMetrics beyond the request counts', () => {
  it('Node runtime metrics (event-loop lag, GC, heap, handles) when metrics.runtime is on, none when off', async () => {
    const on = await metrics({ runtime: true }).registry.metrics();
    for (const name of [
      'nodejs_eventloop_lag_seconds',
      'nodejs_heap_size_used_bytes',
      'nodejs_gc_duration_seconds',
      'nodejs_active_handles_total',
      'process_resident_memory_bytes',
    ]) {
      expect(on).toContain(`# TYPE ${name}`);
    }
    expect(await metrics({ runtime: false }).registry.metrics()).not.toContain('nodejs_eventloop_lag_seconds');
  });

  it('cost and tokens by an allow-listed request label, its values bounded (others become "other")', async () => {
    const m = metrics({ costLabels: ['team'], maxLabelValues: 2 });
    for (const team of ['search', 'ads', 'search', 'payments', 'growth'])
      m.record({ ...outcome('simple_qa', KNOWN_MODEL), labels: { team, secret_label: 'x' } });
    m.record(outcome('simple_qa', KNOWN_MODEL));
    const text = await m.registry.metrics();
    expect(text).toContain(`modelrouter_cost_by_label_usd_total{label="team",value="search",model="${KNOWN_MODEL}"} 0.002`);
    expect(text).toContain(`modelrouter_cost_by_label_usd_total{label="team",value="ads",model="${KNOWN_MODEL}"} 0.001`);
    expect(text).toContain(`modelrouter_cost_by_label_usd_total{label="team",value="other",model="${KNOWN_MODEL}"} 0.002`);
    expect(text).toContain('modelrouter_tokens_by_label_total{label="team",value="search",direction="output"} 8');
    expect(text).not.toContain('secret_label');
  });
});
