import type { ServerResponse } from 'node:http';
import { errorHeaders, type Fault } from '../faults';
import { sendJson } from '../wire';

/**
 * Bedrock Runtime's modelled errors (restJson1): the type travels in `x-amzn-errortype`, the body is only
 * `{"message": ...}`. Messages are the ones the real service sends.
 */
interface ExceptionSpec {
  readonly status: number;
  readonly message: string;
}

export const EXCEPTIONS = {
  ValidationException: { status: 400, message: 'Malformed input request, please reformat your input and try again.' },
  AccessDeniedException: { status: 403, message: "You don't have access to the model with the specified model ID." },
  ResourceNotFoundException: { status: 404, message: 'The requested resource could not be found.' },
  ModelTimeoutException: { status: 408, message: 'Model has timed out in processing the request. Try your request again.' },
  ModelErrorException: { status: 424, message: 'The model returned an error. Try your request again.' },
  ThrottlingException: { status: 429, message: 'Too many requests, please wait before trying again.' },
  ServiceQuotaExceededException: { status: 400, message: 'Your request exceeds the service quota for your account.' },
  InternalServerException: { status: 500, message: 'The system encountered an unexpected error during processing. Try your request again.' },
  ServiceUnavailableException: { status: 503, message: 'Bedrock is unable to process your request.' },
  ModelStreamErrorException: { status: 424, message: 'The model stream encountered an error. Try your request again.' },
  UnknownOperationException: { status: 404, message: 'Unknown operation' },
  // Raised by the AWS front door before the request reaches Bedrock.
  MissingAuthenticationTokenException: { status: 403, message: 'Missing Authentication Token' },
  IncompleteSignatureException: { status: 403, message: "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters." },
  UnrecognizedClientException: { status: 403, message: 'The security token included in the request is invalid.' },
  InvalidSignatureException: {
    status: 403,
    message:
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
  },
} as const satisfies Record<string, ExceptionSpec>;

export type BedrockException = keyof typeof EXCEPTIONS;

/** Errors the AWS authentication layer raises come from coral's service namespace, the rest from Bedrock's. */
const FRONT_DOOR: ReadonlySet<string> = new Set([
  'MissingAuthenticationTokenException',
  'IncompleteSignatureException',
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'UnknownOperationException',
]);

const BEDROCK_NAMESPACE = 'http://internal.amazon.com/coral/com.amazon.bedrock/';
const CORAL_NAMESPACE = 'http://internal.amazon.com/coral/com.amazon.coral.service/';

export function errorTypeHeader(type: string): string {
  return `${type}:${FRONT_DOOR.has(type) ? CORAL_NAMESPACE : BEDROCK_NAMESPACE}`;
}

/**
 * Status → exception. Bedrock never answers 529: when Anthropic's capacity behind it is overloaded the caller sees
 * 503 ServiceUnavailableException "Bedrock is unable to process your request.", so a 529 fault is served that way.
 */
const EXCEPTION_BY_STATUS: ReadonlyMap<number, BedrockException> = new Map([
  [400, 'ValidationException'],
  [401, 'UnrecognizedClientException'],
  [403, 'AccessDeniedException'],
  [404, 'ResourceNotFoundException'],
  [408, 'ModelTimeoutException'],
  [413, 'ValidationException'],
  [424, 'ModelErrorException'],
  [429, 'ThrottlingException'],
  [500, 'InternalServerException'],
  [503, 'ServiceUnavailableException'],
  [529, 'ServiceUnavailableException'],
]);

/** Anthropic error types (as a Fault names them for FakeAnthropic) → the Bedrock exception carrying them. */
const EXCEPTION_BY_ANTHROPIC_TYPE: ReadonlyMap<string, BedrockException> = new Map([
  ['invalid_request_error', 'ValidationException'],
  ['request_too_large', 'ValidationException'],
  ['authentication_error', 'UnrecognizedClientException'],
  ['permission_error', 'AccessDeniedException'],
  ['not_found_error', 'ResourceNotFoundException'],
  ['timeout_error', 'ModelTimeoutException'],
  ['rate_limit_error', 'ThrottlingException'],
  ['api_error', 'InternalServerException'],
  ['overloaded_error', 'ServiceUnavailableException'],
]);

/** Statuses Bedrock never sends, served as what it sends instead. */
const STATUS_REMAP: ReadonlyMap<number, number> = new Map([
  [401, 403],
  [529, 503],
]);

export interface ResolvedError {
  readonly status: number;
  /** PascalCase, as in `x-amzn-errortype`. */
  readonly type: string;
  readonly message: string;
}

/** `errorType` may be a Bedrock exception name (either case) or an Anthropic error type; both are understood. */
function exceptionName(errorType: string | undefined): string | undefined {
  if (errorType === undefined) return undefined;
  if (/^[A-Za-z]\w*Exception$/.test(errorType)) return errorType.charAt(0).toUpperCase() + errorType.slice(1);
  return EXCEPTION_BY_ANTHROPIC_TYPE.get(errorType);
}

function defaultMessage(type: string): string {
  return (EXCEPTIONS as Record<string, ExceptionSpec>)[type]?.message ?? 'The service encountered an error.';
}

/** How a Fault with `status` goes out on Bedrock's wire. */
export function resolveStatusFault(fault: Fault & { status: number }): ResolvedError {
  const status = STATUS_REMAP.get(fault.status) ?? fault.status;
  const type = exceptionName(fault.errorType) ?? EXCEPTION_BY_STATUS.get(fault.status) ?? (status >= 500 ? 'InternalServerException' : 'ValidationException');
  return { status, type, message: fault.message ?? defaultMessage(type) };
}

export function sendBedrockError(
  res: ServerResponse,
  type: BedrockException,
  message: string = EXCEPTIONS[type].message,
  headers: Record<string, string> = {},
): void {
  sendRaw(res, { status: EXCEPTIONS[type].status, type, message }, headers);
}

export function sendFaultError(res: ServerResponse, fault: Fault & { status: number }): void {
  sendRaw(res, resolveStatusFault(fault), errorHeaders(fault));
}

function sendRaw(res: ServerResponse, error: ResolvedError, headers: Record<string, string>): void {
  sendJson(res, error.status, { message: error.message }, { ...headers, 'x-amzn-errortype': errorTypeHeader(error.type) });
}

/** A mid-stream failure: the `:exception-type` (camelCase) and JSON payload of an event-stream exception frame. */
export interface StreamException {
  readonly exceptionType: string;
  readonly payload: Record<string, unknown>;
}

/**
 * The exception frame for `streamErrorAfterDeltas`. Default (overloaded_error, as FakeAnthropic) is
 * serviceUnavailableException, which is what Bedrock streams when capacity runs out mid-answer; a
 * modelStreamErrorException also carries the model's own status and message.
 */
export function streamExceptionFor(fault: Fault): StreamException {
  const name = exceptionName(fault.errorType ?? 'overloaded_error') ?? 'ModelStreamErrorException';
  const exceptionType = name.charAt(0).toLowerCase() + name.slice(1);
  const message = fault.message ?? defaultMessage(name);
  if (name !== 'ModelStreamErrorException') return { exceptionType, payload: { message } };
  return { exceptionType, payload: { message, originalStatusCode: fault.status ?? 500, originalMessage: message } };
}
