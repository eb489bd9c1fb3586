/** What the fake should do wrong for matching calls. Every field is optional; an empty fault changes nothing. */
export interface Fault {
  /** Respond with this HTTP error status (400-599) and an Anthropic error body. */
  status?: number;
  /** error.type in the body; defaults from `status` (see errorTypeForStatus). */
  errorType?: string;
  /** error.message; defaults from the error type. */
  message?: string;
  /** `retry-after` header value (seconds), sent with the error. */
  retryAfter?: string;
  /** `retry-after-ms` header value, sent with the error. */
  retryAfterMs?: string;
  /** Extra response headers (e.g. x-should-retry), sent with whatever response goes out. */
  headers?: Record<string, string>;
  /** Wait before sending response headers (success or error). */
  delayMs?: number;
  /** Accept the request and never answer; the socket stays open until the client goes away or close(). */
  hang?: boolean;
  /** Destroy the socket without any response. */
  drop?: boolean;
  /** Streaming only: after N text deltas send `event: error` (type errorType ?? 'overloaded_error') and end. */
  streamErrorAfterDeltas?: number;
  /** Streaming only: destroy the socket after N text deltas. */
  dropAfterDeltas?: number;
  /** Streaming only: after N text deltas go silent for `stallMs` (default: until the client leaves), then close. */
  stallAfterDeltas?: number;
  stallMs?: number;
  /** Streaming only: after N text deltas send `malformedCount` (default 1) events whose data is not JSON. */
  malformedAfterDeltas?: number;
  malformedCount?: number;
  /** Streaming only: end after message_delta, without message_stop (the answer is complete all the same). */
  omitMessageStop?: boolean;
  /** Streaming only: delay between SSE events after message_start. */
  chunkDelayMs?: number;
  /** Override the reply text. */
  text?: string;
  /** Override stop_reason (e.g. 'refusal'). */
  stopReason?: string;
  /**
   * Answer exactly these blocks, in order and unchanged, whatever their type (wins over `text`). stop_reason is
   * `stopReason`, else 'tool_use' when a block is a tool_use, else 'end_turn'.
   */
  content?: Array<Record<string, unknown>>;
  /** Report these usage figures instead of the simulated ones; fields left out keep their simulated value. */
  usage?: UsageOverride;
  /**
   * GET /v1/models only: every page answers the first page again with `has_more: true`, so its `last_id` never
   * moves and a client that trusts `has_more` pages forever.
   */
  pageLoop?: boolean;
  /** Apply to the next N matching calls only, then the fault is removed; default: every call until cleared. */
  times?: number;
}

/** The Fault fields that mean something for GET /v1/models and /v1/models/{id} (FakeAnthropic.setModelsFault). */
export type ModelsFault = Pick<
  Fault,
  'status' | 'errorType' | 'message' | 'retryAfter' | 'retryAfterMs' | 'headers' | 'delayMs' | 'hang' | 'drop' | 'pageLoop' | 'times'
>;

/** Reported usage fields a fault can pin, e.g. to price a long-context call without sending one. */
export type UsageOverride = Partial<{
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
}>;

/** setFault key that matches every model; a model-specific fault wins over it. */
export const ANY_MODEL = '*';

// Mirrors the types the real API puts in error bodies, so SDK error classes and `.type` line up.
const ERROR_TYPE_BY_STATUS: ReadonlyMap<number, string> = new Map([
  [400, 'invalid_request_error'],
  [401, 'authentication_error'],
  [402, 'billing_error'],
  [403, 'permission_error'],
  [404, 'not_found_error'],
  [408, 'timeout_error'],
  [409, 'conflict_error'],
  [413, 'request_too_large'],
  [429, 'rate_limit_error'],
  [500, 'api_error'],
  [503, 'api_error'],
  [504, 'timeout_error'],
  [529, 'overloaded_error'],
]);

export function errorTypeForStatus(status: number): string {
  return ERROR_TYPE_BY_STATUS.get(status) ?? (status >= 500 ? 'api_error' : 'invalid_request_error');
}

