import type { Catalog, CatalogModel } from '../catalog/catalog';
import { ConfigError } from '../config/loadConfig';
import type { RouterConfig } from '../config/schema';

/** Task -> ordered models, resolved once at start-up so a bad candidate stops the service, not a request. */
export class Policy {
  readonly defaultTask: string;
  private readonly chains = new Map<string, readonly CatalogModel[]>();
  private readonly candidates = new Map<string, readonly string[]>();

  constructor(config: RouterConfig['policy'], catalog: Catalog) {
    for (const [task, candidates] of Object.entries(config.tasks)) {
      const chain: CatalogModel[] = [];
      candidates.forEach((candidate, index) => {
        const model = catalog.resolveCandidate(candidate);
        if (!model) {
          throw new ConfigError(
            `Invalid config: policy.tasks.${task}[${index}]: '${candidate}' is not a model id, alias or family:<name> with a non-deprecated model`,
          );
        }
        if (!chain.includes(model)) chain.push(model);
      });
      this.chains.set(task, chain);
      this.candidates.set(task, candidates);
    }
    if (!this.chains.has(config.default_task)) {
      throw new ConfigError(`Invalid config: policy.default_task: '${config.default_task}' is not one of policy.tasks`);
    }
    this.defaultTask = config.default_task;
  }

  get tasks(): string[] {
    return [...this.chains.keys()];
  }

  has(task: string): boolean {
    return this.chains.has(task);
  }

  chain(task: string): readonly CatalogModel[] {
    return this.chains.get(task) ?? [];
  }

  /** The configured candidate strings, e.g. ["family:sonnet", "claude-3-7-sonnet-latest"]. */
  candidatesOf(task: string): readonly string[] {
    return this.candidates.get(task) ?? [];
  }
}
