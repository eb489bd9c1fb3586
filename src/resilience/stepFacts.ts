import type { Attributes } from '@opentelemetry/api';
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

export function sameModelNext(steps: readonly Step[], index: number): boolean {
  const step = steps[index];
  const next = steps[index + 1];
  return step?.deployment !== undefined && next?.deployment !== undefined && next.model === step.model;
}
