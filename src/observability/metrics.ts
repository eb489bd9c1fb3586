import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import { FleetMetrics } from './fleetMetrics';
import type { Usage } from '../domain/messages';
import { registerStateGauges } from './stateGauges';
import type { RequestOutcome } from './requestOutcome';

/** What the metrics read on each scrape, from the parts that own the state. */
export interface MetricsSources {
  modelIds: () => readonly string[];
  /** A catalog model id (of the moment): other values become `other`, so a caller cannot mint label values. */
  isModel: (id: string) => boolean;
  /** A configured task name: other values become `other`. */
  isTask: (name: string) => boolean;
  /** The catalog of the moment: how many models per lifecycle, and when it was read from upstream. */
  catalog: () => { models: readonly { lifecycle: string }[]; meta: { fetchedAt: number | undefined } };
  circuitState: (modelId: string) => 'closed' | 'half_open' | 'open';
  /** Absent when the cache is off. */
  cache: { errors(): number; up(): boolean } | undefined;
  /** metrics.cost_labels and metrics.max_label_values. */
  costLabels?: readonly string[];
  maxLabelValues?: number;
  /** metrics.runtime: prom-client's default Node metrics in the same registry. */
  runtime?: boolean;
  /** Each deployment's breaker: `<model>@<platform>[:<key>]` and its state. */
  deploymentStates?: (() => Iterable<readonly [string, 'closed' | 'half_open' | 'open']>) | undefined;
}

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];
/** The caller the classifier's own calls are counted under. */
export const CLASSIFIER_CALLER = 'modelrouter:classifier';

/** The label value for anything outside a label's closed set. */
export const OTHER = 'other';

