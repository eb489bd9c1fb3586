import type { CatalogModel } from '../catalog/catalog';
import type { RetryConfig } from '../config/schema';
import { summarizeAttempts, type AttemptRecord } from '../domain/attempts';
import type { StreamEvent } from '../domain/events';
import type { Message } from '../domain/messages';
import { RouterError } from '../domain/routerError';
import { sleep } from '../util/sleep';
import { attemptSignal } from './attemptSignal';
import { backoffDelay } from './backoff';
import type { BreakerRegistry } from './breakerRegistry';
import { forwardAttempt, type AttemptProgress } from './forwardAttempt';
import type { RetryBudget } from './retryBudget';

export interface CallContext {
  /** Epoch ms by which the caller wants an answer; Infinity when it set no deadline. */
  deadline: number;
  /** Aborts when the caller cancels or goes away; its reason is 'deadline' when the deadline passed. */
  signal: AbortSignal;
}

export interface Step {
  model: CatalogModel;
  /** Set when this model cannot serve the request: recorded as skipped_incapable. */
  incapable: string | undefined;
  /** Retired upstream: recorded as skipped_retired, never called. */
  retired?: boolean;
}

export interface ChainPlan<S extends Step> {
  task: string;
  steps: readonly S[];
  primary: CatalogModel;
}

/** One upstream call for one step, as events; throws RouterErrors already classified by the provider. */
export type Attempt<S extends Step> = (step: S, signal: AbortSignal) => AsyncIterable<StreamEvent>;

export interface Execution {
  message: Message;
  model: CatalogModel;
  attempts: AttemptRecord[];
  /** Served by a model other than the plan's primary. */
  fallback: boolean;
}

export interface ExecutorSettings {
  retry: RetryConfig;
  /** Per-attempt cap (UPSTREAM_TIMEOUT_MS): the longest upstream silence. */
  attemptTimeoutMs: number;
  /** No model is tried with less time than this left. */
  minAttemptMs: number;
}

/**
 * Walks a plan's chain: skips incapable models and models whose breaker is open, retries a retryable failure on
 * the same model within the retry budget and the deadline, and moves on. The caller's deadline is the whole
 * budget; each attempt gets what is left, capped per attempt. Events are handed on as they come, except that an
 * attempt's opening events are held until its first content, so a model that fails before it answers anything
 * is replaced without the caller seeing it. After content has gone out, a failure ends the call.
 */
export class FallbackExecutor {
  constructor(
    private readonly breakers: BreakerRegistry,
    private readonly budget: RetryBudget,
    private readonly settings: ExecutorSettings,
    private readonly now: () => number = Date.now,
  ) {}

  /** `attempts` is filled as the chain is walked, so a caller can read the steps taken before the answer began. */
  async *execute<S extends Step>(
    plan: ChainPlan<S>,
    ctx: CallContext,
    attempt: Attempt<S>,
    attempts: AttemptRecord[] = [],
  ): AsyncGenerator<StreamEvent, Execution, undefined> {
    this.budget.recordRequest();
    const failures: RouterError[] = [];

    for (const step of plan.steps) {
      const model = step.model;
      if (step.retired) {
        attempts.push({ model: model.id, outcome: 'skipped_retired', error: 'retired', latency_ms: 0 });
        continue;
      }
      if (step.incapable) {
        attempts.push({ model: model.id, outcome: 'skipped_incapable', error: step.incapable, latency_ms: 0 });
        continue;
      }
      for (let retries = 0; ; retries++) {
        if (ctx.signal.aborted) throw callerGone(ctx.signal, attempts);
        const remaining = ctx.deadline - this.now();
        if (remaining < this.settings.minAttemptMs) {
          const tried = attempts.length ? `; ${summarizeAttempts(attempts)}` : '';
          throw new RouterError('deadline', `deadline too close to try ${model.id} (${Math.max(0, Math.round(remaining))} ms left)${tried}`, { attempts });
        }
        const admission = this.breakers.get(model.id).tryAcquire();
        if (!admission) {
          attempts.push({ model: model.id, outcome: 'skipped_circuit_open', error: 'circuit open', latency_ms: 0 });
          break;
        }
        const timer = attemptSignal(ctx.signal, ctx.deadline, this.settings.attemptTimeoutMs, this.now);
        const started = this.now();
        const progress: AttemptProgress = { forwarded: false, chars: 0 };
        try {
          const message = yield* forwardAttempt(attempt(step, timer.signal), timer.touch, progress);
          admission.success();
          attempts.push({ model: model.id, outcome: 'ok', error: '', latency_ms: this.now() - started, ...deprecated(model) });
          return { message, model, attempts, fallback: model !== plan.primary };
        } catch (caught) {
          if (!(caught instanceof RouterError)) throw caught;
          attempts.push({ model: model.id, outcome: 'error', error: caught.message, latency_ms: this.now() - started, ...deprecated(model) });
          if (caught.blame === 'model') await admission.failure(caught);
          else admission.release();
          if (progress.forwarded) throw interrupted(caught, model, progress, attempts);
          if (caught.blame !== 'model') {
            caught.attempts = attempts;
            throw caught;
          }
          failures.push(caught);
          const delay = this.retryDelay(caught, retries, ctx);
          if (delay === undefined) break;
          await sleep(delay, ctx.signal);
        } finally {
          // A caller that stops reading (cancel) ends the attempt here: neither a success nor the model's failure.
          admission.release();
          timer.dispose();
        }
      }
    }
    throw exhausted(plan.task, attempts, failures);
  }

