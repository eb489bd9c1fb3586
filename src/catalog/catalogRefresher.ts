import type { CatalogConfig, ModelConfig } from '../config/schema';
import type { Logger } from '../observability/logger';
import type { LiveCatalog } from './liveCatalog';
import { mergeCatalog } from './mergeCatalog';
import { readListing, type UpstreamModel } from './upstreamListing';

/** Where the last good listing is kept across restarts (Redis when configured). Both sides never throw. */
export interface CatalogPersistence {
  load(): Promise<string | null>;
  save(json: string): void;
}

export type RefreshOutcome = 'ok' | 'error';

export interface RefreshResult {
  outcome: RefreshOutcome;
  models: number;
  skipped: number;
  /** The change lines, e.g. "added claude-sonnet-5 (active)". */
  changes: string[];
  error: string | undefined;
}

export interface RefresherDeps {
  live: LiveCatalog;
  configModels: readonly ModelConfig[];
  settings: CatalogConfig;
  /** The Models API listing, every lifecycle, auto-paginated. */
  list: (signal: AbortSignal) => AsyncIterable<unknown>;
  persistence: CatalogPersistence | undefined;
  logger: Logger;
  onRefresh: (outcome: RefreshOutcome, skipped: number) => void;
}

interface Persisted {
  fetchedAt: number;
  models: UpstreamModel[];
}

const FIRST_RETRY_MS = 5_000;
/** A listing that takes longer than this is abandoned (the last good catalog stays). */
const LIST_TIMEOUT_MS = 30_000;

/**
 * Keeps the live catalog current: a listing at start-up, then every `refresh_interval`, and on demand (SIGHUP,
 * RefreshCatalog). A failed refresh keeps the last good catalog and retries with backoff; concurrent requests for a
 * refresh share one listing. At start-up, when upstream cannot be read, the last listing persisted in Redis is used.
 */
export class CatalogRefresher {
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<RefreshResult> | undefined;
  private failures = 0;
  private stopped = false;
  private readonly overridesLogged = new Set<string>();

  constructor(private readonly deps: RefresherDeps) {}

  /** The first listing; falls back to the persisted one. Never throws: the config catalog is the last resort. */
  async start(): Promise<RefreshResult> {
    const result = await this.refresh('start-up');
    if (result.outcome === 'error') await this.loadPersisted();
    return result;
  }

  refresh(reason: string): Promise<RefreshResult> {
    this.inFlight ??= this.run(reason).finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private async run(reason: string): Promise<RefreshResult> {
    const { deps } = this;
    const signal = AbortSignal.timeout(LIST_TIMEOUT_MS);
    let result: RefreshResult;
    try {
      const listing = await readListing(deps.list(signal), deps.settings.max_models);
      const fetchedAt = Date.now();
      const changes = this.install(listing.models, 'upstream', fetchedAt);
      deps.persistence?.save(JSON.stringify({ fetchedAt, models: listing.models } satisfies Persisted));
      this.failures = 0;
      result = { outcome: 'ok', models: listing.models.length, skipped: listing.skipped, changes, error: undefined };
      deps.logger.info('catalog refreshed', {
        event: 'catalog_refresh',
        reason,
        outcome: 'ok',
        models: result.models,
        skipped: listing.skipped,
        changes: changes.length,
      });
    } catch (err) {
      this.failures += 1;
      const error = (err instanceof Error ? err.message : String(err)).slice(0, 300);
      result = { outcome: 'error', models: deps.live.current.models.length, skipped: 0, changes: [], error };
      deps.logger.warn('catalog refresh failed; the last good catalog stays', {
        event: 'catalog_refresh',
        reason,
        outcome: 'error',
        error,
        failures: this.failures,
      });
    }
    deps.onRefresh(result.outcome, result.skipped);
    this.schedule();
    return result;
  }

  private install(models: readonly UpstreamModel[], source: 'upstream' | 'persisted', fetchedAt: number): string[] {
    const { deps } = this;
    const { catalog, overridden } = mergeCatalog(deps.configModels, models, deps.settings, { source, fetchedAt });
    for (const note of overridden) {
      if (this.overridesLogged.has(note)) continue;
      this.overridesLogged.add(note);
      deps.logger.info('config override wins over upstream', { event: 'catalog_override', override: note });
    }
    return deps.live
      .replace(catalog)
      .map((c) => (c.kind === 'lifecycle' ? `${c.id}: ${c.from} -> ${c.to}` : c.kind === 'added' ? `added ${c.id} (${c.lifecycle})` : `removed ${c.id}`));
  }

  private async loadPersisted(): Promise<void> {
    const raw = await this.deps.persistence?.load();
    if (!raw) return;
    try {
      const persisted = JSON.parse(raw) as Persisted;
      const listing = await readListing(asyncOf(persisted.models), this.deps.settings.max_models);
      this.install(listing.models, 'persisted', persisted.fetchedAt);
      this.deps.logger.warn('upstream unreachable at start-up: serving the catalog persisted in Redis', {
        event: 'catalog_persisted',
        fetched_at: new Date(persisted.fetchedAt).toISOString(),
      });
    } catch (err) {
      this.deps.logger.warn('the persisted catalog is unreadable; serving the config catalog', {
        event: 'catalog_persisted',
        error: (err as Error).message.slice(0, 200),
      });
    }
  }

  /** Next listing: the interval after a success; after a failure 5 s, doubling, never later than the interval. */
  private schedule(): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    const interval = this.deps.settings.refresh_interval;
    const delay = this.failures === 0 ? interval : Math.min(interval, FIRST_RETRY_MS * 2 ** (this.failures - 1));
    this.timer = setTimeout(() => void this.refresh('interval'), delay);
    this.timer.unref();
  }
}

// eslint-disable-next-line @typescript-eslint/require-await -- an AsyncIterable of items already at hand
async function* asyncOf<T>(items: readonly T[]): AsyncGenerator<T> {
  yield* items;
}