/** Prometheus metrics, fed from each request's outcome and read from the breakers and the cache store on scrape. */
export class RouterMetrics {
  readonly registry = new Registry();
  /** Limits, budgets, breakers and fills shared across replicas. */
  readonly fleet = new FleetMetrics(this.registry);
  private readonly requests = new Counter({
    name: 'modelrouter_requests_total',
    help: 'Requests by rpc, task, serving model, status code (canonical names), caller and door (grpc, http).',
    labelNames: ['rpc', 'task', 'model', 'code', 'caller', 'transport'] as const,
    registers: [this.registry],
  });
  private readonly latency = new Histogram({
    name: 'modelrouter_request_duration_seconds',
    help: 'End-to-end request latency.',
    labelNames: ['rpc', 'task', 'cached'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  private readonly upstreamAttempts = new Counter({
    name: 'modelrouter_upstream_attempts_total',
    help: 'Steps of the fallback chain by model, platform (anthropic, bedrock, vertex) and outcome (ok, error, skipped_circuit_open, skipped_incapable).',
    labelNames: ['model', 'provider', 'outcome'] as const,
    registers: [this.registry],
  });
  private readonly upstreamLatency = new Histogram({
    name: 'modelrouter_upstream_duration_seconds',
    help: 'Latency of upstream attempts per model and platform.',
    labelNames: ['model', 'provider', 'outcome'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  private readonly fallbacks = new Counter({
    name: 'modelrouter_fallbacks_total',
    help: 'Requests answered by a model other than the chain primary.',
    labelNames: ['task', 'model'] as const,
    registers: [this.registry],
  });
  private readonly deploymentFallbacks = new Counter({
    name: 'modelrouter_deployment_fallbacks_total',
    help: 'Answers served by another deployment of the model (key, region or platform) than the first one tried, by model and the platform that served.',
    labelNames: ['model', 'provider'] as const,
    registers: [this.registry],
  });
  private readonly retries = new Counter({
    name: 'modelrouter_retries_total',
    help: 'Retries of a failed attempt on the same model.',
    labelNames: ['model'] as const,
    registers: [this.registry],
  });
  private readonly cacheLookups = new Counter({
    name: 'modelrouter_cache_lookups_total',
    help: 'Cache lookups of cacheable requests by result (hit, miss).',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });
  private readonly tokens = new Counter({
    name: 'modelrouter_tokens_total',
    help: 'Tokens billed by upstream (cache hits excluded), by model, platform, caller and direction.',
    labelNames: ['model', 'provider', 'caller', 'direction'] as const,
    registers: [this.registry],
  });
  private readonly cost = new Counter({
    name: 'modelrouter_cost_usd_total',
    help: 'US dollars spent upstream, by model, platform and caller.',
    labelNames: ['model', 'provider', 'caller'] as const,
    registers: [this.registry],
  });

  private readonly inferences = new Counter({
    name: 'modelrouter_task_inferences_total',
    help: 'Requests that named no task, by the task chosen and result (inferred; unsure: the default task was used).',
    labelNames: ['task', 'result'] as const,
    registers: [this.registry],
  });

  private readonly classifierCalls = new Counter({
    name: 'modelrouter_task_classifier_calls_total',
    help: 'Models asked for the task of a request (routing.classifier llm or hybrid), by outcome (ok, cached, timeout, error, unreadable, no_model).',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  private readonly costByLabel = new Counter({
    name: 'modelrouter_cost_by_label_usd_total',
    help: 'US dollars spent upstream by an allow-listed request label (metrics.cost_labels) and its value, and model.',
    labelNames: ['label', 'value', 'model'] as const,
    registers: [this.registry],
  });
  private readonly tokensByLabel = new Counter({
    name: 'modelrouter_tokens_by_label_total',
    help: 'Tokens billed by upstream by an allow-listed request label (metrics.cost_labels), its value and direction.',
    labelNames: ['label', 'value', 'direction'] as const,
    registers: [this.registry],
  });
  /** Values seen per allow-listed label: bounded, so a caller cannot grow the series without end. */
  private readonly labelValues = new Map<string, Set<string>>();

  private readonly localErrors = new Counter({
    name: 'modelrouter_local_errors_total',
    help: "Calls that failed on the router's own machine, no model at fault (file_descriptors, memory, dns, tls, bug).",
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });

  private readonly sessionEvents = new Counter({
    name: 'modelrouter_http2_session_events_total',
    help: 'gRPC HTTP/2 connections that failed or were told to go away, by event (session_error, goaway_received, frame_error).',
    labelNames: ['event'] as const,
    registers: [this.registry],
  });

  private readonly catalogRefreshes = new Counter({
    name: 'modelrouter_catalog_refresh_total',
    help: 'Catalog refreshes from the Models API by outcome (ok, error).',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  private readonly malformedEvents = new Counter({
    name: 'modelrouter_upstream_malformed_events_total',
    help: 'Stream events upstream sent that could not be read, by model (one per stream is skipped, a second cuts it).',
    labelNames: ['model'] as const,
    registers: [this.registry],
  });
  private readonly catalogSkipped = new Counter({
    name: 'modelrouter_catalog_skipped_entries_total',
    help: 'Entries of a Models API listing that were not models (missing id, unknown lifecycle, ...): skipped.',
    registers: [this.registry],
  });

  private readonly costLabels: readonly string[];
  private readonly maxLabelValues: number;
  private readonly isModel: (id: string) => boolean;
  private readonly isTask: (name: string) => boolean;

  constructor({
    modelIds,
    isModel,
    isTask,
    circuitState,
    cache,
    catalog,
    deploymentStates,
    costLabels = [],
    maxLabelValues = 200,
    runtime = false,
  }: MetricsSources) {
    this.isModel = isModel;
    this.isTask = isTask;
    this.costLabels = costLabels;
    this.maxLabelValues = maxLabelValues;
    if (runtime) collectDefaultMetrics({ register: this.registry });
    registerStateGauges(this.registry, { modelIds, circuitState, cache, catalog, deploymentStates });
  }

  recordSessionEvent(event: 'session_error' | 'goaway_received' | 'frame_error'): void {
    this.sessionEvents.inc({ event });
  }

  recordMalformedEvent(model: string): void {
    this.malformedEvents.inc({ model: this.model(model) });
  }

  recordCatalogRefresh(outcome: 'ok' | 'error', skipped: number): void {
    this.catalogRefreshes.inc({ outcome });
    if (skipped > 0) this.catalogSkipped.inc(skipped);
  }

  /** A model asked for a task: its tokens and cost are the router's own, under caller `modelrouter:classifier`. */
  recordClassifierCall(outcome: string, spent?: { model: string; usage: Usage; costUsd: number }): void {
    this.classifierCalls.inc({ outcome });
    if (!spent) return;
    const labels = { model: this.model(spent.model), provider: 'anthropic', caller: CLASSIFIER_CALLER };
    this.tokens.inc({ ...labels, direction: 'input' }, spent.usage.input_tokens);
    this.tokens.inc({ ...labels, direction: 'output' }, spent.usage.output_tokens);
    this.cost.inc(labels, spent.costUsd);
  }

  record(outcome: RequestOutcome): void {
    const task = outcome.task === undefined ? '' : this.isTask(outcome.task) ? outcome.task : OTHER;
    const model = this.model(outcome.model);
    this.requests.inc({ rpc: outcome.rpc, task, model, code: outcome.code, caller: outcome.caller, transport: outcome.transport });
    this.latency.observe({ rpc: outcome.rpc, task, cached: String(outcome.cached) }, outcome.latencyMs / 1000);
    let previous: string | undefined;
    for (const attempt of outcome.attempts) {
      const attempted = this.model(attempt.model);
      const provider = platform(attempt.provider);
      this.upstreamAttempts.inc({ model: attempted, provider, outcome: attempt.outcome });
      if (attempt.outcome === 'ok' || attempt.outcome === 'error') {
        this.upstreamLatency.observe({ model: attempted, provider, outcome: attempt.outcome }, attempt.latency_ms / 1000);
        if ((attempt.deployment ?? attempt.model) === previous) this.retries.inc({ model: attempted });
      }
      previous = attempt.deployment ?? attempt.model;
    }
    if (outcome.fallback) this.fallbacks.inc({ task, model });
    const firstTried = outcome.attempts.find((a) => a.model === outcome.model && a.deployment !== undefined)?.deployment;
    if (outcome.deployment !== undefined && firstTried !== undefined && firstTried !== outcome.deployment) {
      this.deploymentFallbacks.inc({ model, provider: platform(outcome.provider) });
    }
    if (outcome.inference) this.inferences.inc({ task, result: outcome.inference.confident ? 'inferred' : 'unsure' });
    if (outcome.localError) this.localErrors.inc({ kind: outcome.localError });
    if (outcome.cacheable && outcome.code === 'OK') this.cacheLookups.inc({ result: outcome.cached ? 'hit' : 'miss' });
    if (outcome.usage && !outcome.cached && outcome.model !== undefined) {
      const provider = platform(outcome.provider);
      this.tokens.inc({ model, provider, caller: outcome.caller, direction: 'input' }, outcome.usage.input_tokens);
      this.tokens.inc({ model, provider, caller: outcome.caller, direction: 'output' }, outcome.usage.output_tokens);
      this.cost.inc({ model, provider, caller: outcome.caller }, outcome.costUsd);
      for (const label of this.costLabels) {
        const raw = outcome.labels?.[label];
        if (raw === undefined) continue;
        const value = this.labelValue(label, raw);
        this.costByLabel.inc({ label, value, model }, outcome.costUsd);
        this.tokensByLabel.inc({ label, value, direction: 'input' }, outcome.usage.input_tokens);
        this.tokensByLabel.inc({ label, value, direction: 'output' }, outcome.usage.output_tokens);
      }
    }
  }

  private labelValue(label: string, value: string): string {
    let seen = this.labelValues.get(label);
    if (!seen) this.labelValues.set(label, (seen = new Set()));
    if (seen.has(value)) return value;
    if (seen.size >= this.maxLabelValues) return OTHER;
    seen.add(value);
    return value;
  }

  private model(id: string | undefined): string {
    if (id === undefined || id === '') return '';
    return this.isModel(id) ? id : OTHER;
  }
}

const PLATFORMS = new Set(['anthropic', 'bedrock', 'vertex']);

/** A platform label from the closed set ('' when none was called). */
function platform(name: string | undefined): string {
  return name === undefined ? '' : PLATFORMS.has(name) ? name : OTHER;
}
