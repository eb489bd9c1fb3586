import type { AttemptRecord } from './attempts';

/** What went wrong, in the router's words; each transport maps a kind to its own status once. */
export type ErrorKind =
  | 'invalid_request'
  | 'unauthenticated'
  | 'permission_denied'
  | 'not_found'
  | 'failed_precondition'
  | 'too_large'
  | 'rate_limited'
  | 'overloaded'
  | 'unavailable'
  | 'deadline'
  | 'cancelled'
  | 'internal';

/**
 * Whose fault it is, which decides what the fallback executor does: `model` counts against the model's breaker
 * and moves on along the chain; `caller` (a bad request, a cancel) and `router` (our credentials, our bugs) end
 * the call without blaming any model.
 */
export type Blame = 'model' | 'caller' | 'router';

/** A field of the Messages JSON shape, e.g. ['messages', 2, 'content', 0, 'source', 'media_type']. */
export type FieldPath = readonly (string | number)[];

/** What upstream said, when it answered. */
export interface UpstreamFacts {
  status: number | undefined;
  type: string;
  /** Anthropic's `request-id`: logged, and given to the caller (trailer / header `upstream-request-id`). */
  requestId: string | undefined;
  /**
   * Upstream's own error text: for the log only (it can carry request ids, organisation hints or the caller's own
   * input), unless `errors.passthrough_upstream_messages` is on.
   */
  message?: string | undefined;
}

/**
 * A failure of the router's own machine, not of any model (no breaker counts it): out of file descriptors or
 * memory, the upstream host's name not resolving, TLS set up wrong, a bug.
 */
export type LocalErrorKind = 'file_descriptors' | 'memory' | 'dns' | 'tls' | 'bug';

/** Anthropic's error type for each kind, used when upstream gave none (or the error is the router's own). */
export const ERROR_TYPE: Readonly<Record<ErrorKind, string>> = {
  invalid_request: 'invalid_request_error',
  unauthenticated: 'authentication_error',
  permission_denied: 'permission_error',
  not_found: 'not_found_error',
  failed_precondition: 'invalid_request_error',
  too_large: 'request_too_large',
  rate_limited: 'rate_limit_error',
  overloaded: 'overloaded_error',
  unavailable: 'api_error',
  deadline: 'timeout_error',
  cancelled: 'api_error',
  internal: 'api_error',
};

export interface RouterErrorOptions {
  blame?: Blame;
  /** Anthropic error type; defaults from the kind. */
  type?: string;
  retryable?: boolean;
  retryAfterMs?: number | undefined;
  upstream?: UpstreamFacts | undefined;
  /** The request field at fault, for invalid_request; `message` then says what is wrong with it. */
  field?: FieldPath;
  attempts?: readonly AttemptRecord[];
  /** Upstream said the prompt is too long for the model (with its token count, when it gave one). */
  contextOverflow?: { tokens: number | undefined };
  /** The failure was the router's machine's (blame `router`); what kind, for the log and the metric. */
  local?: LocalErrorKind;
}

/**
 * An error meant for the caller: a kind, a message a person can act on, and what the router needs to decide what
 * to do next. Anything else that escapes is a bug: logged with its stack and answered as internal.
 */
export class RouterError extends Error {
  override readonly name = 'RouterError';
  readonly type: string;
  readonly blame: Blame;
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;
  readonly upstream: UpstreamFacts | undefined;
  readonly field: FieldPath | undefined;
  readonly contextOverflow: { tokens: number | undefined } | undefined;
  readonly local: LocalErrorKind | undefined;
  /** Every step of the fallback chain that led here (for the log and the caller's message). */
  attempts: readonly AttemptRecord[];

  constructor(
    readonly kind: ErrorKind,
    message: string,
    options: RouterErrorOptions = {},
  ) {
    super(message);
    this.type = options.type ?? ERROR_TYPE[kind];
    this.blame = options.blame ?? (kind === 'internal' ? 'router' : 'caller');
    this.retryable = options.retryable ?? false;
    this.retryAfterMs = options.retryAfterMs;
    this.upstream = options.upstream;
    this.field = options.field;
    this.contextOverflow = options.contextOverflow;
    this.local = options.local;
    this.attempts = options.attempts ?? [];
  }

  /** The same error in other words (a copy: one error object can reach several callers of a coalesced call). */
  rephrased(message: string): RouterError {
    const { type, blame, retryable, retryAfterMs, upstream, field, attempts, contextOverflow, local } = this;
    return new RouterError(this.kind, message, {
      type,
      blame,
      retryable,
      retryAfterMs,
      upstream,
      attempts,
      ...(field ? { field } : {}),
      ...(contextOverflow ? { contextOverflow } : {}),
      ...(local ? { local } : {}),
    });
  }
}

/** A bad field: INVALID_ARGUMENT / 400, before any upstream call. The message names the path. */
export function invalidField(field: FieldPath, problem: string): RouterError {
  return new RouterError('invalid_request', `${formatPath(field)}: ${problem}`, { field });
}

export function invalidRequest(message: string): RouterError {
  return new RouterError('invalid_request', message);
}

export function notFound(message: string): RouterError {
  return new RouterError('not_found', message);
}

export function formatPath(path: FieldPath): string {
  let out = '';
  for (const segment of path) out += typeof segment === 'number' ? `[${segment}]` : out === '' ? segment : `.${segment}`;
  return out;
}

const ECHO_CHARS = 64;

/** Caller input quoted in an error message, cut short: a long value must never make an error message long. */
export function echo(value: string): string {
  return value.length > ECHO_CHARS ? `'${value.slice(0, ECHO_CHARS)}...' (${value.length} chars)` : `'${value}'`;
}
