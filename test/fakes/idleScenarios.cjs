// The idle GC's scenarios, each in a fresh Node process (test/unit/idleCollector.test.ts, test/integration/idleGc.test.ts):
// a jest worker runs other files' leftovers (timers, reconnecting clients), so its event loop is never reliably idle.
// Runs the compiled code in dist/ (make test builds it first); prints one JSON object.
'use strict';
const { join } = require('node:path');
const { readFileSync } = require('node:fs');
const { getHeapStatistics, setFlagsFromString } = require('node:v8');
const { runInNewContext } = require('node:vm');

const ROOT = join(__dirname, '..', '..');
const DIST = join(ROOT, 'dist', 'src');
const MB = 1_048_576;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc');

/** Keeps the event loop busy (5 ms spins, other tasks between them), as a stream of calls does, for `ms`. */
function busyFor(ms) {
  const until = Date.now() + ms;
  return new Promise((resolve) => {
    const spin = () => {
      const end = Date.now() + 5;
      while (Date.now() < end);
      if (Date.now() < until) setImmediate(spin);
      else resolve();
    };
    spin();
  });
}

/**
 * Grows the old space by about `mb`, keeps it alive through a full GC (so no marking V8 started during the burst is
 * left to finish after it and take the garbage first), then lets all of it go: garbage only a full GC gives back.
 */
async function burst(mb) {
  let held = [];
  for (let i = 0; i < mb * 16; i++) held.push(new Array(8_192).fill(i));
  await busyFor(100);
  gc();
  held = [];
  return getHeapStatistics().total_heap_size;
}

/** Looks every 250 ms: polling often would keep the loop from looking idle. */
async function until(check, ms) {
  for (const end = Date.now() + ms; !check() && Date.now() < end;) await sleep(250);
}

function collector(afterMs, minGrowthBytes) {
  const { startIdleCollector } = require(join(DIST, 'runtime', 'idleCollector.js'));
  const seen = [];
  const handle = startIdleCollector({ afterMs, minGrowthBytes, onCollect: (c) => seen.push(c) });
  return { seen, stop: () => handle.stop() };
}

const scenarios = {
  /** A burst's garbage, then idle: collected. */
  async gives() {
    const c = collector(200, 16 * MB);
    const grown = await burst(96);
    await until(() => c.seen.length > 0, 10_000);
    return { grown, collections: c.seen, heapNow: getHeapStatistics().total_heap_size };
  },
  /** Busy for five idle periods: nothing; then idle: collected. */
  async busy() {
    const c = collector(200, 1);
    await burst(32);
    await busyFor(1_000);
    const whileBusy = c.seen.length;
    await until(() => c.seen.length > 0, 10_000);
    return { whileBusy, after: c.seen.length };
  },
  /** Growth under the threshold: nothing, however long the idle; a burst past it: collected. */
  async threshold() {
    const c = collector(100, 64 * MB);
    await burst(2);
    await sleep(1_000);
    const small = c.seen.length;
    await burst(160);
    await until(() => c.seen.length > 0, 10_000);
    return { small, large: c.seen.length };
  },
  /** The app from the shipped config with runtime.idle_gc_* set: its idle_gc log lines after a burst. */
  async app() {
    const { startApp } = require(join(DIST, 'app.js'));
    const { parseConfig } = require(join(DIST, 'config', 'loadConfig.js'));
    const { createMemoryLogger } = require(join(DIST, 'observability', 'logger.js'));
    const path = join(ROOT, 'config', 'router.yaml');
    const config = parseConfig(readFileSync(path, 'utf8'), path, process.env);
    Object.assign(config.server, { grpc_port: 0, host: '127.0.0.1' });
    Object.assign(config.http, { port: 0, host: '127.0.0.1' });
    Object.assign(config.metrics, { port: 0 });
    Object.assign(config.catalog, { live: false });
    Object.assign(config.warmup, { enabled: false });
    Object.assign(config.runtime, { idle_gc_min_growth_mb: 8 });
    const { logger, records } = createMemoryLogger('info');
    const app = await startApp({ config, apiKey: 'sk-test', logger });
    const lines = () => records().filter((r) => r.event === 'idle_gc');
    await burst(64);
    await until(() => lines().length > 0, Number(process.env.WAIT_MS ?? 10_000));
    await app.close(100);
    return { afterMs: config.runtime.idle_gc_after_ms, lines: lines() };
  },
};

scenarios[process.argv[2]]().then(
  (result) => {
    process.stdout.write(JSON.stringify(result));
    process.exit(0);
  },
  (err) => {
    process.stderr.write(String(err && err.stack));
    process.exit(1);
  },
);
