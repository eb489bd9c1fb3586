import { status } from '@grpc/grpc-js';
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
    caller: outcome.caller,
    task: outcome.task,
    model: outcome.model,
    outcome: outcome.code === status.OK ? 'ok' : 'error',
    code: status[outcome.code],
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
  if (outcome.request && Object.keys(outcome.request.labels).length > 0) fields['labels'] = outcome.request.labels;
  if (logger.enabled('debug') && outcome.request) {
    fields['system'] = outcome.request.system;
    fields['messages'] = outcome.request.messages;
  }
  logger.info('request', fields);
}
