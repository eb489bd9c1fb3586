import type { CatalogModel } from '../catalog/catalog';
import { summarizeAttempts, type AttemptRecord } from '../domain/attempts';
import { RouterError } from '../domain/routerError';
import { windowFor } from './attemptLimits';
import type { ChainPlan, Step } from './fallbackExecutor';
import type { AnswerState } from './forwardAttempt';

/** The errors a walk of the chain ends with: each says what was tried. */
/** The caller's own signal fired: its deadline passed (the transport says so in the reason) or it cancelled. */
export function callerGone(signal: { readonly reason: unknown }, attempts: readonly AttemptRecord[]): RouterError {
  return signal.reason === 'deadline'
    ? new RouterError('deadline', "the caller's deadline passed", { attempts })
    : new RouterError('cancelled', 'the caller cancelled the request', { attempts });
}

/** Content already reached the caller and cannot be rescued: a clean error, never a truncated answer called done. */
export function interrupted(failure: RouterError, model: CatalogModel, answer: AnswerState, attempts: readonly AttemptRecord[]): RouterError {
  if (failure.blame !== 'model') {
    return new RouterError(failure.kind, `${failure.message} after ${answer.chars} characters of ${model.id}'s answer`, {
      attempts,
      upstream: failure.upstream,
    });
  }
  return new RouterError('unavailable', `${model.id} failed mid-stream after ${answer.chars} characters: ${failure.message}`, {
    blame: 'model',
    attempts,
    upstream: failure.upstream,
  });
}

export function tooLong(plan: ChainPlan<Step>, tokens: number, longContext: boolean, attempts: readonly AttemptRecord[]): RouterError {
  const largest = Math.max(...plan.steps.map((s) => windowFor(s.model, longContext)));
  return new RouterError('invalid_request', `the input is about ${tokens} tokens; the largest context window in the chain is ${largest} tokens`, { attempts });
}

export function exhausted(task: string, attempts: readonly AttemptRecord[], failures: readonly RouterError[]): RouterError {
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
