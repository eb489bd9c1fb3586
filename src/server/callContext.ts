import type { Deadline, Metadata } from '@grpc/grpc-js';
import type { Caller, CallerDirectory } from '../auth/callerDirectory';
import type { RequestContext } from '../router/router';

interface IncomingCall {
  metadata: Metadata;
  on(event: 'cancelled', listener: () => void): unknown;
  removeListener(event: 'cancelled', listener: () => void): unknown;
  getDeadline(): Deadline;
}

export interface ServerCallContext extends RequestContext {
  callerInfo: Caller;
  dispose(): void;
}

const TRACEPARENT = /^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$/;

/**
 * Who is calling (UNAUTHENTICATED is thrown from here), the caller's deadline (Infinity when none), its W3C
 * trace id, and an AbortSignal that fires when the caller goes away.
 */
export function callContext(call: IncomingCall, callers: CallerDirectory): ServerCallContext {
  const caller = callers.authenticate(firstString(call.metadata, 'authorization'));
  const controller = new AbortController();
  const raw = call.getDeadline();
  const deadline = raw instanceof Date ? raw.getTime() : Number(raw);
  // grpc-js reports a passed deadline as `cancelled` too; the reason keeps the two apart for logs and codes.
  const onCancel = (): void => controller.abort(Date.now() >= deadline ? 'deadline' : 'cancelled');
  call.on('cancelled', onCancel);
  return {
    deadline,
    signal: controller.signal,
    caller: caller.id,
    callerInfo: caller,
    traceId: firstString(call.metadata, 'traceparent')?.match(TRACEPARENT)?.[1],
    permissions: caller.permissions,
    dispose: () => call.removeListener('cancelled', onCancel),
  };
}

function firstString(metadata: Metadata, key: string): string | undefined {
  const value = metadata.get(key)[0];
  return typeof value === 'string' ? value : undefined;
}
