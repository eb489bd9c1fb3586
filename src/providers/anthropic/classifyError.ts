import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from '@anthropic-ai/sdk';
import { RouterError, type ErrorKind, type LocalErrorKind, type UpstreamFacts } from '../../domain/routerError';
import type { AbortCause } from '../../domain/abort';

const TYPE_BY_STATUS: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  402: 'billing_error',
  403: 'permission_error',
  404: 'not_found_error',
  408: 'timeout_error',
  409: 'conflict_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  504: 'timeout_error',
  529: 'overloaded_error',
};

/**
 * Every error of the Anthropic SDK becomes a RouterError here and nowhere else. The abort cause (the attempt
 * signal's reason) tells the router's own timeouts from the caller's cancel and deadline, which upstream never saw.
 * Anything that is not the SDK's (undici's `TypeError: terminated` for a connection cut mid-body) is a connection
 * failure, unless the attempt was aborted.
 */
export function classifyError(err: unknown, abortCause: AbortCause | undefined): RouterError {
  if (err instanceof RouterError) return err;
  if (abortCause === 'cancelled') return new RouterError('cancelled', 'the caller cancelled the request');
  if (abortCause === 'deadline') return new RouterError('deadline', "the caller's deadline passed");
  if (abortCause === 'first_token_timeout') return new RouterError('deadline', 'upstream sent no content within the first-token limit', { blame: 'model' });
  if (abortCause === 'attempt_budget') return new RouterError('deadline', "upstream took this attempt's share of the deadline", { blame: 'model' });
  if (abortCause === 'idle_timeout') return new RouterError('unavailable', 'upstream stream stalled past the idle limit', { blame: 'model' });
  if (err instanceof APIConnectionTimeoutError) return new RouterError('deadline', 'upstream timed out', { blame: 'model' });
  if (err instanceof APIUserAbortError) return new RouterError('cancelled', 'upstream request aborted');
  if (err instanceof APIError && !(err instanceof APIConnectionError))
    return classifyApiError(err as APIError<number | undefined, Headers | undefined, object | undefined>);
  const local = localFailure(err);
  if (local) return local;
  // The SDK's own connection errors and system errors say what broke; any other error's text (a stream decoder's,
  // say) can quote what upstream sent, model output included: only its name then.
  const code = (err as { code?: unknown } | null)?.code;
  const said = err instanceof APIConnectionError || typeof code === 'string' ? (err as Error).message : err instanceof Error ? err.name : 'error';
  return new RouterError('unavailable', `connection error: ${said}`.slice(0, 200), { blame: 'model', retryable: true });
}

/** Upstream's own error text kept for the log. */
const MAX_UPSTREAM_TEXT = 2_000;

const LOCAL_CODES: Readonly<Record<string, LocalErrorKind>> = {
  EMFILE: 'file_descriptors',
  ENFILE: 'file_descriptors',
  ENOMEM: 'memory',
  ENOBUFS: 'memory',
  ENOTFOUND: 'dns',
  EAI_AGAIN: 'dns',
  EAI_FAIL: 'dns',
  EAI_NONAME: 'dns',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'tls',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'tls',
  SELF_SIGNED_CERT_IN_CHAIN: 'tls',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'tls',
  CERT_HAS_EXPIRED: 'tls',
  CERT_NOT_YET_VALID: 'tls',
  ERR_TLS_CERT_ALTNAME_INVALID: 'tls',
};

const SYSTEM_CODE = /\b(E[A-Z]{3,}|EAI_[A-Z]+|ERR_(?:TLS|SSL)_[A-Z_]+|[A-Z_]*CERT[A-Z_]*)\b/;

/**
 * A failure of this machine rather than of the model: every model would fail the same way, so no breaker may
 * count it (an EMFILE storm would otherwise open them all, and recovery would wait for them). The SDK wraps the
 * network error: its cause chain holds the system error code.
 */
function localFailure(err: unknown): RouterError | undefined {
  // Duck-typed, and the code read from the message too: an error from another realm (a VM context) fails
  // instanceof Error, and the SDK then copies it into a new Error that keeps only its message.
  for (
    let e = err as { code?: unknown; cause?: unknown; message?: unknown } | null, depth = 0;
    typeof e === 'object' && e !== null && depth < 5;
    e = e.cause as typeof e, depth++
  ) {
    const code = typeof e.code === 'string' ? e.code : typeof e.message === 'string' ? SYSTEM_CODE.exec(e.message)?.[1] : undefined;
    const kind = typeof code === 'string' ? (LOCAL_CODES[code] ?? (/^ERR_(TLS|SSL)_/.test(code) ? 'tls' : undefined)) : undefined;
    if (kind) {
      return new RouterError(
        kind === 'tls' ? 'internal' : 'unavailable',
        `the router could not call upstream (${code}: a fault of the router's host, not of the model)`,
        {
          blame: 'router',
          retryable: false,
          local: kind,
        },
      );
    }
  }
  // A programming error of ours surfacing through the provider (undici's `TypeError: terminated` is a cut connection).
  if ((err instanceof TypeError || err instanceof ReferenceError || err instanceof RangeError) && err.cause === undefined && err.message !== 'terminated') {
    return new RouterError('internal', `internal error in the router: ${err.message}`.slice(0, 300), { blame: 'router', local: 'bug' });
  }
  return undefined;
}

