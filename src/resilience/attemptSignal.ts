import type { AbortCause } from '../domain/abort';
import { LazyAbort, type CancelSource } from '../util/lazyAbort';

export interface AttemptLimits {
  /** No content (text, thinking, tool_use) within this long of the start: the model is abandoned. */
  firstContentMs: number;
  /** Once content flows, no event for this long: the stream is treated as cut. */
  idleMs: number;
  /** This attempt's share of the caller's remaining time, until its first content (Infinity: no share). */
  budgetMs: number;
}

export interface AttemptSignal {
  /** The attempt's cancel: an AbortSignal is made only for an API that asks for one. */
  signal: CancelSource;
  /** Why the attempt was aborted, if it was. */
  cause(): AbortCause | undefined;
  /** An upstream event arrived; `content` says whether it carried answer (a ping or a bare block start does not). */
  progress(content: boolean): void;
  /** The router is busy handing an event to a slow caller: upstream's clock stops until the next progress(). */
  hold(): void;
  dispose(): void;
}

/**
 * A fresh cancel for each attempt, never shared: one attempt timing out must not abort another call to
 * the same model. Before the first content the attempt has the first-token limit and its share of the deadline
 * (so a hung model leaves time for the fallback); after it, the idle limit between events, which does not run
 * while the caller is slow to read (that is the caller's backpressure, not upstream's silence). The caller's
 * deadline and cancel always apply.
 */
export function attemptSignal(caller: CancelSource, deadline: number, limits: AttemptLimits, now: () => number = Date.now): AttemptSignal {
  const controller = new LazyAbort();
  const abort = (cause: AbortCause): void => controller.abort(cause);
  const onCallerAbort = (): void => abort(caller.reason === 'deadline' ? 'deadline' : 'cancelled');
  const unlisten = caller.aborted ? undefined : caller.onAbort(onCallerAbort);
  if (!unlisten) onCallerAbort();
  const started = now();
  const deadlineTimer = Number.isFinite(deadline) ? setTimeout(() => abort('deadline'), Math.max(0, deadline - started)) : undefined;
  let content = false;
  let limit: NodeJS.Timeout | undefined;
  let lastProgress = started;
  // One timer per attempt, not one per event: when it fires early (events came since), it re-arms for the rest.
  const idle = (): void => {
    const quiet = now() - lastProgress;
    if (quiet < limits.idleMs) {
      limit = setTimeout(idle, limits.idleMs - quiet);
      return;
    }
    limit = undefined;
    abort('idle_timeout');
  };
  const arm = (): void => {
    if (!content) {
      const budgetFirst = limits.budgetMs < limits.firstContentMs;
      const at = started + (budgetFirst ? limits.budgetMs : limits.firstContentMs);
      if (Number.isFinite(at)) limit = setTimeout(() => abort(budgetFirst ? 'attempt_budget' : 'first_token_timeout'), Math.max(0, at - now()));
      return;
    }
    clearTimeout(limit);
    limit = setTimeout(idle, limits.idleMs);
  };
  arm();
  return {
    signal: controller,
    cause: () => (controller.aborted ? (controller.reason as AbortCause) : undefined),
    progress: (isContent) => {
      if (controller.aborted) return;
      if (content) {
        lastProgress = now();
        if (limit === undefined) limit = setTimeout(idle, limits.idleMs);
        return;
      }
      if (!isContent) return;
      content = true;
      lastProgress = now();
      arm();
    },
    hold: () => {
      if (!content) return;
      clearTimeout(limit);
      limit = undefined;
    },
    dispose: () => {
      clearTimeout(limit);
      clearTimeout(deadlineTimer);
      unlisten?.();
    },
  };
}
