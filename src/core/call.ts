/** What a transport knows about one call, before anything about its body. */
export interface CallInfo {
  /** The caller's token as sent (gRPC `authorization: Bearer`, HTTP `x-api-key` or `Authorization`), if any. */
  token: string | undefined;
  /** Epoch ms by which the caller wants an answer; Infinity when it set no deadline. */
  deadline: number;
  /** Aborts when the caller cancels or goes away; its reason is 'deadline' when the deadline passed. */
  signal: AbortSignal;
  /** W3C trace id from the caller's traceparent, for the request log. */
  traceId: string | undefined;
  transport: 'grpc' | 'http';
}
