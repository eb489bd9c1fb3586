import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

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
 * Grows the old space by about `mb` and keeps it alive through a full GC (so no marking V8 started during the burst
 * is left to finish after it and take the garbage first), then lets all of it go: garbage only a full GC gives back,
 * and no allocation follows to make V8 run one itself.
 */
export async function burst(mb: number): Promise<void> {
  let held: number[][] = [];
  // Arrays held across many allocations survive the scavenges and are promoted, as a burst's objects are.
  for (let i = 0; i < mb * 16; i++) held.push(new Array<number>(8_192).fill(i));
  await busyFor(100);
  gc();
  held = [];
  void held;
}

let exposed: (() => void) | undefined;

function gc(): void {
  if (!exposed) {
    setFlagsFromString('--expose-gc');
    exposed = runInNewContext('gc') as () => void;
  }
  exposed();
}
