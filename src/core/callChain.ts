import type { Span } from '@opentelemetry/api';
import { CANONICAL_CODE } from '../domain/canonicalCode';
import type { MessagesParams } from '../domain/messages';
import { RouterError } from '../domain/routerError';
import type { OutcomeObserver } from '../observability/requestOutcome';
import type { Inference } from '../domain/inference';
import { endSpan, incomingContext, startSpan, SUPPRESSED, traceIdOf, type TraceContext } from '../observability/tracing';
import type { CallInfo } from './call';
import { admit, type Caller, type CallerDirectory } from './callerDirectory';
import type { RouterResult } from './result';
import type { Settle } from './callGuards';

/** What a call's steps learn on the way, reported once when it ends. */
export interface Observation {
  caller: Caller;
  task: string | undefined;
  /** How the task was chosen when the caller named none. */
  inference: Inference | undefined;
  labels: Readonly<Record<string, string>> | undefined;
  params: MessagesParams | undefined;
  /** The cache was consulted. */
  cacheable: boolean;
  /** The call's span context: the parent of its cache lookup and attempt spans. */
  trace: TraceContext;
  rewrites: string[];
  result: RouterResult | undefined;
  /** Told what the call spent when it ends (rate limits count tokens, budgets count dollars). */
  settlements: Settle[];
}

/** Counted against the caller's request rate: the calls that route a request. */
export type Limit = 'rate_limited' | 'unlimited';

const UNAUTHENTICATED = 'unauthenticated';

/**
 * The per-call concerns, once, around every call of every door: authenticate, rate limit, run, and report the
 * outcome (one log line, the metrics) whatever happened, a caller that went away included.
 */
export class CallChain {
  constructor(
    private readonly callers: CallerDirectory,
    private readonly observe: OutcomeObserver,
    /** errors.passthrough_upstream_messages: callers get upstream's own error text too. */
    private readonly passthroughUpstreamMessages = false,
    /** False for calls no trace should show (the warm-up's): their spans are not recorded. */
    private readonly traced = true,
  ) {}

  async run<T>(rpc: string, call: CallInfo, limit: Limit, body: (obs: Observation) => Promise<T>): Promise<T> {
    const started = Date.now();
    const traced = callSpan(rpc, call, this.traced);
    let obs: Observation | undefined;
    try {
      obs = this.authenticate(call, traced.context);
      if (limit === 'rate_limited') admit(obs.caller);
      const value = await body(obs);
      this.report(rpc, call, obs, started, undefined, traced);
      return value;
    } catch (err) {
      this.report(rpc, call, obs, started, err, traced);
      throw this.forCaller(err);
    }
  }

  async *runStream<T>(rpc: string, call: CallInfo, body: (obs: Observation) => AsyncIterable<T>): AsyncGenerator<T, void, undefined> {
    const started = Date.now();
    const traced = callSpan(rpc, call, this.traced);
    let obs: Observation | undefined;
    let failure: unknown = new RouterError('cancelled', 'the caller stopped reading the stream');
    try {
      obs = this.authenticate(call, traced.context);
      admit(obs.caller);
      for await (const event of body(obs)) yield event;
      failure = undefined;
    } catch (err) {
      failure = err;
      throw this.forCaller(err);
    } finally {
      this.report(rpc, call, obs, started, failure, traced);
    }
  }

  /** A call its transport refused before the core saw it (a body that is not JSON, or over the size limit). */
  refused(rpc: string, call: CallInfo, err: unknown): void {
    this.report(rpc, call, undefined, Date.now(), err);
  }

  /** Upstream's words reach the caller only when the config says so; the log has them either way. */
  private forCaller(err: unknown): unknown {
    if (!this.passthroughUpstreamMessages || !(err instanceof RouterError) || err.upstream?.message === undefined) return err;
    return err.rephrased(`${err.message}: upstream says: ${err.upstream.message}`);
  }

