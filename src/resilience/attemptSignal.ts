import type { AbortCause } from '../domain/abort';

export interface AttemptSignal {
  signal: AbortSignal;
  /** Why the attempt was aborted, if it was. */
  cause(): AbortCause | undefined;
  /** Upstream showed progress (a stream event): the per-attempt cap starts again; the deadline does not move. */
  touch(): void;
  dispose(): void;
}

/**
 * A fresh AbortController for each attempt, never shared: one attempt timing out must not abort another call
 * to the same model. It aborts when the caller goes away, when the caller's deadline passes, or when upstream
 * has been silent for `capMs` (the whole call, for a unary answer; between events, for a stream).
 */
export function attemptSignal(caller: AbortSignal, deadline: number, capMs: number, now: () => number = Date.now): AttemptSignal {
  const controller = new AbortController();
  const onCallerAbort = (): void => controller.abort(caller.reason === 'deadline' ? 'deadline' : ('cancelled' satisfies AbortCause));
  if (caller.aborted) onCallerAbort();
  else caller.addEventListener('abort', onCallerAbort, { once: true });
  let timer: NodeJS.Timeout | undefined;
  const arm = (): void => {
    clearTimeout(timer);
    const remaining = deadline - now();
    const capped = remaining > capMs;
    const cause: AbortCause = capped ? 'attempt_timeout' : 'deadline';
    timer = setTimeout(() => controller.abort(cause), capped ? capMs : Math.max(0, remaining));
  };
  arm();
  return {
    signal: controller.signal,
    cause: () => (controller.signal.aborted ? (controller.signal.reason as AbortCause) : undefined),
    touch: () => {
      if (!controller.signal.aborted) arm();
    },
    dispose: () => {
      clearTimeout(timer);
      caller.removeEventListener('abort', onCallerAbort);
    },
  };
}
