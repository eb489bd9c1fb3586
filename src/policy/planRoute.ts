import type { Catalog, CatalogModel } from '../catalog/catalog';
import { invalidRequest, RouterError } from '../domain/routerError';
import { assess, type CapabilitySettings } from './capabilities';
import type { Policy } from './policy';
import { estimateInputTokens } from './validate/profile';
import type { ValidRequest } from './validate/validateRequest';

/** What a caller may use; undefined sets mean "everything". */
export interface CallerPermissions {
  tasks: ReadonlySet<string> | undefined;
  /** Catalog model ids. */
  models: ReadonlySet<string> | undefined;
}

export interface PlannedStep {
  model: CatalogModel;
  /** Set when this model cannot serve the request: the executor records it as skipped_incapable. */
  incapable: string | undefined;
  /** Served only through the model's 1M-token window (the beta is added, long-context prices apply). */
  longContext: boolean;
}

export interface RoutePlan {
  task: string;
  /** Every model in order, the incapable ones included so the attempts tell the whole story. */
  steps: readonly PlannedStep[];
  /** The first capable model. */
  primary: CatalogModel;
  /** The capable models after the primary. */
  fallbacks: readonly CatalogModel[];
  estimatedInputTokens: number;
  /** Why, in words; built only when asked (Route), not on every request. */
  explain(): string;
}

export interface Planner {
  /** Permissions narrow the chain to what the caller may use; undefined allows everything. */
  plan(request: ValidRequest, permissions?: CallerPermissions): RoutePlan;
}

export function createPlanner(catalog: Catalog, policy: Policy, settings: CapabilitySettings): Planner {
  return {
    plan(request, permissions) {
      const asked = request.routing.model;
      const explicit = asked !== undefined && asked !== '' ? catalog.get(asked) : undefined;
      const chain = permitted(explicit ? [explicit] : policy.chain(request.task), request, explicit, permissions);
      const inputTokens = estimateInputTokens(request.profile);
      const steps = chain.map((model): PlannedStep => ({ model, ...assess(model, request, inputTokens, settings) }));
      const capable = steps.filter((s) => s.incapable === undefined).map((s) => s.model);
      const [primary, ...fallbacks] = capable;
      if (!primary) {
        const reasons = steps.map((s) => s.incapable).join('; ');
        throw invalidRequest(explicit ? reasons : `no model of task '${request.task}' can serve this request: ${reasons}`);
      }
      return {
        task: request.task,
        steps,
        primary,
        fallbacks,
        estimatedInputTokens: inputTokens,
        explain: () => explain(request, explicit, steps, primary, policy),
      };
    },
  };
}

function explain(request: ValidRequest, explicit: CatalogModel | undefined, steps: readonly PlannedStep[], primary: CatalogModel, policy: Policy): string {
  if (explicit) {
    const via = request.routing.model !== explicit.id ? ` (alias '${request.routing.model}')` : '';
    return `explicit model ${explicit.id}${via}; explicit models have no fallback`;
  }
  const candidates = policy.candidatesOf(request.task).join(', ');
  const parts = [`task '${request.task}' routes to [${candidates}]`];
  for (const step of steps) {
    if (step.incapable) parts.push(`skipped ${step.model.id}: ${step.incapable}`);
    else if (step.longContext) parts.push(`${step.model.id} only with its 1M context window`);
  }
  parts.push(`${primary.id} serves first`);
  return parts.join('; ');
}

function permitted(
  chain: readonly CatalogModel[],
  request: ValidRequest,
  explicit: CatalogModel | undefined,
  permissions: CallerPermissions | undefined,
): readonly CatalogModel[] {
  if (!permissions) return chain;
  if (permissions.tasks && !permissions.tasks.has(request.task)) {
    throw new RouterError('permission_denied', `this caller may not use task '${request.task}'`);
  }
  const { models } = permissions;
  if (!models) return chain;
  const allowed = chain.filter((m) => models.has(m.id));
  if (allowed.length === 0) {
    const what = explicit ? `model '${explicit.id}'` : `any model of task '${request.task}'`;
    throw new RouterError('permission_denied', `this caller may not use ${what}`);
  }
  return allowed;
}
