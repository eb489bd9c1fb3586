import type { ResponseCache } from '../cache/responseCache';
import { createSingleFlight } from '../cache/singleFlight';
import { RouterError } from '../domain/routerError';
import type { RestartEvent, StreamEvent } from '../domain/events';
import { callerGone, type CallContext, type Execution } from '../resilience/fallbackExecutor';
import type { Observation } from './callChain';
import { inSpan } from '../observability/tracing';
import { fromCache, fromExecution, joined, type RouterResult } from './result';
import type { Prepared } from './router';

type Run = (prepared: Prepared, ctx: CallContext, obs: Observation) => AsyncGenerator<StreamEvent | RestartEvent, Execution, undefined>;
type Filled = { hit: RouterResult } | { execution: Execution };

/** How many times a caller whose shared call died of another caller's cancel joins or leads a new one. */
const MAX_REJOINS = 2;

/**
 * A whole answer at once: the cache first, then one upstream call shared by identical concurrent requests
 * (single flight in process, a fill lock across replicas), then the cache filled.
 */
export class CompleteFlow {
  private readonly flights = createSingleFlight<Filled>();

  constructor(
    private readonly cache: ResponseCache | undefined,
    private readonly run: Run,
  ) {}

  async answer(prepared: Prepared, ctx: CallContext, obs: Observation): Promise<RouterResult> {
    const { request, plan, key } = prepared;
    const cache = this.cache;
    if (!key || !cache) return fromExecution(await drain(this.run(prepared, ctx, obs)), plan);
    const refresh = request.routing.cache === 'refresh';
    if (!refresh) {
      const hit = await inSpan('modelrouter.cache.lookup', obs.trace, () => cache.get(key));
      if (hit) return fromCache(hit, plan);
    }
    // A refresh must not take a plain request's fill, which may hand back the very entry it asked to skip.
    const flightKey = refresh ? `${key}#refresh` : key;
    for (let rejoins = 0; ; rejoins++) {
      // An object, not a let: the compiler cannot see the callback set it.
      const role = { led: false };
      const shared = this.flights.do(flightKey, () => {
        role.led = true;
        return this.fill(cache, key, prepared, ctx, obs);
      });
      const led = role.led;
      try {
        const filled = led ? await shared : await untilCallerGone(shared, ctx);
        if ('hit' in filled) return filled.hit;
        const result = fromExecution(filled.execution, plan);
        // Per-model metrics count the upstream calls once: a joiner reports no attempts and no cost.
        return led ? result : joined(result);
      } catch (err) {
        // The shared call died of its leader's cancel or deadline; this caller may still have time of its own.
        if (led || !isCallerSpecific(err) || ctx.cancel.aborted || rejoins >= MAX_REJOINS) throw err;
      }
    }
  }

  private async fill(cache: ResponseCache, key: string, prepared: Prepared, ctx: CallContext, obs: Observation): Promise<Filled> {
    const fill = await cache.acquireFill(key, ctx.deadline, ctx.cancel, prepared.request.routing.cache === 'refresh');
    if (fill.hit) return { hit: fromCache(fill.hit, prepared.plan) };
    try {
      const execution = await drain(this.run(prepared, ctx, obs));
      cache.put(key, execution.message, execution.fallback);
      return { execution };
    } finally {
      if (fill.locked) cache.releaseFill(key);
    }
  }
}

async function drain<R>(events: AsyncGenerator<unknown, R, undefined>): Promise<R> {
  for (;;) {
    const next = await events.next();
    if (next.done) return next.value;
  }
}

/** The shared call's outcome, unless this caller cancels or runs out of time first. */
function untilCallerGone<T>(shared: Promise<T>, ctx: CallContext): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const gone = (): void => {
      cleanup();
      reject(callerGone(ctx.cancel.aborted ? ctx.cancel : { reason: 'deadline' }, []));
    };
    if (ctx.cancel.aborted) {
      reject(callerGone(ctx.cancel, []));
      return;
    }
    const timer = Number.isFinite(ctx.deadline) ? setTimeout(gone, Math.max(0, ctx.deadline - Date.now())) : undefined;
    const unlisten = ctx.cancel.onAbort(gone);
    const cleanup = (): void => {
      clearTimeout(timer);
      unlisten();
    };
    shared.then(
      (value) => {
        cleanup();
        resolve(value);
      },
      (err: unknown) => {
        cleanup();
        // The shared call's own failure, passed on as it was thrown.
        // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
        reject(err);
      },
    );
  });
}

function isCallerSpecific(err: unknown): boolean {
  return err instanceof RouterError && (err.kind === 'cancelled' || err.kind === 'deadline') && err.blame === 'caller';
}
