import type { Logger } from './logger';
import type { RequestOutcome } from './requestOutcome';

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
    task: outcome.task,
    model: outcome.model,
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
  if (outcome.error) fields['error'] = outcome.error;
  if (outcome.errorType) fields['error_type'] = outcome.errorType;
  if (outcome.rewrites.length > 0) fields['rewrites'] = outcome.rewrites;
  if (outcome.costEstimated) fields['cost_estimated'] = true;
  const deprecated = outcome.attempts.filter((a) => a.deprecated).map((a) => a.model);
  if (deprecated.length > 0) fields['deprecated_models'] = [...new Set(deprecated)];
  if (outcome.labels && Object.keys(outcome.labels).length > 0) fields['labels'] = outcome.labels;
  if (logger.enabled('debug') && outcome.params) {
    fields['system'] = outcome.params.system;
    fields['messages'] = outcome.params.messages;
  }
  logger.info('request', fields);
}
