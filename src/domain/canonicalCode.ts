import type { ErrorKind } from './routerError';

/**
 * The canonical status names (google.rpc.Code) for each kind: the `code` of the request log and the metrics, the
 * same words whichever door a call came through.
 */
export const CANONICAL_CODE: Readonly<Record<ErrorKind, string>> = {
  invalid_request: 'INVALID_ARGUMENT',
  unauthenticated: 'UNAUTHENTICATED',
  permission_denied: 'PERMISSION_DENIED',
  not_found: 'NOT_FOUND',
  failed_precondition: 'FAILED_PRECONDITION',
  too_large: 'RESOURCE_EXHAUSTED',
  rate_limited: 'RESOURCE_EXHAUSTED',
  overloaded: 'UNAVAILABLE',
  unavailable: 'UNAVAILABLE',
  deadline: 'DEADLINE_EXCEEDED',
  cancelled: 'CANCELLED',
  internal: 'INTERNAL',
};
