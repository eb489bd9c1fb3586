import { status } from '@grpc/grpc-js';
import type { CallerPermissions } from '../auth/callerDirectory';
import type { CatalogModel } from '../catalog/catalog';
import { cacheKey } from '../cache/cacheKey';
import type { ResponseCache } from '../cache/responseCache';
import { createSingleFlight } from '../cache/singleFlight';
import type { CompleteRequest__Output } from '../generated/modelrouter/v1/CompleteRequest';
import type { RouteDecision } from '../generated/modelrouter/v1/RouteDecision';
import { RouterError } from '../errors/routerError';
import type { OutcomeObserver } from '../observability/requestOutcome';
import { effectiveMaxTokens } from '../policy/capabilities';
import type { CompletionRequest } from '../policy/completionRequest';
import type { Planner, RoutePlan } from '../policy/planRoute';
import type { Policy } from '../policy/policy';
import { validateRequest } from '../policy/validateRequest';
import type { BreakerRegistry } from '../resilience/breakerRegistry';
import { callerGone, ExecutionError, type CallContext, type Execution, type FallbackExecutor } from '../resilience/fallbackExecutor';
import type { StreamSink, Upstream, UpstreamResult } from '../upstream/upstream';
import { fromCache, fromExecution, toCachedAnswer, type RouterResponse } from './responses';

export interface RequestContext extends CallContext {
  /** Who is calling (authenticated identity, or 'anonymous'); prefixes cache keys and labels metrics. */
  caller: string;
  /** W3C trace id from the caller's `traceparent`, for the request log. */
  traceId: string | undefined;
  /** What the caller may use; undefined allows everything. */
  permissions: CallerPermissions | undefined;
  /** Set once the request's outcome was reported (log line and metrics), so the server layer does not repeat it. */
  observed?: boolean;
}

export interface RouterDeps {
  policy: Policy;
  planner: Planner;
  executor: FallbackExecutor;
  breakers: BreakerRegistry;
  upstream: Upstream;
  cache: ResponseCache | undefined;
  defaultMaxTokens: number;
  /** Told of every finished Complete / StreamComplete: the request log and the metrics. */
  observe: OutcomeObserver;
}

interface Prepared {
  request: CompletionRequest;
  plan: RoutePlan;
  /** Set when the cache may answer this request. */
  key: string | undefined;
}

type Filled = { hit: RouterResponse } | { execution: Execution<UpstreamResult> };

const REPLAY_CHUNK_CHARS = 64;
/** How many times a caller whose shared call died of another caller's cancel joins or leads a new one. */
const MAX_REJOINS = 2;

/** The request path: validate -> plan -> cache -> fallback executor -> upstream -> response. */
export class Router {
  private readonly flights = createSingleFlight<Filled>();

  constructor(private readonly deps: RouterDeps) {}

  /** Dry run: the model that would serve now (open circuits considered), its fallbacks, and why. */
  route(raw: CompleteRequest__Output, ctx: RequestContext): RouteDecision {
    const plan = this.deps.planner.plan(validateRequest(raw, this.deps.policy), ctx.permissions);
    const capable = [plan.primary, ...plan.fallbacks];
    const open = capable.filter((m) => this.deps.breakers.state(m.id) === 'open');
    const available = capable.filter((m) => !open.includes(m));
    const [model, ...fallbacks] = available.length > 0 ? available : capable;
    const reason = open.length > 0 ? `${plan.explain()}; circuit open, would be skipped: ${open.map((m) => m.id).join(', ')}` : plan.explain();
    return { task: plan.task, model: model?.id ?? '', fallbacks: fallbacks.map((m) => m.id), reason };
  }

  complete(raw: CompleteRequest__Output, ctx: RequestContext): Promise<RouterResponse> {
    return this.observed('Complete', raw, ctx, (prepared) => this.answer(prepared, ctx));
  }

  /** Streams deltas into the sink as they arrive; resolves with the final response for the `done` chunk. */
  stream(raw: CompleteRequest__Output, ctx: RequestContext, sink: StreamSink): Promise<RouterResponse> {
    return this.observed('StreamComplete', raw, ctx, (prepared) => this.answerStreaming(prepared, ctx, sink));
  }

  private prepare(raw: CompleteRequest__Output, ctx: RequestContext): Prepared {
    const request = validateRequest(raw, this.deps.policy);
    const plan = this.deps.planner.plan(request, ctx.permissions);
    return { request, plan, key: this.cacheKeyFor(request, plan, ctx) };
  }

  private async observed(
    rpc: string,
    raw: CompleteRequest__Output,
    ctx: RequestContext,
    run: (prepared: Prepared) => Promise<RouterResponse>,
  ): Promise<RouterResponse> {
    const started = Date.now();
    let prepared: Prepared | undefined;
    ctx.observed = true;
    try {
      prepared = this.prepare(raw, ctx);
      const response = await run(prepared);
      this.deps.observe({
        rpc,
        caller: ctx.caller,
        traceId: ctx.traceId,
        task: response.task,
        model: response.model,
        code: status.OK,
        latencyMs: Date.now() - started,
        cacheable: prepared.key !== undefined,
        cached: response.cached,
        fallback: response.fallback,
        attempts: response.attempts,
        costUsd: response.cost_usd,
        usage: response.usage,
        error: undefined,
        request: prepared.request,
      });
      return response;
    } catch (err) {
      this.deps.observe({
        rpc,
        caller: ctx.caller,
        traceId: ctx.traceId,
        task: prepared?.request.task ?? (raw.task || undefined),
        model: undefined,
        code: err instanceof RouterError ? err.code : status.INTERNAL,
        latencyMs: Date.now() - started,
        cacheable: prepared?.key !== undefined,
        cached: false,
        fallback: false,
        attempts: err instanceof ExecutionError ? err.attempts : [],
        costUsd: 0,
        usage: undefined,
        error: (err as Error).message,
        request: prepared?.request,
      });
      throw err;
    }
  }

