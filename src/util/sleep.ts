/**
 * Waits `ms`, or less if `signal` aborts first. Never rejects: callers check `signal.aborted` afterwards, which
 * keeps an abandoned request from leaving a timer or an unhandled rejection behind.
 */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0 || signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
