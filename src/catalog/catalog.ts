import type { ModelConfig } from '../config/schema';
import { ConfigError } from '../config/loadConfig';
import { echo, notFound } from '../domain/routerError';
import { fromConfig, type CatalogModel } from './model';

export type { CatalogModel } from './model';

const FAMILY_PREFIX = 'family:';

export interface CatalogMeta {
  /** Where the facts came from: the config alone, a live listing, or the last listing persisted in Redis. */
  source: 'config' | 'upstream' | 'persisted';
  /** When upstream was read (epoch ms); undefined for the config alone. */
  fetchedAt: number | undefined;
  /** line -> model id: `family:<line>` stays there (catalog.pin). */
  pins: Readonly<Record<string, string>>;
}

/**
 * One immutable snapshot of the model catalog: ids, aliases and family selectors resolve here and nowhere else.
 * A refresh builds a new one and swaps it in whole, so a request never sees half of one listing and half of another.
 */
export class Catalog {
  private readonly byName = new Map<string, CatalogModel>();
  /** Newest first, the order of Anthropic's Models API. */
  readonly models: readonly CatalogModel[];

  constructor(
    models: readonly CatalogModel[],
    readonly meta: CatalogMeta = { source: 'config', fetchedAt: undefined, pins: {} },
  ) {
    this.models = [...models].sort(newestFirst);
    // The first holder of a name keeps it: a listing cannot take an id or alias away from a model.
    for (const model of this.models) {
      for (const name of [model.id, ...model.aliases]) if (!this.byName.has(name)) this.byName.set(name, model);
    }
  }

  /** The config's models, every id and alias checked unique (a clash stops the service, naming the field). */
  static fromConfig(models: readonly ModelConfig[], pins: Readonly<Record<string, string>> = {}): Catalog {
    const seen = new Map<string, string>();
    models.forEach((model, index) => {
      [model.id, ...model.aliases].forEach((name, a) => {
        const field = a === 0 ? `models[${index}].id` : `models[${index}].aliases[${a - 1}]`;
        const holder = seen.get(name);
        if (holder && holder !== model.id) throw new ConfigError(`Invalid config: ${field}: '${name}' is already used by model ${holder}`);
        if (holder === model.id) throw new ConfigError(`Invalid config: ${field}: alias '${name}' repeats the model's id or another alias`);
        seen.set(name, model.id);
      });
    });
    return new Catalog(models.map(fromConfig), { source: 'config', fetchedAt: undefined, pins });
  }

  /** A model by id or alias, whatever its lifecycle. */
  find(idOrAlias: string): CatalogModel | undefined {
    return this.byName.get(idOrAlias);
  }

  /** A model by id or alias, or not_found in the words of the Models API. */
  get(idOrAlias: string): CatalogModel {
    const model = this.byName.get(idOrAlias);
    if (!model) throw notFound(`Model ${echo(idOrAlias)} not found`);
    return model;
  }

  /**
   * An id, an alias, or `family:<line>`: the line's pinned model (catalog.pin) while it is not retired, else the
   * newest active model of the line by release date, so a new model upstream is picked up without a config change.
   */
  resolveCandidate(candidate: string): CatalogModel | undefined {
    if (!candidate.startsWith(FAMILY_PREFIX)) return this.find(candidate);
    const line = candidate.slice(FAMILY_PREFIX.length);
    const pinned = this.meta.pins[line];
    const pin = pinned !== undefined ? this.find(pinned) : undefined;
    if (pin && pin.lifecycle !== 'retired') return pin;
    return this.models.find((m) => m.line === line && m.lifecycle === 'active');
  }
}

function newestFirst(a: CatalogModel, b: CatalogModel): number {
  const byDate = Date.parse(b.created_at) - Date.parse(a.created_at);
  return byDate !== 0 && !Number.isNaN(byDate) ? byDate : a.id.localeCompare(b.id);
}