/**
 * Bedrock names its errors in `x-amzn-errortype` (and a stream's exception frames by type, camelCase); they are
 * read as the Anthropic error types they mean, so a throttled region is rate limited and an overloaded one overloaded.
 */
const BEDROCK_TYPES: Readonly<Record<string, string>> = {
  throttlingexception: 'rate_limit_error',
  servicequotaexceededexception: 'rate_limit_error',
  serviceunavailableexception: 'overloaded_error',
  modelnotreadyexception: 'overloaded_error',
  modeltimeoutexception: 'timeout_error',
  internalserverexception: 'api_error',
  modelstreamerrorexception: 'api_error',
  accessdeniedexception: 'permission_error',
  unrecognizedclientexception: 'authentication_error',
  expiredtokenexception: 'authentication_error',
  validationexception: 'invalid_request_error',
  resourcenotfoundexception: 'not_found_error',
};

function bedrockType(err: APIError<number | undefined, Headers | undefined, object | undefined>): string | undefined {
  const header = err.headers?.get('x-amzn-errortype')?.split(':')[0];
  const name = (header ?? err.type ?? '').toLowerCase();
  return BEDROCK_TYPES[name];
}

function classifyApiError(err: APIError<number | undefined, Headers | undefined, object | undefined>): RouterError {
  const httpStatus = err.status;
  const type = bedrockType(err) ?? err.type ?? (httpStatus !== undefined ? TYPE_BY_STATUS[httpStatus] : undefined) ?? 'api_error';
  // An `event: error` inside a 200 stream has no HTTP status: it is judged by its type alone. Upstream's own text
  // stays out of the message (it goes to the log through `upstream.message`).
  const summary = `${httpStatus ?? 'stream'} ${type}`;
  const retryAfterMs = readRetryAfter(err.headers);
  const text = err.apiMessage ?? err.message;
  const upstream: UpstreamFacts = {
    status: httpStatus,
    type,
    requestId: requestIdOf(err.requestID),
    message: text ? text.slice(0, MAX_UPSTREAM_TEXT) : undefined,
  };
  const model = (kind: ErrorKind, retryable: boolean): RouterError =>
    new RouterError(kind, summary, { blame: 'model', type, retryable, retryAfterMs, upstream });

  // Bedrock answers a model that is not ready yet with 429 ModelNotReadyException: overloaded, not a rate limit.
  if (type === 'overloaded_error') return model('overloaded', true);
  if (httpStatus === 429 || type === 'rate_limit_error') {
    // A spend-limit 429 carries no retry-after, and retrying it will not help.
    return model('rate_limited', retryAfterMs !== undefined);
  }
  const tooLong = /prompt is too long(?:: (\d+) tokens > \d+ maximum)?/i.exec(err.apiMessage ?? err.message);
  if (tooLong && (httpStatus === 400 || type === 'invalid_request_error')) {
    // Too long for this model, not wrong: a model of the chain with a larger window may take it.
    const tokens = tooLong[1] === undefined ? undefined : Number(tooLong[1]);
    const counted = tokens === undefined ? '' : `, ${tokens} tokens`;
    return new RouterError('invalid_request', `upstream: the prompt is too long for this model (${summary}${counted})`, {
      blame: 'caller',
      type,
      upstream,
      contextOverflow: { tokens },
    });
  }
  if (httpStatus === 400 || httpStatus === 413 || httpStatus === 422 || type === 'invalid_request_error' || type === 'request_too_large') {
    // The request itself is wrong: it would fail on every model. Neutral for the breaker; today's code stays INVALID_ARGUMENT.
    const where = upstream.requestId ? ` (upstream's explanation is in the router's log under request id ${upstream.requestId})` : '';
    return new RouterError('invalid_request', `upstream rejected the request: ${summary}${where}`, { blame: 'caller', type, upstream });
  }
  if (
    httpStatus === 401 ||
    httpStatus === 402 ||
    httpStatus === 403 ||
    type === 'authentication_error' ||
    type === 'permission_error' ||
    type === 'billing_error'
  ) {
    // The caller can do nothing about the router's credentials; the message names no key.
    return new RouterError('internal', `upstream refused the router's credentials (${summary})`, { blame: 'router', upstream });
  }
  if (httpStatus === 404 || type === 'not_found_error') return model('not_found', false);
  if (httpStatus === 504 || httpStatus === 408 || type === 'timeout_error') return model('deadline', true);
  if (httpStatus === 529 || type === 'overloaded_error') return model('overloaded', true);
  return model('unavailable', true);
}

/** Only an id-shaped value travels on to trailers and headers. */
function requestIdOf(value: string | null | undefined): string | undefined {
  return value && /^[\w.:-]{1,128}$/.test(value) ? value : undefined;
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
