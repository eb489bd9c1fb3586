import type { ServerResponse } from 'node:http';
import { defaultErrorMessage, errorHeaders, errorTypeForStatus, type Fault } from '../faults';
import { sendError } from '../wire';
import { resourceName, type VertexRoute } from './route';

// Two layers answer a Vertex call, and each has its own error body:
//  - Google's front end (auth, IAM, routing, quota) answers in Google's API error shape,
//      {"error": {"code": 429, "message": "Quota exceeded for ...", "status": "RESOURCE_EXHAUSTED"}}
//    and on :streamRawPredict, a streaming method, as a JSON array of that one object: `[{"error": {...}}]`
//    (client logs of real Vertex 429s show both: the array from streaming callers, the object from the others).
//  - Anthropic's model server behind it: its errors pass through in Anthropic's own shape,
//      {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}
//    e.g. 529 overloaded_error, 500 api_error, 400 invalid_request_error for a body the model server refuses.

/** Which of the two bodies an error goes out in. */
export type ErrorShape = 'google' | 'anthropic';

/** A Fault for FakeVertex: the shared Fault, plus the shape its `status` error is sent in. */
export interface VertexFault extends Fault {
  /**
   * Default: 'anthropic' when `errorType` is set (error types are Anthropic's), else by status: 401, 403, 404, 429,
   * 503 and 504 come from Google's front end, everything else (400, 413, 500, 529, ...) from the model server.
   */
  errorShape?: ErrorShape;
}

const GOOGLE_STATUS: ReadonlyMap<number, string> = new Map([
  [400, 'INVALID_ARGUMENT'],
  [401, 'UNAUTHENTICATED'],
  [403, 'PERMISSION_DENIED'],
  [404, 'NOT_FOUND'],
  [409, 'ABORTED'],
  [429, 'RESOURCE_EXHAUSTED'],
  [499, 'CANCELLED'],
  [500, 'INTERNAL'],
  [501, 'UNIMPLEMENTED'],
  [503, 'UNAVAILABLE'],
  [504, 'DEADLINE_EXCEEDED'],
]);

/** The statuses Google's front end produces on its own; a fault with one of them defaults to Google's shape. */
const FRONT_END_STATUSES: ReadonlySet<number> = new Set([401, 403, 404, 429, 503, 504]);

const CREDENTIAL_HINT =
  'Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.';

export const MISSING_CREDENTIALS = `Request is missing required authentication credential. ${CREDENTIAL_HINT}`;
export const INVALID_CREDENTIALS = `Request had invalid authentication credentials. ${CREDENTIAL_HINT}`;

export function googleStatusName(code: number): string {
  return GOOGLE_STATUS.get(code) ?? (code >= 500 ? 'UNKNOWN' : 'FAILED_PRECONDITION');
}

export function googleErrorBody(code: number, message: string): { error: { code: number; message: string; status: string } } {
  return { error: { code, message, status: googleStatusName(code) } };
}

/** The message real Vertex sends with a front-end error for this call, where it has a recognisable one. */
export function defaultGoogleMessage(code: number, route: Pick<VertexRoute, 'project' | 'region' | 'model'>): string {
  const resource = resourceName(route);
  switch (code) {
    case 401:
      return INVALID_CREDENTIALS;
    case 403:
      return `Permission 'aiplatform.endpoints.predict' denied on resource '//aiplatform.googleapis.com/${resource}' (or it may not exist).`;
    case 404:
      return `Publisher Model \`${resource}\` was not found or your project does not have access to it. Please ensure you are using a valid model version. For more information, see: https://cloud.google.com/vertex-ai/generative-ai/docs/learn/model-versioning`;
    case 429:
      return `Quota exceeded for aiplatform.googleapis.com/online_prediction_requests_per_base_model with base model: anthropic-${route.model.replace(/@.*$/, '')}. Please submit a quota increase request. https://cloud.google.com/vertex-ai/docs/generative-ai/quotas-genai.`;
    case 503:
      return 'The service is currently unavailable.';
    case 504:
      return 'Deadline expired before operation could complete.';
    case 400:
      return 'Request contains an invalid argument.';
    default:
      return code >= 500 ? 'Internal error encountered.' : 'Simulated error';
  }
}

/** A Google front-end error; `streaming` wraps it in an array as Google's streaming methods do. */
export function sendGoogleError(res: ServerResponse, code: number, message: string, streaming: boolean, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  const body = googleErrorBody(code, message);
  const payload = JSON.stringify(streaming ? [body] : body);
  res.writeHead(code, {
    ...headers,
    'content-type': 'application/json; charset=UTF-8',
    'content-length': String(Buffer.byteLength(payload)),
  });
  res.end(payload);
}

/** The error a fault's `status` calls for, in the shape its errorShape, errorType or status picks. */
export function sendFaultError(res: ServerResponse, status: number, fault: VertexFault, route: VertexRoute): void {
  const headers = errorHeaders(fault);
  const shape = fault.errorShape ?? (fault.errorType !== undefined || !FRONT_END_STATUSES.has(status) ? 'anthropic' : 'google');
  if (shape === 'google') {
    sendGoogleError(res, status, fault.message ?? defaultGoogleMessage(status, route), route.kind === 'streamRawPredict', headers);
    return;
  }
  const type = fault.errorType ?? errorTypeForStatus(status);
  sendError(res, status, type, fault.message ?? defaultErrorMessage(type), headers);
}
