import type { Attributes } from '@opentelemetry/api';
import type { RouterError } from '../domain/routerError';
import type { Step } from './fallbackExecutor';

/** What the executor reports of a step: its span's attributes, its place (platform, deployment) in the attempts. */
export function spanAttributes(step: Step, retries: number): Attributes {
  return {
    'modelrouter.model': step.model.id,
    'modelrouter.retry': retries,
    ...(step.deployment ? { 'modelrouter.deployment': step.deployment.id, 'modelrouter.provider': step.deployment.platform } : {}),
  };
}

/** The attempt's platform and deployment, when the step names one. */
export function placeOf(step: Step): { provider?: string; deployment?: string } {
  return step.deployment ? { provider: step.deployment.platform, deployment: step.deployment.id } : {};
}

/**
 * Upstream refused this deployment, not the request everywhere: the router's credentials for this key or region
 * (a revoked key, model access not granted in a region), or a rejection by Bedrock or Vertex, which another
 * platform may not share. Anthropic's own 400 is the caller's, on every deployment.
 */
export function isDeploymentFault(error: RouterError, step: Step): boolean {
  if (step.deployment === undefined || error.upstream === undefined) return false;
  if (error.blame === 'router') return true;
  return error.blame === 'caller' && error.contextOverflow === undefined && step.deployment.platform !== 'anthropic';
}

/** A later step is called on another key, region or platform: a refusal by this one need not end the call. */
export function laterDeployment(steps: readonly Step[], index: number): boolean {
  const here = steps[index]?.deployment;
  if (here === undefined) return false;
  return steps
    .slice(index + 1)
    .some(
      (s) =>
        s.deployment !== undefined && !s.retired && s.incapable === undefined && (s.deployment.platform !== here.platform || s.deployment.key !== here.key),
    );
}
