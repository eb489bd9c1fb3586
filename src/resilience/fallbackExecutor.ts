import type { CatalogModel } from '../catalog/catalog';
import type { RetryConfig } from '../config/schema';
import { summarizeAttempts, type AttemptRecord } from '../domain/attempts';
import type { RestartEvent, StreamEvent } from '../domain/events';
import type { Deployment } from '../domain/deployment';
import type { Message } from '../domain/messages';
import { RouterError } from '../domain/routerError';
import { endSpan, NO_TRACE, startSpan, type TraceContext } from '../observability/tracing';
import { sleep } from '../util/sleep';
import { attemptLimits, windowFor, type LimitSettings } from './attemptLimits';
import { attemptSignal } from './attemptSignal';
import { backoffDelay } from './backoff';
import type { BreakerRegistry } from './breakerRegistry';
import { continuationOf, continued, type Continuation } from './continuation';
import { callerGone, exhausted, interrupted, tooLong } from './chainErrors';
import { forwardAttempt, newAnswer, type AnswerState } from './forwardAttempt';
import { isDeploymentFault, laterDeployment, placeOf, spanAttributes } from './stepFacts';
import type { RetryBudget } from './retryBudget';
import type { CancelSource } from '../util/lazyAbort';

export interface CallContext {
  /** Epoch ms by which the caller wants an answer; Infinity when it set no deadline. */
  deadline: number;
  /** Aborts when the caller cancels or goes away; its reason is 'deadline' when the deadline passed. */
  cancel: CancelSource;
  /** The call's span context: each attempt gets a span under it. */
  trace?: TraceContext | undefined;
}

export interface Step {
  model: CatalogModel;
  /** Where the model is called (platform, key or region): its breaker is the deployment's; undefined: the model's. */
  deployment?: Deployment | undefined;
  /** Set when this model cannot serve the request: recorded as skipped_incapable. */
  incapable: string | undefined;
  /** Retired upstream: recorded as skipped_retired, never called. */
  retired?: boolean;
}

export interface ChainPlan<S extends Step> {
  task: string;
  steps: readonly S[];
  primary: CatalogModel;
  estimatedInputTokens: number;
  /** The request can take an assistant prefill, so a cut answer can be continued. */
  continuable: boolean;
  /** The caller opted in to a cut stream starting over on the next model. */
  restartable: boolean;
  /** Upstream streams its answer; false: one JSON answer, where a first-token limit means nothing. */
  streaming: boolean;
  /** The caller takes the events (StreamComplete); false: only the whole answer (Complete), and none are yielded. */
  relay: boolean;
}

/** What an attempt must do beyond the plain request. */
export interface AttemptHints {
  /** Continue the answer the caller already has: this text as an assistant prefill. */
  prefill: string | undefined;
  /** Upstream said the input is longer than the model's window: use its 1M window (the beta). */
  longContext: boolean;
}

/** One upstream call for one step, as events; throws RouterErrors already classified by the provider. */
export type Attempt<S extends Step> = (step: S, signal: CancelSource, hints: AttemptHints, trace: TraceContext) => AsyncIterable<StreamEvent>;

export interface Execution {
  message: Message;
  model: CatalogModel;
  attempts: AttemptRecord[];
  /** Served (or continued) by a model other than the plan's primary. */
  fallback: boolean;
  /** Where it was served; undefined when the steps named no deployments. */
  deployment?: Deployment | undefined;
}

export interface ExecutorSettings extends LimitSettings {
  retry: RetryConfig;
  /** Rescues (continuation or restart) per stream cut mid-answer. */
  maxRescues: number;
  /** routing.long_context: a model's 1M window may be used when upstream says the input is too long. */
  longContext: boolean;
}