  /** How long to wait before retrying on the same model, or undefined to move on. */
  private retryDelay(failure: RouterError, retries: number, ctx: CallContext): number | undefined {
    const { retry } = this.settings;
    if (!failure.retryable || retries >= retry.max_retries_per_model) return undefined;
    const retryAfter = failure.retryAfterMs ?? 0;
    // A long retry-after is upstream saying "not this model for a while": take the next model instead.
    if (retryAfter > retry.max_delay_ms) return undefined;
    const delay = Math.max(retryAfter, backoffDelay(retries, retry.base_delay_ms, retry.max_delay_ms));
    if (ctx.deadline - this.now() - delay < this.settings.minAttemptMs) return undefined;
    if (!this.budget.tryRetry()) return undefined;
    return delay;
  }
}

function deprecated(model: CatalogModel): { deprecated?: true } {
  return model.lifecycle === 'deprecated' ? { deprecated: true } : {};
}

/** The caller's own signal fired: its deadline passed (the transport says so in the reason) or it cancelled. */
export function callerGone(signal: AbortSignal, attempts: readonly AttemptRecord[]): RouterError {
  return signal.reason === 'deadline'
    ? new RouterError('deadline', "the caller's deadline passed", { attempts })
    : new RouterError('cancelled', 'the caller cancelled the request', { attempts });
}

/** Content already reached the caller: another model's answer cannot be spliced on. */
function interrupted(failure: RouterError, model: CatalogModel, progress: AttemptProgress, attempts: readonly AttemptRecord[]): RouterError {
  if (failure.blame !== 'model') {
    return new RouterError(failure.kind, `${failure.message} after ${progress.chars} characters of ${model.id}'s answer`, { attempts, upstream: failure.upstream });
  }
  return new RouterError('unavailable', `${model.id} failed mid-stream after ${progress.chars} characters: ${failure.message}`, {
    blame: 'model',
    attempts,
    upstream: failure.upstream,
  });
}

function exhausted(task: string, attempts: readonly AttemptRecord[], failures: readonly RouterError[]): RouterError {
  // One kind of failure throughout keeps its meaning (every 429 -> rate limited, every 529 -> overloaded); a mix is unavailable.
  const first = failures[0];
  const same = first !== undefined && failures.every((f) => f.kind === first.kind);
  const kind = same ? first.kind : 'unavailable';
  const waits = failures.map((f) => f.retryAfterMs).filter((ms): ms is number => ms !== undefined);
  const tried = attempts.filter((a) => a.outcome === 'error').length;
  return new RouterError(kind, `no model of task '${task}' could answer (${tried} failed attempts): ${summarizeAttempts(attempts)}`, {
    blame: 'model',
    attempts,
    ...(same ? { type: first.type } : {}),
    retryAfterMs: kind === 'rate_limited' && waits.length > 0 ? Math.min(...waits) : undefined,
    upstream: same && failures.every((f) => f.upstream?.status === first.upstream?.status) ? first.upstream : undefined,
  });
}
