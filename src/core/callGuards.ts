import type { RoutePlan } from '../policy/planRoute';
import type { ValidRequest } from '../policy/validate/validateRequest';
import type { Observation } from './callChain';

/** What a guard knows of a call once it is planned: enough to count it, nothing of its content. */
export interface GuardedCall {
  caller: string;
  task: string;
  labels: Readonly<Record<string, string>>;
  /** The planner's estimate of the input, before any upstream call. */
  estimatedInputTokens: number;
  /** Complete and StreamComplete: calls that are billed. Route and CountTokens are not. */
  billed: boolean;
}

/** What a call spent, known once it ended (a cache hit costs 0; a failed or cancelled call reports no usage: none came back). */
export interface CallSpend {
  ok: boolean;
  cached: boolean;
  costUsd: number;
  inputTokens: number;
  outputTokens: number;
}

export type Settle = (spend: CallSpend) => void;

/**
 * A per-call check that runs once the call is planned and before anything upstream: rate limits, spend budgets.
 * `admit` throws a RouterError to refuse; what it returns is told the call's spend when the call ends.
 */
export interface CallGuard {
  admit(call: GuardedCall): Promise<Settle | undefined>;
}

/** Each guard in order; a refusal stops the rest (guards that only read come first, so a refusal takes nothing). */
export async function admitAll(guards: readonly CallGuard[], call: GuardedCall, obs: Observation): Promise<void> {
  for (const guard of guards) {
    const settle = await guard.admit(call);
    if (settle) obs.settlements.push(settle);
  }
}

/** What the guards see of a planned call. */
export function guardedCall(obs: Observation, request: ValidRequest, plan: RoutePlan, billed: boolean): GuardedCall {
  return { caller: obs.caller.id, task: plan.task, labels: request.routing.labels, estimatedInputTokens: plan.estimatedInputTokens, billed };
}
