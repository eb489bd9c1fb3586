import type { RouterConfig } from '../config/schema';
import type { Logger } from '../observability/logger';
import { Catalog } from './catalog';
import { CatalogRefresher, type CatalogPersistence, type RefreshOutcome } from './catalogRefresher';
import { LiveCatalog } from './liveCatalog';

export interface CatalogParts {
  live: LiveCatalog;
  /** Undefined when catalog.live is off: the config is the catalog. */
  refresher: CatalogRefresher | undefined;
}

export interface CatalogDeps {
  list: (signal: AbortSignal) => AsyncIterable<unknown>;
  persistence: CatalogPersistence | undefined;
  logger: Logger;
  onRefresh: (outcome: RefreshOutcome, skipped: number) => void;
}

/** The catalog as the config gives it, every change logged; live (not yet listed) when catalog.live is on. */
export function createCatalog(config: RouterConfig, deps: CatalogDeps): CatalogParts {
  const live = new LiveCatalog(Catalog.fromConfig(config.models, config.catalog.pin));
  live.onChange((_catalog, changes) => {
    for (const change of changes) deps.logger.warn('catalog changed', { event: 'catalog_change', ...change });
  });
  if (!config.catalog.live) return { live, refresher: undefined };
  const refresher = new CatalogRefresher({
    live,
    configModels: config.models,
    settings: config.catalog,
    list: deps.list,
    persistence: deps.persistence,
    logger: deps.logger,
    onRefresh: deps.onRefresh,
  });
  return { live, refresher };
}
