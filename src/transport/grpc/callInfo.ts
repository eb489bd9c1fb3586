import type { Deadline, Metadata } from '@grpc/grpc-js';
import { LazyCallInfo, traceOf, type CallInfo } from '../../core/call';
import { LazyAbort } from '../../util/lazyAbort';

interface IncomingCall {
  metadata: Metadata;
  on(event: 'cancelled', listener: () => void): unknown;
  removeListener(event: 'cancelled', listener: () => void): unknown;
  getDeadline(): Deadline;
}

const BEARER = /^Bearer\s+(\S+)$/i;

/** A cancel this close to the deadline is the client's deadline passing, not the client giving up. */
export const DEADLINE_CANCEL_SLACK_MS = 50;

/**
 * The caller's token, its deadline (Infinity when none), its W3C trace id, and an AbortSignal that fires when the
 * caller goes away. `dispose` stops listening once the call has ended.
 */
export function callInfo(call: IncomingCall): { info: CallInfo; dispose: () => void } {
  const abort = new LazyAbort();
  const raw = call.getDeadline();
  const deadline = raw instanceof Date ? raw.getTime() : raw;
  // grpc-js reports a passed deadline as `cancelled` too; the reason keeps the two apart for logs and codes. The
  // deadline here counts from when the call was read, so a client whose own deadline passed cancels a little before
  // it: the time the call spent reaching the router (more on a busy process).
  const onCancel = (): void => abort.abort(Date.now() >= deadline - DEADLINE_CANCEL_SLACK_MS ? 'deadline' : 'cancelled');
  call.on('cancelled', onCancel);
  return {
    info: new LazyCallInfo(
      firstString(call.metadata, 'authorization')?.match(BEARER)?.[1],
      deadline,
      abort,
      traceOf(firstString(call.metadata, 'traceparent'), firstString(call.metadata, 'tracestate')),
      'grpc',
    ),
    dispose: () => call.removeListener('cancelled', onCancel),
  };
}

function firstString(metadata: Metadata, key: string): string | undefined {
  const value = metadata.get(key)[0];
  return typeof value === 'string' ? value : undefined;
}
