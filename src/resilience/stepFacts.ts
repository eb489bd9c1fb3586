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

/**
 * A later step that will be called on another deployment, where this refusal need not recur: another key, region
 * or platform for the router's credentials; another platform for a platform's rejection of the request itself
 * (every region of Bedrock would refuse it alike). Steps whose breaker is open are not counted.
 */
export function laterDeployment(steps: readonly Step[], index: number, error: RouterError, isOpen: (deploymentId: string) => boolean): boolean {
  const here = steps[index]?.deployment;
  if (here === undefined) return false;
  const elsewhere = (d: NonNullable<Step['deployment']>): boolean =>
    error.blame === 'router' ? d.platform !== here.platform || d.key !== here.key : d.platform !== here.platform;
  return steps
    .slice(index + 1)
    .some((s) => s.deployment !== undefined && !s.retired && s.incapable === undefined && elsewhere(s.deployment) && !isOpen(s.deployment.id));
}
