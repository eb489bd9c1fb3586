/**
 * Steady closed-loop load, then the primary model starts answering 529 for good. Measures what the callers see
 * (errors, latency) before the outage, while the breaker is still closed, and once it is open; how many calls the
 * dead primary still got; and how long the breaker took to open (GetModel(primary).circuit_state, polled).
 */
import * as grpc from '@grpc/grpc-js';
import { FALLBACK, MISS_REQUEST, PRIMARY, complete, getModel } from '../lib/clients';
import { newHistogram, p, runPhase, sleep } from '../lib/load';
import type { Rig } from '../lib/rig';

export interface WindowStats {
  label: string;
  calls: number;
  errors: number;
  p50: number;
  p99: number;
  rps: number;
  /** Share of successful calls served by a model other than the primary. */
  fallbackShare: number;
}

export interface FailoverResult {
  concurrency: number;
  stateBefore: string;
  /** ms from the fault being armed to the breaker being seen open; undefined if it never opened in time. */
  timeToOpenMs: number | undefined;
  maxOutageMs: number;
  /** Upstream calls that reached the dead primary between outage start and the breaker seen open. */
  primaryCallsBeforeOpen: number;
  /** ...and over the whole outage (after open: only calls that had already been admitted). */
  primaryCallsTotal: number;
  fallbackCalls: number;
  /** Caller-visible errors among calls that ended after the outage started. */
  errorsDuringOutage: number;
  /** Caller-visible errors over the whole failover run, before the outage included. */
  errorsTotal: number;
  /** Calls made over the whole run. */
  callsTotal: number;
  errorSamples: string[];
  before: WindowStats;
  transition: WindowStats;
  open: WindowStats | undefined;
  /** 1 in flight, healthy, before the load: the per-call baseline. */
  probeHealthy: ProbeStats;
  /** 1 in flight once the breaker is open (after the C-in-flight load stopped). */
  probeOpen: ProbeStats | undefined;
  /** Breaker state seen at the end of the open probe (should still be open: reset_timeout_ms is 30 s). */
  stateAfterProbe: string | undefined;
}

export interface ProbeStats {
  calls: number;
  errors: number;
  p50: number;
  p99: number;
  fallbackShare: number;
}

export interface FailoverOptions {
  concurrency: number;
  probeMs: number;
  preMs: number;
  maxOutageMs: number;
  openMs: number;
}

interface CallRecord {
  startMs: number;
  endMs: number;
  ok: boolean;
  fallback: boolean;
}

const nowMs = (): number => performance.now();

function windowStats(label: string, records: readonly CallRecord[], fromMs: number, toMs: number): WindowStats {
  const inWindow = records.filter((r) => r.startMs >= fromMs && r.startMs < toMs);
  const hist = newHistogram();
  let errors = 0;
  let fallback = 0;
  for (const r of inWindow) {
    if (!r.ok) {
      errors++;
      continue;
    }
    if (r.fallback) fallback++;
    hist.recordValue(Math.max(1, Math.round((r.endMs - r.startMs) * 1000)));
  }
  const ok = inWindow.length - errors;
  const seconds = Math.max(1e-3, (toMs - fromMs) / 1000);
  return { label, calls: inWindow.length, errors, p50: p(hist, 50), p99: p(hist, 99), rps: ok / seconds, fallbackShare: ok ? fallback / ok : NaN };
}

async function probe(rig: Rig, durationMs: number): Promise<ProbeStats> {
  let fallback = 0;
  const result = await runPhase(
    async () => {
      const r = await complete(rig.routerClient, MISS_REQUEST);
      if (r.model !== PRIMARY) fallback++;
    },
    { concurrency: 1, durationMs },
  );
  return {
    calls: result.ok + result.errors,
    errors: result.errors,
    p50: p(result.hist, 50),
    p99: p(result.hist, 99),
    fallbackShare: result.ok ? fallback / result.ok : NaN,
  };
}

