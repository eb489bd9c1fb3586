import type { RouterResult, RoutedEvent } from '../../core/result';

/** Which model served, how, and at what cost, beside Anthropic's own body so SDK clients need not parse anything new. */
export function resultHeaders(result: RouterResult): Record<string, string> {
  return {
    'x-modelrouter-model': result.message.model,
    'x-modelrouter-task': result.task,
    ...(result.taskInferred ? { 'x-modelrouter-task-inferred': 'true' } : {}),
    'x-modelrouter-cached': String(result.cached),
    'x-modelrouter-fallback': String(result.fallback),
    'x-modelrouter-cost-usd': String(result.costUsd),
    ...(result.provider ? { 'x-modelrouter-provider': result.provider, 'x-modelrouter-deployment': result.deployment ?? '' } : {}),
    ...(result.costEstimated ? { 'x-modelrouter-cost-estimated': 'true' } : {}),
    'x-modelrouter-attempts': JSON.stringify(result.attempts),
  };
}

/** A stream's headers go out before its first event: the cost is not known yet (it is in the log and the metrics). */
export function routedHeaders(routed: RoutedEvent): Record<string, string> {
  return {
    'x-modelrouter-model': routed.model,
    'x-modelrouter-task': routed.task,
    ...(routed.taskInferred ? { 'x-modelrouter-task-inferred': 'true' } : {}),
    ...(routed.provider ? { 'x-modelrouter-provider': routed.provider, 'x-modelrouter-deployment': routed.deployment ?? '' } : {}),
    'x-modelrouter-cached': String(routed.cached),
    'x-modelrouter-fallback': String(routed.fallback),
    'x-modelrouter-attempts': JSON.stringify(routed.attempts),
  };
}
