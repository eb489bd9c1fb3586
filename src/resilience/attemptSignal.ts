import type { AbortCause } from '../upstream/classifyUpstreamError';

export interface AttemptSignal {
  signal: AbortSignal;
  /** Why the attempt was aborted, if it was. */
  cause(): AbortCause | undefined;
  dispose(): void;
}

/**
 * A fresh AbortController for each attempt, never shared: one attempt timing out must not abort another call
 * to the same model. It aborts when the caller goes away or when this attempt's time runs out.
 */
export function attemptSignal(caller: AbortSignal, timeoutMs: number, timeoutCause: AbortCause): AttemptSignal {
  const controller = new AbortController();
  const onCallerAbort = (): void => controller.abort('cancelled' satisfies AbortCause);
  if (caller.aborted) onCallerAbort();
  else caller.addEventListener('abort', onCallerAbort, { once: true });
  const timer = setTimeout(() => controller.abort(timeoutCause), Math.max(0, timeoutMs));
  return {
    signal: controller.signal,
    cause: () => (controller.signal.aborted ? (controller.signal.reason as AbortCause) : undefined),
    dispose: () => {
      clearTimeout(timer);
      caller.removeEventListener('abort', onCallerAbort);
    },
  };
}