  private authenticate(call: CallInfo, trace: TraceContext): Observation {
    const caller = this.callers.authenticate(call.token);
    return {
      caller,
      task: undefined,
      inference: undefined,
      labels: undefined,
      params: undefined,
      cacheable: false,
      trace,
      rewrites: [],
      result: undefined,
      settlements: [],
    };
  }

  private report(rpc: string, call: CallInfo, obs: Observation | undefined, started: number, err: unknown, traced?: TracedCall): void {
    const result = err === undefined ? obs?.result : undefined;
    const error = err === undefined ? undefined : err instanceof RouterError ? err : undefined;
    const code = err === undefined ? 'OK' : error ? CANONICAL_CODE[error.kind] : 'INTERNAL';
    if (obs && obs.settlements.length > 0) settle(obs.settlements, result);
    if (traced) {
      endSpan(traced.span, err === undefined ? undefined : (error?.message ?? 'internal error'), {
        'modelrouter.caller': obs?.caller.id ?? UNAUTHENTICATED,
        'modelrouter.code': code,
        ...(obs?.task !== undefined ? { 'modelrouter.task': obs.task } : {}),
        ...(result
          ? {
              'modelrouter.model': result.message.model,
              'modelrouter.cached': result.cached,
              'modelrouter.fallback': result.fallback,
              'modelrouter.cost_usd': result.costUsd,
            }
          : {}),
        ...(result?.provider ? { 'modelrouter.provider': result.provider } : {}),
      });
    }
    this.observe({
      rpc,
      transport: call.transport,
      caller: obs?.caller.id ?? UNAUTHENTICATED,
      traceId: call.traceId ?? (traced ? traceIdOf(traced.context) : undefined),
      task: result?.task ?? obs?.task,
      inference: obs?.inference,
      model: result?.message.model,
      provider: result?.provider,
      deployment: result?.deployment,
      code,
      latencyMs: Date.now() - started,
      cacheable: obs?.cacheable ?? false,
      cached: result?.cached ?? false,
      fallback: result?.fallback ?? false,
      attempts: result?.attempts ?? error?.attempts ?? [],
      costUsd: result?.costUsd ?? 0,
      costEstimated: result?.costEstimated ?? false,
      usage: result?.message.usage,
      error: err === undefined ? undefined : error ? error.message : 'internal error',
      errorType: error?.type,
      upstreamRequestId: error?.upstream?.requestId,
      upstreamMessage: error?.upstream?.message,
      // Anything that is not a RouterError escaped by mistake: a bug of ours.
      localError: err === undefined ? undefined : error ? error.local : 'bug',
      labels: obs?.labels,
      rewrites: obs?.rewrites ?? [],
      params: obs?.params,
    });
  }
}

interface TracedCall {
  span: Span;
  context: TraceContext;
}

/** The call's span, a child of the caller's trace when it sent a traceparent. */
function callSpan(rpc: string, call: CallInfo, recorded: boolean): TracedCall {
  return startSpan(`modelrouter.${rpc}`, recorded ? incomingContext(call.traceparent, call.tracestate) : SUPPRESSED, {
    kind: 'server',
    attributes: { 'rpc.system': call.transport === 'grpc' ? 'grpc' : 'http', 'rpc.method': rpc },
  });
}

/** Tells each guard what the call spent: the answer's cost and tokens (a failed call reports none: no usage came back). */
function settle(settlements: readonly Settle[], result: RouterResult | undefined): void {
  const usage = result?.cached === false ? result.message.usage : undefined;
  const spend = {
    ok: result !== undefined,
    cached: result?.cached ?? false,
    costUsd: result?.costUsd ?? 0,
    inputTokens: usage ? usage.input_tokens + usage.cache_creation_input_tokens + usage.cache_read_input_tokens : 0,
    outputTokens: usage?.output_tokens ?? 0,
  };
  for (const s of settlements) s(spend);
}
