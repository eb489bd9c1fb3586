import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError, InternalServerError, RateLimitError } from '@anthropic-ai/sdk';
import { classifyError } from '../../src/providers/anthropic/classifyError';

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

describe('classifyError', () => {
  it('APIError.generate really gives the SDK subclasses (the test drives the real classes)', () => {
    expect(httpError(429)).toBeInstanceOf(RateLimitError);
    expect(httpError(529)).toBeInstanceOf(InternalServerError);
  });

  it.each([400, 413])('%i: the request is at fault -> INVALID_ARGUMENT, not retryable, neutral for the breaker', (code) => {
    const f = classifyError(httpError(code, {}, 'messages: bad block'), undefined);
    expect(f).toMatchObject({ kind: 'invalid_request', blame: 'caller', retryable: false });
    expect(f.message).toContain(String(code));
    expect(f.message).toContain(TYPE_BY_STATUS[code]);
    // Upstream's own words go to the log (upstream.message), not into the caller's message.
    expect(f.message).not.toContain('bad block');
    expect(f.message).toContain('req_123');
    expect(f.upstream).toMatchObject({ requestId: 'req_123', message: 'messages: bad block' });
  });

  it("keeps upstream's text (which can name the organisation or echo input) out of every message", () => {
    for (const code of [400, 401, 403, 404, 429, 500, 529]) {
      const f = classifyError(httpError(code, { 'retry-after': '1' }, 'org org_4af1 of Acme Corp: your credit balance is too low'), undefined);
      expect(f.message).not.toMatch(/Acme|org_4af1|credit/);
      expect(f.upstream?.message).toContain('Acme Corp');
    }
  });

  it.each([
    ['EMFILE', 'file_descriptors', 'unavailable'],
    ['ENFILE', 'file_descriptors', 'unavailable'],
    ['ENOMEM', 'memory', 'unavailable'],
    ['ENOTFOUND', 'dns', 'unavailable'],
    ['EAI_AGAIN', 'dns', 'unavailable'],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'tls', 'internal'],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'tls', 'internal'],
  ])('%s under the SDK connection error is a local fault (%s): blamed on the router, no breaker counts it', (code, local, kind) => {
    const cause = Object.assign(new Error(`connect ${code}`), { code });
    const f = classifyError(new APIConnectionError({ message: 'Connection error.', cause }), undefined);
    expect(f).toMatchObject({ kind, blame: 'router', local, retryable: false });
    expect(f.message).toContain(code);
  });

  it("a refused or reset connection stays a model failure, and a bug of ours is the router's", () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    expect(classifyError(new APIConnectionError({ message: 'Connection error.', cause: refused }), undefined)).toMatchObject({
      blame: 'model',
      kind: 'unavailable',
    });
    expect(classifyError(new TypeError('terminated'), undefined)).toMatchObject({ blame: 'model' });
    expect(classifyError(new TypeError("Cannot read properties of undefined (reading 'type')"), undefined)).toMatchObject({
      kind: 'internal',
      blame: 'router',
      local: 'bug',
    });
  });

  it.each([401, 402, 403])("%i: the router's credentials are refused -> INTERNAL, not retryable", (code) => {
    const f = classifyError(httpError(code), undefined);
    expect(f).toMatchObject({ kind: 'internal', blame: 'router', retryable: false });
    expect(f.message).toContain(String(code));
  });

  it('404: the model is missing upstream -> a model failure with NOT_FOUND, not retried', () => {
    const f = classifyError(httpError(404, {}, 'model: claude-nope'), undefined);
    expect(f).toMatchObject({ kind: 'not_found', blame: 'model', retryable: false });
    expect(f.message).toContain('not_found_error');
  });

  it('429 without retry-after (a spend limit): rate limited, RESOURCE_EXHAUSTED, not retryable', () => {
    const f = classifyError(httpError(429), undefined);
    expect(f).toMatchObject({ kind: 'rate_limited', blame: 'model', retryable: false, retryAfterMs: undefined });
    expect(f.message).toContain('429 rate_limit_error');
  });

  it('429 with retry-after (seconds): retryable, retryAfterMs parsed', () => {
    const f = classifyError(httpError(429, { 'retry-after': '30' }), undefined);
    expect(f).toMatchObject({ kind: 'rate_limited', blame: 'model', retryable: true, retryAfterMs: 30_000 });
  });

  it('429 with fractional retry-after seconds', () => {
    expect(classifyError(httpError(429, { 'retry-after': '1.5' }), undefined).retryAfterMs).toBe(1_500);
  });

  it('429 with retry-after-ms: retryable, taken in ms, and preferred to retry-after', () => {
    expect(classifyError(httpError(429, { 'retry-after-ms': '250' }), undefined)).toMatchObject({ retryable: true, retryAfterMs: 250 });
    expect(classifyError(httpError(429, { 'retry-after-ms': '250', 'retry-after': '30' }), undefined).retryAfterMs).toBe(250);
  });

  it('429 with an HTTP-date retry-after: the time until then', () => {
    const at = new Date(Date.now() + 10_000).toUTCString();
    const ms = classifyError(httpError(429, { 'retry-after': at }), undefined).retryAfterMs;
    expect(ms).toBeGreaterThan(8_000);
    expect(ms).toBeLessThanOrEqual(10_000);
  });

  it('429 with an unparseable retry-after: treated as none', () => {
    expect(classifyError(httpError(429, { 'retry-after': 'soon' }), undefined)).toMatchObject({ retryable: false, retryAfterMs: undefined });
  });

  it.each([500, 503])('%i: the model failed -> unavailable, retryable, counts against the breaker', (code) => {
    const f = classifyError(httpError(code), undefined);
    expect(f).toMatchObject({
      kind: 'unavailable',
      blame: 'model',
      retryable: true,
      type: 'api_error',
      upstream: { status: code, type: 'api_error', requestId: 'req_123' },
    });
    expect(f.message).toContain(String(code));
  });

  it('529: overloaded, retryable, counts against the breaker, keeps the upstream status and type', () => {
    const f = classifyError(httpError(529), undefined);
    expect(f).toMatchObject({
      kind: 'overloaded',
      blame: 'model',
      retryable: true,
      type: 'overloaded_error',
      upstream: { status: 529, type: 'overloaded_error' },
    });
  });

  it('529 names overloaded_error in its summary and carries a retry-after if sent', () => {
    const f = classifyError(httpError(529, { 'retry-after': '2' }, 'Overloaded'), undefined);
    expect(f.message).toBe('529 overloaded_error');
    expect(f.retryAfterMs).toBe(2_000);
  });

  it('504: a model failure that maps to DEADLINE_EXCEEDED, retryable', () => {
    expect(classifyError(httpError(504), undefined)).toMatchObject({ kind: 'deadline', blame: 'model', retryable: true });
  });

  it('a stream `event: error` (no HTTP status) of type overloaded_error is a model failure', () => {
    const err = streamError('overloaded_error');
    expect(err.status).toBeUndefined();
    const f = classifyError(err, undefined);
    expect(f).toMatchObject({ kind: 'overloaded', blame: 'model', retryable: true });
    expect(f.message).toBe('stream overloaded_error');
  });

  it('a stream error of type invalid_request_error is the request, of type rate_limit_error a rate limit', () => {
    expect(classifyError(streamError('invalid_request_error', 'bad'), undefined)).toMatchObject({ kind: 'invalid_request', blame: 'caller' });
    expect(classifyError(streamError('rate_limit_error', 'slow down'), undefined)).toMatchObject({ kind: 'rate_limited', blame: 'model' });
  });

  it('a connection error is a retryable model failure -> unavailable', () => {
    const f = classifyError(new APIConnectionError({ message: 'socket hang up' }), undefined);
    expect(f).toMatchObject({ kind: 'unavailable', blame: 'model', retryable: true, upstream: undefined });
    expect(f.message).toContain('socket hang up');
  });

  it("the SDK's own timeout is a model failure -> DEADLINE_EXCEEDED", () => {
    expect(classifyError(new APIConnectionTimeoutError(), undefined)).toMatchObject({ kind: 'deadline', blame: 'model' });
  });

  describe('abort causes (the router aborted the attempt)', () => {
    const aborted = new APIUserAbortError();

    it('cancelled: the caller went away -> CANCELLED, neutral, not retried', () => {
      expect(classifyError(aborted, 'cancelled')).toMatchObject({ kind: 'cancelled', blame: 'caller', retryable: false });
    });

    it("deadline: the caller's deadline passed -> DEADLINE_EXCEEDED, neutral, not retried", () => {
      expect(classifyError(aborted, 'deadline')).toMatchObject({ kind: 'deadline', blame: 'caller', retryable: false });
    });

    it('first_token_timeout and attempt_budget: the model was too slow to start -> a model failure, deadline', () => {
      expect(classifyError(aborted, 'first_token_timeout')).toMatchObject({ kind: 'deadline', blame: 'model', message: expect.stringMatching(/first-token/) });
      expect(classifyError(aborted, 'attempt_budget')).toMatchObject({
        kind: 'deadline',
        blame: 'model',
        message: expect.stringMatching(/share of the deadline/),
      });
    });

    it('idle_timeout: a stream stalled after its first content -> a model failure, unavailable (a cut)', () => {
      expect(classifyError(aborted, 'idle_timeout')).toMatchObject({ kind: 'unavailable', blame: 'model' });
    });

    it('a 400 "prompt is too long" is a context overflow with its token count, not a plain bad request', () => {
      const err = classifyError(httpError(400, {}, 'prompt is too long: 210000 tokens > 200000 maximum'), undefined);
      expect(err).toMatchObject({ kind: 'invalid_request', contextOverflow: { tokens: 210000 } });
      expect(classifyError(httpError(400, {}, 'prompt is too long'), undefined).contextOverflow).toEqual({ tokens: undefined });
      expect(classifyError(httpError(400, {}, 'messages: bad'), undefined).contextOverflow).toBeUndefined();
    });

    it('the abort cause wins over whatever error the abort produced', () => {
      expect(classifyError(httpError(529), 'cancelled').kind).toBe('cancelled');
      expect(classifyError(new APIConnectionError({ message: 'terminated' }), 'deadline').kind).toBe('deadline');
    });

    it('an abort without a recorded cause is treated as a cancel', () => {
      expect(classifyError(aborted, undefined)).toMatchObject({ kind: 'cancelled', blame: 'caller' });
    });
  });

  it("an error from under the SDK (undici's `terminated` when a stream's body is cut) is a connection failure", () => {
    expect(classifyError(new TypeError('terminated'), undefined)).toMatchObject({ kind: 'unavailable', blame: 'model', retryable: true });
  });
});

