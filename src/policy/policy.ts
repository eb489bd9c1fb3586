import type { Catalog, CatalogModel } from '../catalog/catalog';
import { ConfigError } from '../config/loadConfig';
import type { RouterConfig } from '../config/schema';

/**
 * Task -> ordered models. Candidates are resolved against each catalog snapshot (once per snapshot), so
 * `family:<line>` follows the live catalog. With a fixed catalog (catalog.live off) a candidate that resolves to
 * nothing stops the service at start-up; with a live one it is skipped (and reported by `unresolved`), because
 * the next listing may bring it.
 */
export class Policy {
  readonly defaultTask: string;
  private readonly candidates: ReadonlyMap<string, readonly string[]>;
  private readonly resolved = new WeakMap<Catalog, Map<string, readonly CatalogModel[]>>();

  constructor(config: RouterConfig['policy'], catalog: Catalog, strict: boolean) {
    this.candidates = new Map(Object.entries(config.tasks));
    if (!this.candidates.has(config.default_task)) {
      throw new ConfigError(`Invalid config: policy.default_task: '${config.default_task}' is not one of policy.tasks`);
    }
    this.defaultTask = config.default_task;
    if (!strict) return;
    for (const [task, candidates] of this.candidates) {
      candidates.forEach((candidate, index) => {
        if (!catalog.resolveCandidate(candidate)) {
          throw new ConfigError(
            `Invalid config: policy.tasks.${task}[${index}]: '${candidate}' is not a model id, alias or family:<name> with a non-deprecated model`,
          );
        }
      });
    }
  }

  get tasks(): string[] {
    return [...this.candidates.keys()];
  }

  has(task: string): boolean {
    return this.candidates.has(task);
  }

  /** The task's models in this snapshot, in order, each once. */
  chain(task: string, catalog: Catalog): readonly CatalogModel[] {
    let chains = this.resolved.get(catalog);
    if (!chains) {
      chains = new Map();
      this.resolved.set(catalog, chains);
    }
    let chain = chains.get(task);
    if (!chain) {
      const models: CatalogModel[] = [];
      for (const candidate of this.candidatesOf(task)) {
        const model = catalog.resolveCandidate(candidate);
        if (model && !models.includes(model)) models.push(model);
      }
      chain = models;
      chains.set(task, chain);
    }
    return chain;
  }

  /** Candidates that name no model of this snapshot, per task: what a refresh logs. */
  unresolved(catalog: Catalog): string[] {
    const missing: string[] = [];
    for (const [task, candidates] of this.candidates) {
      for (const candidate of candidates) if (!catalog.resolveCandidate(candidate)) missing.push(`${task}: ${candidate}`);
    }
    return missing;
  }

  /** The configured candidate strings, e.g. ["family:sonnet", "claude-3-7-sonnet-latest"]. */
  candidatesOf(task: string): readonly string[] {
    return this.candidates.get(task) ?? [];
  }
}
