import { Metadata, status, type StatusObject } from '@grpc/grpc-js';
import { formatPath, RouterError, type ErrorKind, type FieldPath } from '../../domain/routerError';
import type { Logger } from '../../observability/logger';

const CODE: Readonly<Record<ErrorKind, status>> = {
  invalid_request: status.INVALID_ARGUMENT,
  unauthenticated: status.UNAUTHENTICATED,
  permission_denied: status.PERMISSION_DENIED,
  not_found: status.NOT_FOUND,
  failed_precondition: status.FAILED_PRECONDITION,
  too_large: status.RESOURCE_EXHAUSTED,
  rate_limited: status.RESOURCE_EXHAUSTED,
  overloaded: status.UNAVAILABLE,
  unavailable: status.UNAVAILABLE,
  deadline: status.DEADLINE_EXCEEDED,
  cancelled: status.CANCELLED,
  internal: status.INTERNAL,
};

/** Status messages travel in HTTP/2 trailers: a long one has been seen to stall the connection with no status. */
export const MAX_DETAILS_CHARS = 1024;

/** Names a request field as the caller wrote it in the proto. */
export type FieldNamer = (field: FieldPath) => string;

/**
 * The one place an error becomes a gRPC status: the code for its kind, a bounded message, and trailing metadata
 * `error-type` (Anthropic's error type), `upstream-status` and `upstream-request-id` when upstream answered,
 * `retry-after` (seconds) when known. Anything that is not a RouterError is a bug: its stack goes to the log and the caller gets INTERNAL.
 */
export function errorStatus(err: unknown, rpc: string, logger: Logger, nameField?: FieldNamer): Partial<StatusObject> {
  const metadata = new Metadata();
  if (!(err instanceof RouterError)) {
    logger.error('unexpected error in handler', { rpc, err: err instanceof Error ? err : String(err) });
    metadata.set('error-type', 'api_error');
    return { code: status.INTERNAL, details: 'internal error', metadata };
  }
  metadata.set('error-type', err.type);
  if (err.upstream?.status !== undefined) metadata.set('upstream-status', String(err.upstream.status));
  if (err.upstream?.requestId) metadata.set('upstream-request-id', err.upstream.requestId.slice(0, 128));
  if (err.retryAfterMs !== undefined) metadata.set('retry-after', String(Math.max(1, Math.ceil(err.retryAfterMs / 1000))));
  return { code: CODE[err.kind], details: bounded(describe(err, nameField)), metadata };
}

function describe(err: RouterError, nameField: FieldNamer | undefined): string {
  if (!err.field || !nameField) return err.message;
  const prefix = formatPath(err.field);
  return err.message.startsWith(prefix) ? `${nameField(err.field)}${err.message.slice(prefix.length)}` : err.message;
}

function bounded(message: string): string {
  return message.length > MAX_DETAILS_CHARS ? `${message.slice(0, MAX_DETAILS_CHARS - 20)}... (${message.length} chars)` : message;
}
