import type { Logger } from './logger';
import type { RequestOutcome } from './requestOutcome';

/** Caller strings are bounded in the log as in errors: a refused 200,000-character task must not become the log line. */
const MAX_NAME_CHARS = 128;
const MAX_ERROR_CHARS = 4096;
const MAX_LABELS_LOGGED = 16;

function clip<T extends string | undefined>(value: T, max = MAX_NAME_CHARS): T {
  if (value === undefined || value.length <= max) return value;
  return `${value.slice(0, max)}... (${value.length} chars)` as T;
}

function clipLabels(labels: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(labels)
      .slice(0, MAX_LABELS_LOGGED)
      .map(([key, value]) => [clip(key), clip(value, 256)]),
  );
}

/**
 * One line per request. Prompt text appears only at debug level; the API key never reaches a log line because
 * nothing on the request path holds it.
 */
export function logRequest(logger: Logger, outcome: RequestOutcome): void {
  if (!logger.enabled('info')) return;
  const fields: Record<string, unknown> = {
    event: 'request',
    rpc: outcome.rpc,
    transport: outcome.transport,
    caller: outcome.caller,
    task: clip(outcome.task),
    model: clip(outcome.model),
    outcome: outcome.code === 'OK' ? 'ok' : 'error',
    code: outcome.code,
    latency_ms: outcome.latencyMs,
    cached: outcome.cached,
    fallback: outcome.fallback,
    attempts: outcome.attempts.map((a) => `${a.model}:${a.outcome}`),
    cost_usd: outcome.costUsd,
    input_tokens: outcome.usage?.input_tokens ?? 0,
    output_tokens: outcome.usage?.output_tokens ?? 0,
  };
  if (outcome.traceId) fields['trace_id'] = outcome.traceId;
  if (outcome.provider) {
    fields['provider'] = outcome.provider;
    fields['deployment'] = clip(outcome.deployment);
  }
  if (outcome.inference) {
    fields['task_inferred'] = true;
    fields['task_confidence'] = Number(outcome.inference.confidence.toFixed(3));
    // The reason quotes words of the prompt: debug level, like the prompt itself.
    if (logger.enabled('debug')) fields['task_reason'] = outcome.inference.reason;
  }
  if (outcome.error) fields['error'] = clip(outcome.error, MAX_ERROR_CHARS);
  if (outcome.errorType) fields['error_type'] = outcome.errorType;
  if (outcome.upstreamRequestId) fields['upstream_request_id'] = clip(outcome.upstreamRequestId);
  // Upstream's own words stay here, not in the caller's error (unless errors.passthrough_upstream_messages).
  if (outcome.upstreamMessage) fields['upstream_message'] = clip(outcome.upstreamMessage, MAX_ERROR_CHARS);
  if (outcome.localError) fields['local_error'] = outcome.localError;
  if (outcome.rewrites.length > 0) fields['rewrites'] = outcome.rewrites;
  if (outcome.costEstimated) fields['cost_estimated'] = true;
  const deprecated = outcome.attempts.filter((a) => a.deprecated).map((a) => a.model);
  if (deprecated.length > 0) fields['deprecated_models'] = [...new Set(deprecated)];
  if (outcome.labels && Object.keys(outcome.labels).length > 0) fields['labels'] = clipLabels(outcome.labels);
  if (logger.enabled('debug') && outcome.params) {
    fields['system'] = outcome.params.system;
    fields['messages'] = outcome.params.messages;
  }
  logger.info('request', fields);
}
