import type { Deployment } from '../domain/deployment';
import { RouterError } from '../domain/routerError';
import { adaptForModel, type AdaptSettings } from '../policy/adaptForModel';
import type { RoutePlan } from '../policy/planRoute';
import type { ValidRequest } from '../policy/validate/validateRequest';
import { platformBetas } from '../providers/platformFit';
import { attemptSignal } from '../resilience/attemptSignal';
import type { CallInfo } from './call';
import { deploymentSteps, type DeployedStep, type DeploymentContext } from './deploymentSteps';

export interface CountDeps extends DeploymentContext {
  adapt: AdaptSettings;
  /** Cap on one call: counting is not a stream of events. */
  attemptTimeoutMs: number;
}

type CountingStep = DeployedStep & { deployment: Deployment };

/**
 * The input counted upstream on the deployment an answer would go to first, among those whose platform counts
 * tokens (Bedrock's SDK has no such endpoint): closed breakers first, and a failure there moves on to the next,
 * as an answer would. Not cached, not billed.
 */
export async function countTokens(deps: CountDeps, request: ValidRequest, plan: RoutePlan, call: CallInfo): Promise<{ inputTokens: number; model: string }> {
  const counting = deploymentSteps(plan.steps, request, plan.estimatedInputTokens, deps).filter(
    (s): s is CountingStep => s.incapable === undefined && !s.retired && s.deployment !== undefined && deps.fleet.providerOf(s.deployment).countsTokens,
  );
  const open = (s: CountingStep): boolean => deps.breakers.state(s.deployment.id) === 'open';
  const ordered = [...counting.filter((s) => !open(s)), ...counting.filter(open)];
  if (ordered.length === 0) throw new RouterError('unavailable', `no deployment of task '${plan.task}' counts tokens (Bedrock has no count_tokens endpoint)`);
  let failure: unknown;
  for (const step of ordered) {
    try {
      return { inputTokens: await countOn(deps, step, request, call), model: step.model.id };
    } catch (err) {
      if (!(err instanceof RouterError) || err.blame !== 'model' || call.cancel.aborted) throw err;
      failure = err;
    }
  }
  throw failure;
}

async function countOn(deps: CountDeps, step: CountingStep, request: ValidRequest, call: CallInfo): Promise<number> {
  const adapted = adaptForModel(request, step, deps.adapt);
  const limit = deps.attemptTimeoutMs;
  const timer = attemptSignal(call.cancel, call.deadline, { firstContentMs: limit, idleMs: limit, budgetMs: Infinity });
  try {
    return await deps.fleet.providerOf(step.deployment).countTokens({
      model: step.model.id,
      platformModel: step.deployment.platformModel,
      params: adapted.params,
      betas: platformBetas(step.deployment.platform, adapted.betas).kept,
      signal: timer.signal,
    });
  } finally {
    timer.dispose();
  }
}
