import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from '@anthropic-ai/sdk';
import { status } from '@grpc/grpc-js';

/**
 * - model: the model (or the path to it) failed: counts against its breaker, may be retried, falls back.
 * - request: the request itself is wrong (400, 413): would fail on every model; neutral for the breaker.
 * - credentials: the router's key or account is refused (401, 402, 403): the same on every model.
 * - cancelled / deadline: the caller gave up or ran out of time: not the model's fault.
 */
export type FailureKind = 'model' | 'request' | 'credentials' | 'cancelled' | 'deadline';

export interface UpstreamFailure {
  kind: FailureKind;
  /** The gRPC status this failure maps to when it ends the call. */
  code: status;
  /** Worth another try on the same model. */
  retryable: boolean;
  /** Upstream's retry-after / retry-after-ms, in ms. */
  retryAfterMs: number | undefined;
  /** Short, safe for callers and logs: status, error type and upstream's message; never a key or a prompt. */
  summary: string;
}

/** Why the router aborted an attempt; set as the AbortSignal's reason. */
export type AbortCause = 'cancelled' | 'deadline' | 'attempt_timeout';

const TYPE_BY_STATUS: Record<number, string> = {
  400: 'invalid_request_error', 401: 'authentication_error', 402: 'billing_error', 403: 'permission_error',
  404: 'not_found_error', 408: 'timeout_error', 409: 'conflict_error', 413: 'request_too_large',
  429: 'rate_limit_error', 500: 'api_error', 504: 'timeout_error', 529: 'overloaded_error',
};

/** Every upstream error becomes an UpstreamFailure here and nowhere else. */
export function classifyUpstreamError(err: unknown, abortCause: AbortCause | undefined): UpstreamFailure {
  if (abortCause === 'cancelled') return failure('cancelled', status.CANCELLED, 'the caller cancelled the request');
  if (abortCause === 'deadline') return failure('deadline', status.DEADLINE_EXCEEDED, "the caller's deadline passed");
  if (abortCause === 'attempt_timeout' || err instanceof APIConnectionTimeoutError) {
    return failure('model', status.DEADLINE_EXCEEDED, 'upstream timed out');
  }
  if (err instanceof APIUserAbortError) return failure('cancelled', status.CANCELLED, 'upstream request aborted');
  if (err instanceof APIConnectionError) {
    return { ...failure('model', status.UNAVAILABLE, `connection error: ${err.message}`), retryable: true };
  }
  if (err instanceof APIError) return classifyApiError(err);
  throw err;
}

function classifyApiError(err: APIError): UpstreamFailure {
  const httpStatus = err.status;
  const type = err.type ?? (httpStatus !== undefined ? TYPE_BY_STATUS[httpStatus] : undefined) ?? 'api_error';
  const detail = err.apiMessage ? `: ${err.apiMessage}` : '';
  // An `event: error` inside a 200 stream has no HTTP status: it is judged by its type alone.
  const summary = `${httpStatus ?? 'stream'} ${type}${detail}`;
  const retryAfterMs = readRetryAfter(err.headers);

  if (httpStatus === 429 || type === 'rate_limit_error') {
    // A spend-limit 429 carries no retry-after, and retrying it will not help.
    return { kind: 'model', code: status.RESOURCE_EXHAUSTED, retryable: retryAfterMs !== undefined, retryAfterMs, summary };
  }
  if (httpStatus === 400 || httpStatus === 413 || httpStatus === 422 || type === 'invalid_request_error' || type === 'request_too_large') {
    return failure('request', status.INVALID_ARGUMENT, `upstream rejected the request: ${summary}`);
  }
  if (httpStatus === 401 || httpStatus === 402 || httpStatus === 403 || type === 'authentication_error' || type === 'permission_error' || type === 'billing_error') {
    // INTERNAL: the caller can do nothing about the router's credentials. The message names no key.
    return failure('credentials', status.INTERNAL, `upstream refused the router's credentials (${summary})`);
  }
  if (httpStatus === 404 || type === 'not_found_error') {
    return { ...failure('model', status.NOT_FOUND, summary), retryAfterMs };
  }
  const isTimeout = httpStatus === 504 || httpStatus === 408 || type === 'timeout_error';
  return {
    kind: 'model',
    code: isTimeout ? status.DEADLINE_EXCEEDED : status.UNAVAILABLE,
    retryable: true,
    retryAfterMs,
    summary,
  };
}

function failure(kind: FailureKind, code: status, summary: string): UpstreamFailure {
  return { kind, code, retryable: false, retryAfterMs: undefined, summary };
}

function readRetryAfter(headers: Headers | undefined): number | undefined {
  if (!headers) return undefined;
  const ms = Number(headers.get('retry-after-ms'));
  if (headers.get('retry-after-ms') !== null && Number.isFinite(ms) && ms >= 0) return ms;
  const value = headers.get('retry-after');
  if (value === null) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}
