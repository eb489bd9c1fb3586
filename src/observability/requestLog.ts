import { status } from '@grpc/grpc-js';
import type { CompletionRequest } from '../policy/completionRequest';
import type { AttemptRecord } from '../resilience/attempts';
import type { Logger } from './logger';

export interface RequestLogEntry {
  rpc: string;
  task: string | undefined;
  model: string | undefined;
  code: status;
  latencyMs: number;
  cached: boolean;
  attempts: readonly AttemptRecord[];
  costUsd: number;
  inputTokens: number;
  outputTokens: number;
  error: string | undefined;
  request: CompletionRequest | undefined;
}

/**
 * One line per request. Prompt text appears only at debug level; the API key never reaches a log line because
 * nothing on the request path holds it.
 */
export function logRequest(logger: Logger, entry: RequestLogEntry): void {
  const fields: Record<string, unknown> = {
    event: 'request',
    rpc: entry.rpc,
    task: entry.task,
    model: entry.model,
    outcome: entry.code === status.OK ? 'ok' : 'error',
    code: status[entry.code],
    latency_ms: entry.latencyMs,
    cached: entry.cached,
    attempts: entry.attempts.map((a) => `${a.model}:${a.outcome}`),
    cost_usd: entry.costUsd,
    input_tokens: entry.inputTokens,
    output_tokens: entry.outputTokens,
  };
  if (entry.error) fields['error'] = entry.error;
  if (entry.request && Object.keys(entry.request.labels).length > 0) fields['labels'] = entry.request.labels;
  if (logger.isDebug() && entry.request) {
    fields['system'] = entry.request.system;
    fields['messages'] = entry.request.messages;
  }
  logger.info('request', fields);
}
