import type { Deadline } from '@grpc/grpc-js';
import { ANONYMOUS_CALLER } from '../cache/cacheKey';
import type { RequestContext } from '../router/router';

/** The caller's deadline (Infinity when none) and an AbortSignal that fires when the caller goes away. */
interface CancellableCall {
  on(event: 'cancelled', listener: () => void): unknown;
  removeListener(event: 'cancelled', listener: () => void): unknown;
  getDeadline(): Deadline;
}

export function callContext(call: CancellableCall): RequestContext & { dispose(): void } {
  const controller = new AbortController();
  const onCancel = (): void => controller.abort();
  call.on('cancelled', onCancel);
  const deadline = call.getDeadline();
  return {
    deadline: deadline instanceof Date ? deadline.getTime() : Number(deadline),
    signal: controller.signal,
    caller: ANONYMOUS_CALLER,
    dispose: () => call.removeListener('cancelled', onCancel),
  };
}
