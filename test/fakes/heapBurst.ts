/** Keeps the event loop busy (5 ms spins, other tasks between them), as a stream of calls does, for `ms`. */
export function busyFor(ms: number): Promise<void> {
  const until = Date.now() + ms;
  return new Promise<void>((resolve) => {
    const spin = (): void => {
      const end = Date.now() + 5;
      while (Date.now() < end);
      if (Date.now() < until) setImmediate(spin);
      else resolve();
    };
    spin();
  });
}

/**
 * Grows the old space by about `mb` and keeps it alive through V8's own collections while the loop stays busy (as
 * under load), then lets all of it go: garbage only a full GC gives back.
 */
export async function burst(mb: number): Promise<void> {
  let held: number[][] = [];
  // Arrays held across many allocations survive the scavenges and are promoted, as a burst's objects are.
  for (let i = 0; i < mb * 16; i++) held.push(new Array<number>(8_192).fill(i));
  await busyFor(300);
  held = [];
  void held;
}