export async function runFailover(rig: Rig, options: FailoverOptions): Promise<FailoverResult> {
  await rig.fake.call('reset');
  const stateBefore = (await getModel(rig.routerClient, PRIMARY)).circuit_state;
  const records: CallRecord[] = [];
  const errorSamples: string[] = [];
  const hardStop = nowMs() + options.preMs + options.probeMs + options.maxOutageMs + options.openMs + 10_000;
  let stop = false;
  const worker = async (): Promise<void> => {
    while (!stop && nowMs() < hardStop && records.length < 2_000_000) {
      const startMs = nowMs();
      try {
        const r = await complete(rig.routerClient, MISS_REQUEST);
        records.push({ startMs, endMs: nowMs(), ok: true, fallback: r.model !== PRIMARY });
      } catch (err) {
        records.push({ startMs, endMs: nowMs(), ok: false, fallback: false });
        if (errorSamples.length < 5) {
          const e = err as grpc.ServiceError;
          errorSamples.push(e.code !== undefined ? `${grpc.status[e.code]}: ${e.details}` : String(err));
        }
      }
    }
  };
  const startLoad = (): Promise<void[]> => {
    stop = false;
    return Promise.all(Array.from({ length: options.concurrency }, () => worker()));
  };

  // Stage 1, healthy, C in flight: the "before" window. It also brings the miss path back to full speed (the JIT
  // had been tuned to the previous sections' mix), so the 1-in-flight healthy probe that follows is comparable
  // with the one taken once the breaker is open.
  const loadStart = nowMs();
  let workers = startLoad();
  await sleep(options.preMs);
  stop = true;
  await workers;
  const beforeEnd = nowMs();
  const probeHealthy = await probe(rig, options.probeMs);

  // Stage 2: the same load again, and half a second in, the outage.
  workers = startLoad();
  await sleep(500);
  const primaryAtOutage = await rig.fake.call<number>('calls', { model: PRIMARY });
  const fallbackAtOutage = await rig.fake.call<number>('calls', { model: FALLBACK });
  await rig.fake.call('setFault', { model: PRIMARY, fault: { status: 529 } });
  // The fault is armed once the fake has answered; calls that start from here on meet it.
  const outageAt = nowMs();

  let openAt: number | undefined;
  let primaryAtOpen = 0;
  while (nowMs() - outageAt < options.maxOutageMs) {
    const state = (await getModel(rig.routerClient, PRIMARY)).circuit_state;
    if (state === 'open') {
      openAt = nowMs();
      primaryAtOpen = await rig.fake.call<number>('calls', { model: PRIMARY });
      break;
    }
    await sleep(10);
  }
  if (openAt !== undefined) await sleep(options.openMs);
  stop = true;
  await workers;
  const end = nowMs();
  const primaryAtEnd = await rig.fake.call<number>('calls', { model: PRIMARY });
  const fallbackAtEnd = await rig.fake.call<number>('calls', { model: FALLBACK });
  let probeOpen: ProbeStats | undefined;
  let stateAfterProbe: string | undefined;
  if (openAt !== undefined) {
    probeOpen = await probe(rig, options.probeMs);
    stateAfterProbe = (await getModel(rig.routerClient, PRIMARY)).circuit_state;
  }
  await rig.fake.call('reset');

  const settle = 1_000; // the first second of load is warm-up for the window
  const before = windowStats('before the outage', records, loadStart + Math.min(settle, options.preMs / 2), beforeEnd);
  const transition = windowStats('outage, breaker still closed', records, outageAt, openAt ?? end);
  // Calls started right at the transition may have been admitted just before it; skip 100 ms.
  const open = openAt !== undefined ? windowStats('outage, breaker open', records, openAt + 100, end) : undefined;
  return {
    concurrency: options.concurrency,
    stateBefore,
    timeToOpenMs: openAt !== undefined ? openAt - outageAt : undefined,
    maxOutageMs: options.maxOutageMs,
    primaryCallsBeforeOpen: (openAt !== undefined ? primaryAtOpen : primaryAtEnd) - primaryAtOutage,
    primaryCallsTotal: primaryAtEnd - primaryAtOutage,
    fallbackCalls: fallbackAtEnd - fallbackAtOutage,
    errorsDuringOutage: records.filter((r) => !r.ok && r.endMs >= outageAt).length,
    errorsTotal: records.filter((r) => !r.ok).length,
    callsTotal: records.length,
    errorSamples,
    before,
    transition,
    open,
    probeHealthy,
    probeOpen,
    stateAfterProbe,
  };
}