/**
 * Walks a plan's chain: skips retired and incapable models and models whose breaker is open, retries a retryable
 * failure on the same model within the retry budget and the deadline, and moves on. Each attempt gets limits of its
 * own (first token, idle, its share of the deadline). An attempt's opening events are held until its first
 * content, so a model that fails before it answers anything is replaced unseen. After content went out, a failure is
 * rescued when it can be: the text is continued (same model once more, else the next one that takes a prefill), or,
 * if the caller opted in, the answer starts over on the next model; otherwise the call ends with a clean error.
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
  ): AsyncGenerator<StreamEvent | RestartEvent, Execution, undefined> {
    this.budget.recordRequest();
    const failures: RouterError[] = [];
    let answer = newAnswer();
    let pending: Continuation | undefined;
    let rescues = 0;
    let overflow: number | undefined;

    for (const [index, step] of plan.steps.entries()) {
      const model = step.model;
      const where = placeOf(step);
      const breakerKey = step.deployment?.id ?? model.id;
      const skip = this.skipReason(step, overflow, pending);
      if (skip) {
        attempts.push({ model: model.id, outcome: skip.outcome, error: skip.reason, latency_ms: 0, ...where });
        continue;
      }
      for (let retries = 0; ; retries++) {
        if (ctx.cancel.aborted) throw callerGone(ctx.cancel, attempts);
        const remaining = ctx.deadline - this.now();
        if (remaining < this.settings.minAttemptMs) {
          const tried = attempts.length ? `; ${summarizeAttempts(attempts)}` : '';
          throw new RouterError('deadline', `deadline too close to try ${model.id} (${Math.max(0, Math.round(remaining))} ms left)${tried}`, { attempts });
        }
        const admission = this.breakers.get(breakerKey, model.id).tryAcquire();
        if (!admission) {
          attempts.push({ model: model.id, outcome: 'skipped_circuit_open', error: 'circuit open', latency_ms: 0, ...where });
          break;
        }
        const limits = attemptLimits(this.settings, plan, index, remaining);
        const timer = attemptSignal(ctx.cancel, ctx.deadline, limits, this.now);
        const started = this.now();
        const hints: AttemptHints = { prefill: pending?.prefill, longContext: overflow !== undefined && overflow > model.context_window };
        const traced = startSpan('modelrouter.attempt', ctx.trace ?? NO_TRACE, { attributes: spanAttributes(step, retries) });
        let spanError: unknown;
        let spanOutcome = 'cancelled';
        try {
          const source = attempt(step, timer.signal, hints, traced.context);
          const message = yield* forwardAttempt(pending ? continued(source, answer, pending) : source, model.id, timer, answer, plan.relay);
          admission.success();
          spanOutcome = 'ok';
          attempts.push({
            model: model.id,
            outcome: pending ? 'continued' : 'ok',
            error: '',
            latency_ms: this.now() - started,
            ...deprecated(model),
            ...where,
          });
          return { message, model, attempts, fallback: model !== plan.primary, deployment: step.deployment };
        } catch (caught) {
          spanError = caught;
          spanOutcome = 'error';
          if (!(caught instanceof RouterError)) throw caught;
          attempts.push({ model: model.id, outcome: 'error', error: caught.message, latency_ms: this.now() - started, ...deprecated(model), ...where });
          // Refused here but perhaps not elsewhere: this key's credentials, or a platform's own rejection.
          const deploymentFault = isDeploymentFault(caught, step) && laterDeployment(plan.steps, index, caught, (id) => this.breakers.state(id) === 'open');
          if (caught.blame === 'model' || (deploymentFault && caught.blame === 'router')) await admission.failure(caught);
          else admission.release();
          if (answer.forwarded) {
            // Content already reached the caller: rescue it, or end cleanly.
            const rescue = caught.blame === 'model' && rescues < this.settings.maxRescues ? this.rescueOf(plan, answer) : undefined;
            if (!rescue || !this.budget.tryRetry()) throw interrupted(caught, model, answer, attempts);
            rescues += 1;
            if (rescue.kind === 'continue') {
              pending = rescue.continuation;
              // The same model once more, unless its breaker has just opened.
              if (model.prefill && this.breakers.state(breakerKey) !== 'open') continue;
            } else {
              answer = newAnswer();
              answer.restart = { type: 'restart', reason: caught.message.slice(0, 300) };
              pending = undefined;
            }
            break;
          }
          answer = newAnswer();
          if (caught.contextOverflow) {
            // Too long for this model, never retried on it: the chain goes on to a model whose window holds it.
            overflow = Math.max(overflow ?? 0, caught.contextOverflow.tokens ?? model.context_window + 1, plan.estimatedInputTokens);
            failures.push(caught);
            break;
          }
          if (deploymentFault) {
            failures.push(caught);
            break;
          }
          if (caught.blame !== 'model') {
            caught.attempts = attempts;
            throw caught;
          }
          failures.push(caught);
          // Another deployment of the same model that can be called follows (another key, region or platform):
          // that one, at once, rather than a retry here. Rate limited on this key says nothing about the next one.
          if (this.callableSameModelNext(plan.steps, index)) break;
          const delay = this.retryDelay(caught, retries, ctx);
          if (delay === undefined) break;
          await sleep(delay, ctx.cancel.signal);
        } finally {
          // A caller that stops reading (cancel) ends the attempt here: neither a success nor the model's failure.
          admission.release();
          timer.dispose();
          endSpan(traced.span, spanError, { 'modelrouter.outcome': spanOutcome });
        }
      }
    }
    if (answer.forwarded || pending)
      throw new RouterError('unavailable', `the answer was cut and no model could go on with it: ${summarizeAttempts(attempts)}`, { blame: 'model', attempts });
    if (overflow !== undefined) throw tooLong(plan, overflow, this.settings.longContext, attempts);
    throw exhausted(plan.task, attempts, failures);
  }

  /** A later deployment of this step's model that will be called: not incapable, retired or with its breaker open. */
  private callableSameModelNext(steps: readonly Step[], index: number): boolean {
    const step = steps[index];
    if (step?.deployment === undefined) return false;
    for (let j = index + 1; j < steps.length; j++) {
      const next = steps[j];
      if (next?.model !== step.model || next.deployment === undefined) return false;
      if (next.retired || next.incapable !== undefined) continue;
      if (this.breakers.state(next.deployment.id) !== 'open') return true;
    }
    return false;
  }

  /** Why a step is passed over without a call, if it is. */
  private skipReason(
    step: Step,
    overflow: number | undefined,
    pending: Continuation | undefined,
  ): { outcome: AttemptRecord['outcome']; reason: string } | undefined {
    const { model } = step;
    if (step.retired) return { outcome: 'skipped_retired', reason: 'retired' };
    if (step.incapable) return { outcome: 'skipped_incapable', reason: step.incapable };
    if (overflow !== undefined && overflow > windowFor(model, this.settings.longContext)) {
      return {
        outcome: 'skipped_incapable',
        reason: `the input (${overflow} tokens, said upstream) exceeds ${model.id}'s context window of ${windowFor(model, this.settings.longContext)} tokens`,
      };
    }
    if (pending && !model.prefill)
      return { outcome: 'skipped_incapable', reason: `${model.id} does not take an assistant prefill, so it cannot continue the answer` };
    return undefined;
  }

  /** How a cut answer can be rescued: continued when it is plain text and the request allows it, else restarted if asked. */
  private rescueOf(plan: ChainPlan<Step>, answer: AnswerState): { kind: 'continue'; continuation: Continuation } | { kind: 'restart' } | undefined {
    const continuation = plan.continuable ? continuationOf(answer) : undefined;
    if (continuation) return { kind: 'continue', continuation };
    return plan.restartable ? { kind: 'restart' } : undefined;
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

export { callerGone } from './chainErrors';
