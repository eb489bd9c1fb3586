import { formatPath, RouterError, type ErrorKind } from '../../domain/routerError';
import type { Logger } from '../../observability/logger';

const STATUS: Readonly<Record<ErrorKind, number>> = {
  invalid_request: 400,
  unauthenticated: 401,
  permission_denied: 403,
  not_found: 404,
  // A retired model: the API itself answers 404 for it.
  failed_precondition: 404,
  too_large: 413,
  rate_limited: 429,
  overloaded: 529,
  unavailable: 503,
  deadline: 504,
  // Nobody reads it: the caller went away. nginx's "client closed request".
  cancelled: 499,
  internal: 500,
};

/** Upstream answered 413: the status says so too, not only the type. */
const STATUS_BY_TYPE: Readonly<Record<string, number>> = { request_too_large: 413 };

const MAX_MESSAGE_CHARS = 1024;

export interface HttpError {
  status: number;
  headers: Record<string, string>;
  body: { type: 'error'; error: { type: string; message: string } };
}

/**
 * The one place an error becomes an HTTP answer, in Anthropic's own shape so every SDK maps it to its error class:
 * status and `{"type":"error","error":{"type","message"}}`, `retry-after` when known, a bounded message with the
 * field written as the API writes it (messages.2.content.0.source). Anything that is not a RouterError is a bug,
 * logged with its stack and answered 500 without details.
 */
export function toHttpError(err: unknown, logger: Logger): HttpError {
  if (err instanceof RouterError) {
    const headers: Record<string, string> = {};
    if (err.retryAfterMs !== undefined) headers['retry-after'] = String(Math.max(1, Math.ceil(err.retryAfterMs / 1000)));
    if (err.attempts.length > 0) headers['x-modelrouter-attempts'] = JSON.stringify(err.attempts).slice(0, 4096);
    if (err.upstream?.status !== undefined) headers['x-modelrouter-upstream-status'] = String(err.upstream.status);
    if (err.upstream?.requestId) headers['upstream-request-id'] = err.upstream.requestId.slice(0, 128);
    return errorOf(STATUS_BY_TYPE[err.type] ?? STATUS[err.kind], err.type, describe(err), headers);
  }
  logger.error('unexpected error in HTTP handler', { err: err instanceof Error ? err : String(err) });
  return errorOf(500, 'api_error', 'internal error', {});
}

/** Fastify's own refusals (a body that is not JSON, over the size limit, of another content type) in the router's words. */
export function fromFastifyError(err: unknown): RouterError | undefined {
  const fastify = err as { statusCode?: unknown; code?: unknown; message?: unknown };
  if (typeof fastify.statusCode !== 'number' || fastify.statusCode < 400 || fastify.statusCode >= 500 || typeof fastify.code !== 'string') return undefined;
  if (fastify.statusCode === 413) return new RouterError('too_large', 'the request body is over limits.max_request_bytes');
  if (fastify.statusCode === 404) return new RouterError('not_found', String(fastify.message));
  return new RouterError('invalid_request', String(fastify.message));
}

function errorOf(status: number, type: string, message: string, headers: Record<string, string>): HttpError {
  const bounded = message.length > MAX_MESSAGE_CHARS ? `${message.slice(0, MAX_MESSAGE_CHARS - 20)}... (${message.length} chars)` : message;
  return { status, headers, body: { type: 'error', error: { type, message: bounded } } };
}

function describe(err: RouterError): string {
  if (!err.field) return err.message;
  const prefix = formatPath(err.field);
  return err.message.startsWith(prefix) ? `${err.field.join('.')}${err.message.slice(prefix.length)}` : err.message;
}
