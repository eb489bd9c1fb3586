import type { CancelSource, LazyAbort } from '../util/lazyAbort';

/** What a transport knows about one call, before anything about its body. */
export interface CallInfo {
  /** The caller's token as sent (gRPC `authorization: Bearer`, HTTP `x-api-key` or `Authorization`), if any. */
  token: string | undefined;
  /** Epoch ms by which the caller wants an answer; Infinity when it set no deadline. */
  deadline: number;
  /** Aborts when the caller cancels or goes away; its reason is 'deadline' when the deadline passed. */
  signal: AbortSignal;
  /** The same cancel without an AbortSignal: what the attempts listen on (a signal costs every miss to make). */
  cancel: CancelSource;
  /** W3C trace id from the caller's traceparent, for the request log. */
  traceId: string | undefined;
  /** The caller's W3C trace context as sent, the parent of the call's span (traceparent must be well formed). */
  traceparent?: string | undefined;
  tracestate?: string | undefined;
  transport: 'grpc' | 'http';
}

const TRACEPARENT = /^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$/;

/** The caller's trace context, only when its traceparent is well formed (a bad one starts a new trace). */
export function traceOf(traceparent: string | undefined, tracestate: string | undefined): Pick<CallInfo, 'traceId' | 'traceparent' | 'tracestate'> {
  const traceId = traceparent?.match(TRACEPARENT)?.[1];
  return traceId ? { traceId, traceparent, tracestate: tracestate?.slice(0, 512) } : { traceId: undefined };
}

/**
 * A transport's CallInfo whose AbortSignal is made on first use (a cache hit never asks). A class: in Node 20 an
 * object literal with a getter costs about 0.5 µs to make, a class instance next to nothing.
 */
export class LazyCallInfo implements CallInfo {
  readonly traceId: string | undefined;
  readonly traceparent?: string | undefined;
  readonly tracestate?: string | undefined;

  constructor(
    readonly token: string | undefined,
    readonly deadline: number,
    private readonly abort: LazyAbort,
    trace: Pick<CallInfo, 'traceId' | 'traceparent' | 'tracestate'>,
    readonly transport: CallInfo['transport'],
  ) {
    this.traceId = trace.traceId;
    this.traceparent = trace.traceparent;
    this.tracestate = trace.tracestate;
  }

  get signal(): AbortSignal {
    return this.abort.signal;
  }

  get cancel(): CancelSource {
    return this.abort;
  }
}
