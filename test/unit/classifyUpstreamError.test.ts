import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  InternalServerError,
  RateLimitError,
} from '@anthropic-ai/sdk';
import { status } from '@grpc/grpc-js';
import { classifyUpstreamError } from '../../src/upstream/classifyUpstreamError';

const TYPE_BY_STATUS: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  402: 'billing_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  503: 'api_error',
  504: 'timeout_error',
  529: 'overloaded_error',
};

/** An SDK error exactly as the SDK builds it from an HTTP error response. */
function httpError(httpStatus: number, headers: Record<string, string> = {}, message = 'upstream says no'): APIError {
  const type = TYPE_BY_STATUS[httpStatus] ?? 'api_error';
  const body = { type: 'error', error: { type, message } };
  return APIError.generate(httpStatus, body, undefined, new Headers({ 'request-id': 'req_123', ...headers }));
}

/** An `event: error` inside a 200 stream: the SDK throws an APIError with no status, judged by its type. */
function streamError(type: string, message = 'Overloaded'): APIError {
  return new APIError(undefined, { type: 'error', error: { type, message } }, undefined, new Headers(), type as never);
}

describe('classifyUpstreamError', () => {
  it('APIError.generate really gives the SDK subclasses (the test drives the real classes)', () => {
    expect(httpError(429)).toBeInstanceOf(RateLimitError);
    expect(httpError(529)).toBeInstanceOf(InternalServerError);
  });

  it.each([400, 413])('%i: the request is at fault -> INVALID_ARGUMENT, not retryable, neutral for the breaker', (code) => {
    const f = classifyUpstreamError(httpError(code, {}, 'messages: bad block'), undefined);
    expect(f).toMatchObject({ kind: 'request', code: status.INVALID_ARGUMENT, retryable: false });
    expect(f.summary).toContain(String(code));
    expect(f.summary).toContain(TYPE_BY_STATUS[code]);
    expect(f.summary).toContain('messages: bad block');
  });

  it.each([401, 402, 403])("%i: the router's credentials are refused -> INTERNAL, not retryable", (code) => {
    const f = classifyUpstreamError(httpError(code), undefined);
    expect(f).toMatchObject({ kind: 'credentials', code: status.INTERNAL, retryable: false });
    expect(f.summary).toContain(String(code));
  });

  it('404: the model is missing upstream -> a model failure with NOT_FOUND, not retried', () => {
    const f = classifyUpstreamError(httpError(404, {}, 'model: claude-nope'), undefined);
    expect(f).toMatchObject({ kind: 'model', code: status.NOT_FOUND, retryable: false });
    expect(f.summary).toContain('not_found_error');
  });

  it('429 without retry-after (a spend limit): rate limited, RESOURCE_EXHAUSTED, not retryable', () => {
    const f = classifyUpstreamError(httpError(429), undefined);
    expect(f).toMatchObject({
      kind: 'model',
      code: status.RESOURCE_EXHAUSTED,
      retryable: false,
      retryAfterMs: undefined,
    });
    expect(f.summary).toContain('429 rate_limit_error');
  });

  it('429 with retry-after (seconds): retryable, retryAfterMs parsed', () => {
    const f = classifyUpstreamError(httpError(429, { 'retry-after': '30' }), undefined);
    expect(f).toMatchObject({ kind: 'model', code: status.RESOURCE_EXHAUSTED, retryable: true, retryAfterMs: 30_000 });
  });

  it('429 with fractional retry-after seconds', () => {
    expect(classifyUpstreamError(httpError(429, { 'retry-after': '1.5' }), undefined).retryAfterMs).toBe(1_500);
  });

  it('429 with retry-after-ms: retryable, taken in ms, and preferred to retry-after', () => {
    expect(classifyUpstreamError(httpError(429, { 'retry-after-ms': '250' }), undefined)).toMatchObject({ retryable: true, retryAfterMs: 250 });
    expect(classifyUpstreamError(httpError(429, { 'retry-after-ms': '250', 'retry-after': '30' }), undefined).retryAfterMs).toBe(250);
  });

  it('429 with an HTTP-date retry-after: the time until then', () => {
    const at = new Date(Date.now() + 10_000).toUTCString();
    const ms = classifyUpstreamError(httpError(429, { 'retry-after': at }), undefined).retryAfterMs;
    expect(ms).toBeGreaterThan(8_000);
    expect(ms).toBeLessThanOrEqual(10_000);
  });

  it('429 with an unparseable retry-after: treated as none', () => {
    expect(classifyUpstreamError(httpError(429, { 'retry-after': 'soon' }), undefined)).toMatchObject({ retryable: false, retryAfterMs: undefined });
  });

  it.each([529, 500, 503])('%i: the model failed -> UNAVAILABLE, retryable, counts against the breaker', (code) => {
    const f = classifyUpstreamError(httpError(code), undefined);
    expect(f).toMatchObject({ kind: 'model', code: status.UNAVAILABLE, retryable: true });
    expect(f.summary).toContain(String(code));
  });

  it('529 names overloaded_error in its summary and carries a retry-after if sent', () => {
    const f = classifyUpstreamError(httpError(529, { 'retry-after': '2' }, 'Overloaded'), undefined);
    expect(f.summary).toBe('529 overloaded_error: Overloaded');
    expect(f.retryAfterMs).toBe(2_000);
  });

  it('504: a model failure that maps to DEADLINE_EXCEEDED, retryable', () => {
    expect(classifyUpstreamError(httpError(504), undefined)).toMatchObject({ kind: 'model', code: status.DEADLINE_EXCEEDED, retryable: true });
  });

  it('a stream `event: error` (no HTTP status) of type overloaded_error is a model failure', () => {
    const err = streamError('overloaded_error');
    expect(err.status).toBeUndefined();
    const f = classifyUpstreamError(err, undefined);
    expect(f).toMatchObject({ kind: 'model', code: status.UNAVAILABLE, retryable: true });
    expect(f.summary).toBe('stream overloaded_error: Overloaded');
  });

  it('a stream error of type invalid_request_error is the request, of type rate_limit_error a rate limit', () => {
    expect(classifyUpstreamError(streamError('invalid_request_error', 'bad'), undefined)).toMatchObject({ kind: 'request', code: status.INVALID_ARGUMENT });
    expect(classifyUpstreamError(streamError('rate_limit_error', 'slow down'), undefined)).toMatchObject({
      kind: 'model',
      code: status.RESOURCE_EXHAUSTED,
    });
  });

  it('a connection error is a retryable model failure -> UNAVAILABLE', () => {
    const f = classifyUpstreamError(new APIConnectionError({ message: 'socket hang up' }), undefined);
    expect(f).toMatchObject({ kind: 'model', code: status.UNAVAILABLE, retryable: true });
    expect(f.summary).toContain('socket hang up');
  });

  it("the SDK's own timeout is a model failure -> DEADLINE_EXCEEDED", () => {
    expect(classifyUpstreamError(new APIConnectionTimeoutError(), undefined)).toMatchObject({ kind: 'model', code: status.DEADLINE_EXCEEDED });
  });

  describe('abort causes (the router aborted the attempt)', () => {
    const aborted = new APIUserAbortError();

    it('cancelled: the caller went away -> CANCELLED, neutral, not retried', () => {
      expect(classifyUpstreamError(aborted, 'cancelled')).toMatchObject({ kind: 'cancelled', code: status.CANCELLED, retryable: false });
    });

    it("deadline: the caller's deadline passed -> DEADLINE_EXCEEDED, neutral, not retried", () => {
      expect(classifyUpstreamError(aborted, 'deadline')).toMatchObject({ kind: 'deadline', code: status.DEADLINE_EXCEEDED, retryable: false });
    });

    it('attempt_timeout: the per-attempt cap passed -> a model failure (the model was too slow), DEADLINE_EXCEEDED', () => {
      expect(classifyUpstreamError(aborted, 'attempt_timeout')).toMatchObject({ kind: 'model', code: status.DEADLINE_EXCEEDED });
    });

    it('the abort cause wins over whatever error the abort produced', () => {
      expect(classifyUpstreamError(httpError(529), 'cancelled').kind).toBe('cancelled');
      expect(classifyUpstreamError(new APIConnectionError({ message: 'terminated' }), 'deadline').kind).toBe('deadline');
    });

    it('an abort without a recorded cause is treated as a cancel', () => {
      expect(classifyUpstreamError(aborted, undefined)).toMatchObject({ kind: 'cancelled', code: status.CANCELLED });
    });
  });

  it('anything that is not an SDK error is rethrown (a bug, not an upstream failure)', () => {
    const bug = new TypeError('x is undefined');
    expect(() => classifyUpstreamError(bug, undefined)).toThrow(bug);
  });
});
