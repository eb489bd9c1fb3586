export interface SingleFlight<T> {
  /**
   * Runs fn for key unless a call for the same key is already in flight, in which case the caller shares
   * that call's outcome (value or rejection). Nothing is remembered after it settles: the next call runs fn
   * again. fn throwing synchronously is treated like a rejection.
   */
  do(key: string, fn: () => Promise<T>): Promise<T>;
  /** Number of keys currently in flight. */
  inFlight(): number;
}

/** In-process request coalescing ("single flight"): concurrent same-key callers share one execution. */
export function createSingleFlight<T>(): SingleFlight<T> {
  const calls = new Map<string, Promise<T>>();

  return {
    do(key, fn) {
      const existing = calls.get(key);
      if (existing !== undefined) return existing;
      let call: Promise<T>;
      try {
        call = Promise.resolve(fn());
      } catch (err) {
        // The work's own failure, passed on as it was thrown.
        // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
        call = Promise.reject(err);
      }
      const shared = call.finally(() => {
        // Only remove our own entry (always true today, but keeps the invariant explicit).
        if (calls.get(key) === shared) calls.delete(key);
      });
      calls.set(key, shared);
      return shared;
    },
    inFlight: () => calls.size,
  };
}
