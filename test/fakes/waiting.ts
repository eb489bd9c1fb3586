export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `cond` holds; fails naming `what` after timeoutMs. */
export async function waitFor(what: string, cond: () => boolean | Promise<boolean>, timeoutMs: number, everyMs = 50): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await cond()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for: ${what}`);
    await sleep(everyMs);
  }
}

/** Runs p and reports how long it took; fails clearly (instead of hanging the test) past limitMs. */
export async function timed<T>(p: Promise<T>, limitMs = 5_000): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`did not settle within ${limitMs} ms`)), limitMs);
  });
  try {
    const value = await Promise.race([p, deadline]);
    return { value, ms: performance.now() - start };
  } finally {
    clearTimeout(timer);
  }
}
