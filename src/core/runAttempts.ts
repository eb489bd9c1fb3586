import type { CatalogModel } from '../catalog/catalog';
import type { AttemptRecord } from '../domain/attempts';
import type { Deployment } from '../domain/deployment';
import type { RestartEvent, StreamEvent } from '../domain/events';
import { canContinue, withPrefill } from '../policy/prefill';
import { adaptForModel, restoreToolNames, type AdaptSettings } from '../policy/adaptForModel';
import type { CallContext, Execution, FallbackExecutor } from '../resilience/fallbackExecutor';
import { platformBetas } from '../providers/platformFit';
import { deploymentSteps, type DeployedStep, type DeploymentContext } from './deploymentSteps';
import type { Observation } from './callChain';
import type { Prepared } from './router';
import type { CoreEvent, RoutedEvent } from './result';
import { extend } from '../util/extend';

export interface AttemptDeps {
  executor: FallbackExecutor;
  deprecated(model: CatalogModel): void;
  /** Where each model can be called, and how the chain is laid over the deployments. */
  deployments: DeploymentContext;
  adapt: AdaptSettings;
}

/**
 * The chain, executed: each step's request fitted to its model (rewrites noted for the log), sent to the provider,
 * the answer's tool names given back as the caller named them. `stream` asks upstream for SSE; without it upstream
 * answers at once and the provider hands the whole answer on as one `message` event.
 */
export function runAttempts(
  deps: AttemptDeps,
  { request, plan }: Prepared,
  ctx: CallContext,
  obs: Observation,
  stream: boolean,
  attempts: AttemptRecord[] = [],
  relay = true,
  /** Told where each attempt goes, so a stream's headers can name the platform before the answer is done. */
  placement: { deployment?: Deployment } = {},
): AsyncGenerator<StreamEvent | RestartEvent, Execution, undefined> {
  const steps = deploymentSteps(plan.steps, request, plan.estimatedInputTokens, deps.deployments);
  const chain = extend(plan, {
    steps,
    continuable: canContinue(request.params),
    restartable: request.routing.streamRestart === true,
    streaming: stream,
    relay,
  });
  const { fleet, limiters } = deps.deployments;
  return deps.executor.execute(
    chain,
    { deadline: ctx.deadline, cancel: ctx.cancel, trace: obs.trace },
    (step: DeployedStep, signal, hints, trace) => {
      if (step.model.deprecated) deps.deprecated(step.model);
      const fitted = hints.longContext ? { ...step, longContext: true } : step;
      const adapted = adaptForModel(
        hints.prefill === undefined ? request : { ...request, params: withPrefill(request.params, hints.prefill) },
        fitted,
        deps.adapt,
      );
      for (const note of adapted.notes) obs.rewrites.push(`${step.model.id}: ${note}`);
      const deployment = step.deployment;
      if (!deployment) throw new Error(`step ${step.model.id} has no deployment`);
      placement.deployment = deployment;
      const betas = platformBetas(deployment.platform, adapted.betas);
      if (betas.dropped.length > 0) obs.rewrites.push(`${deployment.id}: dropped betas ${betas.dropped.join(', ')} (not taken on ${deployment.platform})`);
      limiters.take(deployment, plan.estimatedInputTokens);
      const events = fleet.providerOf(deployment).stream({
        model: step.model.id,
        platformModel: deployment.platformModel,
        params: adapted.params,
        betas: betas.kept,
        stream,
        signal,
        trace,
      });
      const renames = adapted.renames;
      return renames ? mapEvents(events, (event) => restoreToolNames(event, renames)) : events;
    },
    attempts,
  );
}

async function* mapEvents(events: AsyncIterable<StreamEvent>, map: (event: StreamEvent) => StreamEvent): AsyncGenerator<StreamEvent> {
  for await (const event of events) yield map(event);
}

/**
 * The events with a `routed` event just before the answer's first one (its message_start names the serving model).
 * The inner generator is always finished or returned, so a caller that stops reading still ends the attempt.
 */
export async function* announced<R>(
  events: AsyncGenerator<StreamEvent | RestartEvent, R, undefined>,
  routed: (model: string) => RoutedEvent,
): AsyncGenerator<CoreEvent, R, undefined> {
  let done = false;
  try {
    let next = await events.next();
    if (!next.done && next.value.type === 'message_start') yield routed(next.value.message.model);
    for (; !next.done; next = await events.next()) yield next.value;
    done = true;
    return next.value;
  } finally {
    if (!done) await events.return(undefined as never);
  }
}
