import type { Catalog } from './catalog';
import type { Lifecycle } from './model';

export type CatalogChange =
  { kind: 'added'; id: string; lifecycle: Lifecycle } | { kind: 'removed'; id: string } | { kind: 'lifecycle'; id: string; from: Lifecycle; to: Lifecycle };

export type CatalogListener = (catalog: Catalog, changes: readonly CatalogChange[]) => void;

/** The catalog in use: readers take `current` once per request; a refresh replaces it whole. */
export class LiveCatalog {
  private snapshot: Catalog;
  private readonly listeners: CatalogListener[] = [];

  constructor(initial: Catalog) {
    this.snapshot = initial;
  }

  get current(): Catalog {
    return this.snapshot;
  }

  /** Swaps in a new snapshot and tells the listeners (log, health, metrics) what changed. */
  replace(next: Catalog): CatalogChange[] {
    const changes = diff(this.snapshot, next);
    this.snapshot = next;
    for (const listener of this.listeners) listener(next, changes);
    return changes;
  }

  onChange(listener: CatalogListener): void {
    this.listeners.push(listener);
  }
}

function diff(before: Catalog, after: Catalog): CatalogChange[] {
  const changes: CatalogChange[] = [];
  const old = new Map(before.models.map((m) => [m.id, m]));
  for (const model of after.models) {
    const was = old.get(model.id);
    if (!was) changes.push({ kind: 'added', id: model.id, lifecycle: model.lifecycle });
    else if (was.lifecycle !== model.lifecycle) changes.push({ kind: 'lifecycle', id: model.id, from: was.lifecycle, to: model.lifecycle });
    old.delete(model.id);
  }
  for (const id of old.keys()) changes.push({ kind: 'removed', id });
  return changes;
}
