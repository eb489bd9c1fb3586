import { status } from '@grpc/grpc-js';
import type { CatalogModel } from '../catalog/catalog';
import type { RetryConfig } from '../config/schema';
import { RouterError } from '../errors/routerError';
import type { RoutePlan } from '../policy/planRoute';
import { classifyUpstreamError, type UpstreamFailure } from '../upstream/classifyUpstreamError';
import { StreamInterruptedError } from '../upstream/upstream';
import { sleep } from '../util/sleep';
import { attemptSignal } from './attemptSignal';
import { summarizeAttempts, type AttemptRecord } from './attempts';
import { backoffDelay } from './backoff';
import type { BreakerRegistry } from './breakerRegistry';
import type { RetryBudget } from './retryBudget';

export interface CallContext {
  /** Epoch ms by which the caller wants an answer; Infinity when it set no deadline. */
  deadline: number;
  /** Aborts when the caller cancels or goes away. */
  signal: AbortSignal;
}

/** `progress` tells the executor upstream is alive (a stream event), which restarts the per-attempt cap. */
export type AttemptFn<T> = (model: CatalogModel, signal: AbortSignal, progress: () => void) => Promise<T>;

export interface Execution<T> {
  value: T;
  model: CatalogModel;
  attempts: AttemptRecord[];
  /** Served by a model other than the plan's primary. */
  fallback: boolean;
}

/** A failed call, with the attempts that led to it (for the request log and the caller's message). */
export class ExecutionError extends RouterError {
  constructor(
    code: status,
    message: string,
    readonly attempts: readonly AttemptRecord[],
  ) {
    super(code, message);
  }
}

export interface ExecutorSettings {
  retry: RetryConfig;
  /** Per-attempt cap (UPSTREAM_TIMEOUT_MS). */
  attemptTimeoutMs: number;
  /** No model is tried with less time than this left. */
  minAttemptMs: number;
}

/**
 * Walks a plan's chain: skips incapable models and models whose breaker is open, retries a retryable failure on
 * the same model within the retry budget and the deadline, and moves on. The caller's deadline is the whole
 * budget; each attempt gets what is left, capped per attempt.
 */
export class FallbackExecutor {
  constructor(
    private readonly breakers: BreakerRegistry,
    private readonly budget: RetryBudget,
    private readonly settings: ExecutorSettings,
    private readonly now: () => number = Date.now,
  ) {}

  async execute<T>(plan: RoutePlan, ctx: CallContext, attempt: AttemptFn<T>): Promise<Execution<T>> {
    this.budget.recordRequest();
    const attempts: AttemptRecord[] = [];
    const failures: UpstreamFailure[] = [];

    for (const step of plan.steps) {
      const model = step.model;
      if (step.incapable) {
        attempts.push({ model: model.id, outcome: 'skipped_incapable', error: step.incapable, latency_ms: 0 });
        continue;
      }
      for (let retries = 0; ; retries++) {
        if (ctx.signal.aborted) throw callerGone(ctx.signal, attempts);
        const remaining = ctx.deadline - this.now();
        if (remaining < this.settings.minAttemptMs) {
          throw new ExecutionError(
            status.DEADLINE_EXCEEDED,
            `deadline too close to try ${model.id} (${Math.max(0, Math.round(remaining))} ms left)${attempts.length ? `; ${summarizeAttempts(attempts)}` : ''}`,
            attempts,
          );
        }
        const admission = this.breakers.get(model.id).tryAcquire();
        if (!admission) {
          attempts.push({ model: model.id, outcome: 'skipped_circuit_open', error: 'circuit open', latency_ms: 0 });
          break;
        }
        const timer = attemptSignal(ctx.signal, ctx.deadline, this.settings.attemptTimeoutMs, this.now);
        const started = this.now();
        try {
          const value = await attempt(model, timer.signal, timer.touch);
          admission.success();
          attempts.push({ model: model.id, outcome: 'ok', error: '', latency_ms: this.now() - started });
          return { value, model, attempts, fallback: model !== plan.primary };
        } catch (err) {
          const interrupted = err instanceof StreamInterruptedError ? err : undefined;
          let failure: UpstreamFailure;
          try {
            failure = classifyUpstreamError(interrupted ? interrupted.cause : err, timer.cause());
          } catch (unexpected) {
            admission.release();
            throw unexpected;
          }
          attempts.push({ model: model.id, outcome: 'error', error: failure.summary, latency_ms: this.now() - started });
          if (failure.kind === 'model') await admission.failure(err);
          else admission.release();

          if (interrupted) {
            // Text already reached the caller: another model's answer cannot be spliced on.
            if (failure.kind !== 'model') {
              throw new ExecutionError(failure.code, `${failure.summary} after ${interrupted.charsSent} characters of ${model.id}'s answer`, attempts);
            }
            throw new ExecutionError(status.UNAVAILABLE, `${model.id} failed mid-stream after ${interrupted.charsSent} characters: ${failure.summary}`, attempts);
          }
          if (failure.kind !== 'model') throw new ExecutionError(failure.code, failure.summary, attempts);
          failures.push(failure);
          const delay = this.retryDelay(failure, retries, ctx);
          if (delay === undefined) break;
          await sleep(delay, ctx.signal);
        } finally {
          timer.dispose();
        }
      }
    }
    throw exhausted(plan, attempts, failures);
  }

  /** How long to wait before retrying on the same model, or undefined to move on. */
  private retryDelay(failure: UpstreamFailure, retries: number, ctx: CallContext): number | undefined {
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

/** The caller's own signal fired: its deadline passed (callContext says so) or it cancelled. */
export function callerGone(signal: AbortSignal, attempts: readonly AttemptRecord[]): ExecutionError {
  return signal.reason === 'deadline'
    ? new ExecutionError(status.DEADLINE_EXCEEDED, "the caller's deadline passed", attempts)
    : new ExecutionError(status.CANCELLED, 'the caller cancelled the request', attempts);
}

function exhausted(plan: RoutePlan, attempts: readonly AttemptRecord[], failures: readonly UpstreamFailure[]): ExecutionError {
  // One kind of failure throughout keeps its meaning (every 429 -> RESOURCE_EXHAUSTED); a mix is UNAVAILABLE.
  const first = failures[0];
  const code = first && failures.every((f) => f.code === first.code) ? first.code : status.UNAVAILABLE;
  const tried = attempts.filter((a) => a.outcome === 'error').length;
  return new ExecutionError(
    code,
    `no model of task '${plan.task}' could answer (${tried} failed attempts): ${summarizeAttempts(attempts)}`,
    attempts,
  );
}
