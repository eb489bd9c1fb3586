import { setFlagsFromString } from 'node:v8';

/** What the process runs with now: the last value applied (V8 cannot be asked for a flag's value). */
let applied: number | undefined;

/**
 * Sets V8's old-space growing factor for the whole process. The flag is read at every full GC, so it takes effect
 * at the next one; it sets how far the heap may grow before the next collection, not how large it may get
 * (the heap limit stays V8's). 0 gives the choice back to V8's heuristics.
 */
export function applyHeapGrowth(percent: number): void {
  if (applied === percent) return;
  setFlagsFromString(`--heap-growing-percent=${percent}`);
  applied = percent;
}

export function appliedHeapGrowth(): number | undefined {
  return applied;
}