  private async answer({ request, plan, key }: Prepared, ctx: RequestContext): Promise<RouterResponse> {
    const cache = this.deps.cache;
    if (!key || !cache) return fromExecution(await this.execute(request, plan, ctx), plan.task);
    const refresh = request.cacheMode === 'refresh';
    if (!refresh) {
      const hit = await cache.get(key);
      if (hit) return fromCache(hit, plan.task);
    }
    // A refresh must not take a plain request's fill, which may hand back the very entry it asked to skip.
    const flightKey = refresh ? `${key}#refresh` : key;
    for (let rejoins = 0; ; rejoins++) {
      let led = false;
      const shared = this.flights.do(flightKey, () => {
        led = true;
        return this.fill(cache, key, request, plan, ctx);
      });
      try {
        const filled = led ? await shared : await untilCallerGone(shared, ctx);
        if ('hit' in filled) return filled.hit;
        const response = fromExecution(filled.execution, plan.task);
        // A caller that joined another's call made no attempt and spent nothing: cost_usd summed over callers
        // stays the real spend, and per-model metrics count the upstream calls once.
        return led ? response : { ...response, cached: true, cost_usd: 0, attempts: [] };
      } catch (err) {
        // The shared call died of its leader's cancel or deadline; this caller may still have time of its own.
        if (led || !isCallerSpecific(err) || ctx.signal.aborted || rejoins >= MAX_REJOINS) throw err;
      }
    }
  }

  private async fill(cache: ResponseCache, key: string, request: CompletionRequest, plan: RoutePlan, ctx: RequestContext): Promise<Filled> {
    const fill = await cache.acquireFill(key, ctx.deadline, ctx.signal, request.cacheMode === 'refresh');
    if (fill.hit) return { hit: fromCache(fill.hit, plan.task) };
    try {
      const execution = await this.execute(request, plan, ctx);
      cache.put(key, toCachedAnswer(execution.value, execution.model), execution.fallback);
      return { execution };
    } finally {
      if (fill.locked) cache.releaseFill(key);
    }
  }

  private async answerStreaming({ request, plan, key }: Prepared, ctx: RequestContext, sink: StreamSink): Promise<RouterResponse> {
    const cache = this.deps.cache;
    if (key && cache && request.cacheMode !== 'refresh') {
      const hit = await cache.get(key);
      if (hit) {
        await replay(hit.thinking, sink.thinking);
        await replay(hit.text, sink.text);
        return fromCache(hit, plan.task);
      }
    }
    const execution = await this.deps.executor.execute(plan, ctx, (model, signal, progress) =>
      this.deps.upstream.stream({ model: model.id, request, maxTokens: this.maxTokens(request, model), signal, progress }, sink),
    );
    if (key && cache) cache.put(key, toCachedAnswer(execution.value, execution.model), execution.fallback);
    return fromExecution(execution, plan.task);
  }

  private execute(request: CompletionRequest, plan: RoutePlan, ctx: CallContext): Promise<Execution<UpstreamResult>> {
    return this.deps.executor.execute(plan, ctx, (model, signal) =>
      this.deps.upstream.complete({ model: model.id, request, maxTokens: this.maxTokens(request, model), signal }),
    );
  }

  private cacheKeyFor(request: CompletionRequest, plan: RoutePlan, ctx: RequestContext): string | undefined {
    if (!this.deps.cache?.accepts(request)) return undefined;
    return cacheKey(request, plan, this.maxTokens(request, plan.primary), ctx.caller);
  }

  private maxTokens(request: CompletionRequest, model: CatalogModel): number {
    return effectiveMaxTokens(request, model, this.deps.defaultMaxTokens);
  }
}

/** The shared call's outcome, unless this caller cancels or runs out of time first. */
function untilCallerGone<T>(shared: Promise<T>, ctx: RequestContext): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const gone = (): void => {
      cleanup();
      reject(callerGone(ctx.signal.aborted ? ctx.signal : AbortSignal.abort('deadline'), []));
    };
    const timer = Number.isFinite(ctx.deadline) ? setTimeout(gone, Math.max(0, ctx.deadline - Date.now())) : undefined;
    const cleanup = (): void => {
      clearTimeout(timer);
      ctx.signal.removeEventListener('abort', gone);
    };
    if (ctx.signal.aborted) return gone();
    ctx.signal.addEventListener('abort', gone, { once: true });
    shared.then(
      (value) => {
        cleanup();
        resolve(value);
      },
      (err: unknown) => {
        cleanup();
        reject(err);
      },
    );
  });
}

function isCallerSpecific(err: unknown): boolean {
  return err instanceof RouterError && (err.code === status.CANCELLED || err.code === status.DEADLINE_EXCEEDED);
}

async function replay(text: string, write: (delta: string) => void | Promise<void>): Promise<void> {
  for (let i = 0; i < text.length; i += REPLAY_CHUNK_CHARS) await write(text.slice(i, i + REPLAY_CHUNK_CHARS));
}