const DEFAULT_MESSAGE_BY_TYPE: Readonly<Record<string, string>> = {
  invalid_request_error: 'Invalid request',
  authentication_error: 'invalid x-api-key',
  billing_error: 'Your credit balance is too low to access the Anthropic API',
  permission_error: 'Your API key does not have permission to use the specified resource',
  not_found_error: 'Not found',
  timeout_error: 'Request timed out',
  conflict_error: 'Conflict',
  request_too_large: 'Request exceeds the maximum allowed number of bytes',
  rate_limit_error: 'Number of request tokens has exceeded your per-minute rate limit',
  api_error: 'Internal server error',
  overloaded_error: 'Overloaded',
};

export function defaultErrorMessage(errorType: string): string {
  return DEFAULT_MESSAGE_BY_TYPE[errorType] ?? 'Simulated error';
}

/** Headers a fault adds to an error response. */
export function errorHeaders(fault: Fault): Record<string, string> {
  const headers: Record<string, string> = { ...fault.headers };
  if (fault.retryAfter !== undefined) headers['retry-after'] = fault.retryAfter;
  if (fault.retryAfterMs !== undefined) headers['retry-after-ms'] = fault.retryAfterMs;
  return headers;
}

interface ArmedFault {
  readonly fault: Fault;
  /** undefined: applies until cleared. */
  remaining: number | undefined;
}

/** Faults keyed by model id (or ANY_MODEL), with `times` bookkeeping. */
export class FaultTable {
  private readonly armed = new Map<string, ArmedFault>();

  set(model: string, fault: Fault | null): void {
    if (fault === null || (fault.times !== undefined && fault.times <= 0)) {
      this.armed.delete(model);
      return;
    }
    validateFault(fault);
    // Copied so a caller mutating its object later cannot change a fault mid-test.
    const copy: Fault = { ...fault };
    if (fault.headers !== undefined) copy.headers = { ...fault.headers };
    if (fault.content !== undefined) copy.content = structuredClone(fault.content);
    if (fault.usage !== undefined) copy.usage = { ...fault.usage };
    this.armed.set(model, { fault: copy, remaining: fault.times });
  }

  clear(): void {
    this.armed.clear();
  }

  /** The fault for one call to `model`, spending one of its `times`. */
  take(model: string): Fault | undefined {
    const key = this.armed.has(model) ? model : ANY_MODEL;
    const entry = this.armed.get(key);
    if (entry === undefined) return undefined;
    if (entry.remaining !== undefined) {
      entry.remaining -= 1;
      if (entry.remaining <= 0) this.armed.delete(key);
    }
    return entry.fault;
  }
}

function validateFault(fault: Fault): void {
  if (fault.status !== undefined && !(Number.isInteger(fault.status) && fault.status >= 400 && fault.status <= 599)) {
    throw new RangeError(`Fault.status must be an HTTP error status (400-599), got ${fault.status}`);
  }
  for (const key of [
    'delayMs',
    'chunkDelayMs',
    'streamErrorAfterDeltas',
    'dropAfterDeltas',
    'stallAfterDeltas',
    'stallMs',
    'malformedAfterDeltas',
    'malformedCount',
  ] as const) {
    const value = fault[key];
    if (value !== undefined && !(Number.isFinite(value) && value >= 0)) {
      throw new RangeError(`Fault.${key} must be a non-negative number, got ${value}`);
    }
  }
  for (const [key, value] of Object.entries(fault.usage ?? {})) {
    if (!(Number.isInteger(value) && value >= 0)) {
      throw new RangeError(`Fault.usage.${key} must be a non-negative integer, got ${value}`);
    }
  }
  // A block without a type would be rejected by every client parsing the reply; better to fail where it is set.
  fault.content?.forEach((block, i) => {
    if (typeof block !== 'object' || block === null || typeof block['type'] !== 'string') {
      throw new TypeError(`Fault.content[${i}] must be a block object with a string type`);
    }
  });
}
