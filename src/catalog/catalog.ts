import type { ModelConfig } from '../config/schema';
import { ConfigError } from '../config/loadConfig';
import { notFound } from '../domain/routerError';

export type CatalogModel = Readonly<ModelConfig>;

const FAMILY_PREFIX = 'family:';

/** The model catalog from config: ids, aliases and family selectors resolve here and nowhere else. */
export class Catalog {
  private readonly byName = new Map<string, CatalogModel>();
  /** Newest first, the order of Anthropic's Models API. */
  readonly models: readonly CatalogModel[];

  constructor(models: readonly ModelConfig[]) {
    this.models = [...models].sort(newestFirst);
    models.forEach((model, index) => {
      this.claim(model.id, model, `models[${index}].id`);
      model.aliases.forEach((alias, a) => this.claim(alias, model, `models[${index}].aliases[${a}]`));
    });
  }

  /** A model by id or alias. */
  find(idOrAlias: string): CatalogModel | undefined {
    return this.byName.get(idOrAlias);
  }

  /** A model by id or alias, or NOT_FOUND in the words of the Models API. */
  get(idOrAlias: string): CatalogModel {
    const model = this.byName.get(idOrAlias);
    if (!model) throw notFound(`Model '${idOrAlias}' not found`);
    return model;
  }

  /** An id, an alias, or `family:<name>` (the newest non-deprecated model of that family). */
  resolveCandidate(candidate: string): CatalogModel | undefined {
    if (!candidate.startsWith(FAMILY_PREFIX)) return this.find(candidate);
    const family = candidate.slice(FAMILY_PREFIX.length);
    return this.models.find((m) => m.family === family && !m.deprecated);
  }

  private claim(name: string, model: ModelConfig, field: string): void {
    const holder = this.byName.get(name);
    if (holder && holder !== model) {
      throw new ConfigError(`Invalid config: ${field}: '${name}' is already used by model ${holder.id}`);
    }
    if (holder === model && name !== model.id) {
      throw new ConfigError(`Invalid config: ${field}: alias '${name}' repeats the model's id or another alias`);
    }
    this.byName.set(name, model);
  }
}

function newestFirst(a: ModelConfig, b: ModelConfig): number {
  const byDate = Date.parse(b.created_at) - Date.parse(a.created_at);
  return byDate !== 0 ? byDate : a.id.localeCompare(b.id);
}