describe("Bedrock's error types", () => {
  const bedrock = (status: number, type: string): APIError =>
    APIError.generate(status, { message: 'x' }, 'x', new Headers({ 'x-amzn-errortype': `${type}:http://internal.amazon.com/coral/com.amazon.bedrock/` }));

  it.each([
    [429, 'ThrottlingException', 'rate_limited'],
    [400, 'ServiceQuotaExceededException', 'rate_limited'],
    [429, 'ModelNotReadyException', 'overloaded'],
    [503, 'ServiceUnavailableException', 'overloaded'],
    [408, 'ModelTimeoutException', 'deadline'],
    [400, 'ValidationException', 'invalid_request'],
    [403, 'AccessDeniedException', 'internal'],
  ])('%i %s -> %s', (status, type, kind) => {
    expect(classifyError(bedrock(status, type), undefined).kind).toBe(kind);
  });

  it("a decoder's message (it can quote model output) stays out of the error; the SDK's own connection errors keep theirs", () => {
    const decoder = classifyError(new Error('Could not parse a Bedrock chunk into JSON: {"secret model output"'), undefined);
    expect(decoder.message).toBe('connection error: Error');
    expect(classifyError(new APIConnectionError({ message: 'socket hang up' }), undefined).message).toContain('socket hang up');
  });
});
