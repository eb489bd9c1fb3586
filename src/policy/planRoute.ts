import type { Catalog, CatalogModel } from '../catalog/catalog';
import { status } from '@grpc/grpc-js';
import type { CallerPermissions } from '../auth/callerDirectory';
import { invalidArgument, RouterError } from '../errors/routerError';
import { whyIncapable } from './capabilities';
import type { CompletionRequest } from './completionRequest';
import { estimateInputTokens } from './estimateTokens';
import type { Policy } from './policy';

export interface PlannedStep {
  model: CatalogModel;
  /** Set when this model cannot serve the request: the executor records it as skipped_incapable. */
  incapable: string | undefined;
}

export interface RoutePlan {
  task: string;
  /** Every model in order, the incapable ones included so the attempts tell the whole story. */
  steps: readonly PlannedStep[];
  /** The first capable model. */
  primary: CatalogModel;
  /** The capable models after the primary. */
  fallbacks: readonly CatalogModel[];
  /** Why, in words; built only when asked (Route), not on every request. */
  explain(): string;
}

export interface Planner {
  /** Permissions narrow the chain to what the caller may use; undefined allows everything. */
  plan(request: CompletionRequest, permissions?: CallerPermissions): RoutePlan;
}

export function createPlanner(catalog: Catalog, policy: Policy, defaultMaxTokens: number): Planner {
  return {
    plan(request, permissions) {
      const explicit = request.model !== undefined ? catalog.get(request.model) : undefined;
      const chain = permitted(explicit ? [explicit] : policy.chain(request.task), request, permissions);
      const inputTokens = estimateInputTokens(request);
      const steps = chain.map((model) => ({ model, incapable: whyIncapable(model, request, inputTokens, defaultMaxTokens) }));
      const capable = steps.filter((s) => s.incapable === undefined).map((s) => s.model);
      const [primary, ...fallbacks] = capable;
      if (!primary) {
        const reasons = steps.map((s) => s.incapable).join('; ');
        throw invalidArgument(explicit ? reasons : `no model of task '${request.task}' can serve this request: ${reasons}`);
      }
      return { task: request.task, steps, primary, fallbacks, explain: () => explain(request, explicit, steps, primary, policy) };
    },
  };
}

function explain(
  request: CompletionRequest,
  explicit: CatalogModel | undefined,
  steps: readonly PlannedStep[],
  primary: CatalogModel,
  policy: Policy,
): string {
  if (explicit) {
    const via = request.model !== explicit.id ? ` (alias '${request.model}')` : '';
    return `explicit model ${explicit.id}${via}; explicit models have no fallback`;
  }
  const candidates = policy.candidatesOf(request.task).join(', ');
  const parts = [`task '${request.task}' routes to [${candidates}]`];
  for (const step of steps) {
    if (step.incapable) parts.push(`skipped ${step.model.id}: ${step.incapable}`);
  }
  parts.push(`${primary.id} serves first`);
  return parts.join('; ');
}

function permitted(chain: readonly CatalogModel[], request: CompletionRequest, permissions: CallerPermissions | undefined): readonly CatalogModel[] {
  if (!permissions) return chain;
  if (permissions.tasks && !permissions.tasks.has(request.task)) {
    throw new RouterError(status.PERMISSION_DENIED, `this caller may not use task '${request.task}'`);
  }
  const { models } = permissions;
  if (!models) return chain;
  const allowed = chain.filter((m) => models.has(m.id));
  if (allowed.length === 0) {
    const what = request.model !== undefined ? `model '${request.model}'` : `any model of task '${request.task}'`;
    throw new RouterError(status.PERMISSION_DENIED, `this caller may not use ${what}`);
  }
  return allowed;
}
