import type { Catalog, CatalogModel } from '../catalog/catalog';
import { invalidRequest, RouterError } from '../domain/routerError';
import { assess, type CapabilitySettings } from './capabilities';
import type { Policy } from './policy';
import { estimateInputTokens } from './validate/profile';
import type { ValidRequest } from './validate/validateRequest';

/** What a caller may use; undefined means "everything". */
export interface CallerPermissions {
  tasks: ReadonlySet<string> | undefined;
  /** Model ids, aliases or family:<line>, resolved against the catalog of the moment. */
  models: readonly string[] | undefined;
}

export interface PlannedStep {
  model: CatalogModel;
  /** Set when this model cannot serve the request: the executor records it as skipped_incapable. */
  incapable: string | undefined;
  /** Served only through the model's 1M-token window (the beta is added, long-context prices apply). */
  longContext: boolean;
  /** Retired upstream: never called, recorded as skipped_retired. */
  retired: boolean;
}

export interface RoutePlan {
  task: string;
  /** The caller named no task: inference chose it. */
  taskInferred: boolean;
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

/** Where the catalog of the moment is read; a live catalog swaps it on refresh. */
export interface CatalogSource {
  readonly current: Catalog;
}

export function createPlanner(catalogs: CatalogSource, policy: Policy, settings: CapabilitySettings): Planner {
  return {
    plan(request, permissions) {
      const catalog = catalogs.current;
      const asked = request.routing.model;
      const explicit = asked !== undefined && asked !== '' ? catalog.get(asked) : undefined;
      if (explicit?.lifecycle === 'retired') {
        throw new RouterError(
          'failed_precondition',
          `model '${explicit.id}' is retired${explicit.retires_at ? ` (since ${explicit.retires_at.slice(0, 10)})` : ''}`,
          {
            type: 'not_found_error',
          },
        );
      }
      const chain = permitted(explicit ? [explicit] : policy.chain(request.task, catalog), request, explicit, permissions, catalog);
      if (chain.length === 0)
        throw new RouterError(
          'unavailable',
          `task '${request.task}' has no model in the catalog now (candidates: ${policy.candidatesOf(request.task).join(', ')})`,
        );
      const inputTokens = estimateInputTokens(request.profile);
      const steps = chain.map((model): PlannedStep =>
        model.lifecycle === 'retired'
          ? { model, incapable: undefined, longContext: false, retired: true }
          : { model, ...assess(model, request, inputTokens, settings), retired: false },
      );
      const capable = steps.filter((s) => s.incapable === undefined && !s.retired).map((s) => s.model);
      const [primary, ...fallbacks] = capable;
      if (!primary) {
        const reasons = steps.map((s) => s.incapable ?? `${s.model.id} is retired`).join('; ');
        throw invalidRequest(explicit ? reasons : `no model of task '${request.task}' can serve this request: ${reasons}`);
      }
      return {
        task: request.task,
        taskInferred: request.inference !== undefined,
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
    if (step.retired) parts.push(`skipped ${step.model.id}: retired`);
    else if (step.incapable) parts.push(`skipped ${step.model.id}: ${step.incapable}`);
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
  catalog: Catalog,
): readonly CatalogModel[] {
  if (!permissions) return chain;
  if (permissions.tasks && !permissions.tasks.has(request.task)) {
    throw new RouterError('permission_denied', `this caller may not use task '${request.task}'`);
  }
  if (!permissions.models) return chain;
  const models = new Set(permissions.models.map((candidate) => catalog.resolveCandidate(candidate)?.id));
  const allowed = chain.filter((m) => models.has(m.id));
  if (allowed.length === 0) {
    const what = explicit ? `model '${explicit.id}'` : `any model of task '${request.task}'`;
    throw new RouterError('permission_denied', `this caller may not use ${what}`);
  }
  return allowed;
}
