import { performance, type EventLoopUtilization } from 'node:perf_hooks';
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export interface IdleCollection {
  /** V8's total heap size before and after the collection, bytes. */
  heapBefore: number;
  heapAfter: number;
  /** How long the collection held the event loop, ms. */
  pauseMs: number;
}

export interface IdleCollectorOptions {
  /** How long the event loop must have been (nearly) idle before collecting, ms. */
  afterMs: number;
  /** How far RSS must have grown over its lowest point since the last collection (or start) for one to be worth its pause, bytes. */
  minGrowthBytes: number;
  onCollect?: (collection: IdleCollection) => void;
}

export interface IdleCollector {
  stop(): void;
}

/** Collections after the first in one idle spell, at most: each a pause of its own. */
const MAX_FOLLOW_UPS = 2;

/** Above this share of busy loop after a collection, calls are back: the follow-up collection waits for the next idle spell. */
const BACK_TO_WORK = 0.2;

/**
 * Below this share of busy event loop the process counts as idle: about 10 calls a second at this router's cost
 * per call. An idle process's own timers measure 0.4-1.4 % over 100 ms.
 */
const IDLE_UTILIZATION = 0.02;

/**
 * Gives memory back after a burst. V8 lets the old space grow to several times the live heap under load and, in
 * Node, keeps it: measured, 265 MB RSS after the bench's load and still 265 MB after 17 s idle, 118 MB after two
 * full GCs. This watches the event loop's utilisation and, once it has been idle for `afterMs` with RSS grown by
 * `minGrowthBytes` over its lowest point since the last collection, runs a full GC, then up to two more while each
 * still frees an eighth of that from the heap (a collection's finalizers release more: what a FinalizationRegistry's
 * callbacks let go of is garbage only after them). RSS, not the heap's size, is the trigger: V8's own full GCs
 * under load shrink the heap's figure but not the young generation it keeps committed (32 MB), which V8 shrinks
 * only after a few seconds of little allocation. It never runs under load, but the next burst pays for the heap
 * it gave back (measured: with 6 s, collections between the bench's phases cost the next phase about a third more
 * router CPU per miss), hence a 30 s default: a lull, not a pause between calls. A call that arrives during a
 * collection waits for it (30-60 ms measured).
 */
export function startIdleCollector(options: IdleCollectorOptions): IdleCollector {
  const collect = fullGc();
  const tickMs = Math.min(500, Math.max(100, Math.floor(options.afterMs / 4)));
  let last: EventLoopUtilization = performance.eventLoopUtilization();
  let lastAt = performance.now();
  let idleMs = 0;
  // The lowest RSS since the last collection (or start): pages given back show up some time after a collection.
  let lowestRss = residentBytes() ?? Infinity;
  let followUps = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    const current = performance.eventLoopUtilization();
    const busy = performance.eventLoopUtilization(current, last).utilization;
    last = current;
    idleMs = busy < IDLE_UTILIZATION ? idleMs + (now - lastAt) : 0;
    lastAt = now;
    const rss = residentBytes();
    // Out of file descriptors (EMFILE), Node cannot read its RSS: no decision this tick, and no crash.
    if (rss === undefined) return;
    lowestRss = Math.min(lowestRss, rss);
    if (followUps > 0) {
      // What a collection's finalizers let go of (a FinalizationRegistry's callbacks, and what they held in turn) is
      // garbage only after it: collect again while that frees a good part, unless calls came back meanwhile (the
      // finalizers' own work keeps the loop busier than the idle mark, so that mark does not apply here).
      followUps = busy < BACK_TO_WORK && run() >= options.minGrowthBytes / 8 ? followUps - 1 : 0;
      return;
    }
    if (idleMs >= options.afterMs && rss - lowestRss >= options.minGrowthBytes) {
      run();
      followUps = MAX_FOLLOW_UPS;
      lowestRss = rss;
    }
  }, tickMs);
  /** Collects now; returns the heap bytes given back. */
  const run = (): number => {
    const heapBefore = getHeapStatistics().total_heap_size;
    const started = performance.now();
    collect();
    const pauseMs = performance.now() - started;
    const heapAfter = getHeapStatistics().total_heap_size;
    idleMs = 0;
    // The collection itself must not count as the next interval's load.
    last = performance.eventLoopUtilization();
    lastAt = performance.now();
    options.onCollect?.({ heapBefore, heapAfter, pauseMs });
    return heapBefore - heapAfter;
  };
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

/** RSS, read from /proc on Linux: it needs a file descriptor, and fails when the process has none left. */
function residentBytes(): number | undefined {
  try {
    return process.memoryUsage.rss();
  } catch {
    return undefined;
  }
}

/** Node's `gc()`: the global one under --expose-gc, else the same function exposed at run time in a fresh context. */
function fullGc(): () => void {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (typeof exposed === 'function') return exposed;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}
