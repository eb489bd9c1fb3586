import { isRecord } from './blocks';
import { DEFAULT_MODEL_ALIASES, DEFAULT_MODEL_LINEUP } from './modelLineup';
import type { ModelLifecycle, ModelListEntry, ModelPage } from './modelTypes';

export const MODEL_LIFECYCLES: readonly ModelLifecycle[] = ['active', 'deprecated', 'retired'];

export interface ModelListingOptions {
  /** alias -> id, resolved by GET /v1/models/{id} and for messages; default: DEFAULT_MODEL_ALIASES. */
  aliases?: Readonly<Record<string, string>>;
  /** Serve the entries in the order given rather than newest first, to meet a client that relies on the order. */
  keepOrder?: boolean;
}

export interface PageQuery {
  readonly lifecycles: ReadonlySet<ModelLifecycle>;
  readonly limit: number;
  readonly afterId?: string;
  readonly beforeId?: string;
}

export type PageResult = { ok: true; page: ModelPage } | { ok: false; message: string };

/** The catalog behind GET /v1/models: entries kept exactly as given, ordered once when set. */
export class ModelListing {
  private entries: readonly unknown[] = [];
  /** id -> position in `entries`; the first entry wins when a test lists an id twice. */
  private positions = new Map<string, number>();
  private aliases = new Map<string, string>();

  constructor() {
    this.reset();
  }

  reset(): void {
    this.set(DEFAULT_MODEL_LINEUP);
  }

  set(list: readonly ModelListEntry[], options: ModelListingOptions = {}): void {
    // Through JSON, so the copy is what the client will receive, and the caller's later edits cannot leak in.
    const copy = JSON.parse(JSON.stringify(list)) as unknown[];
    this.entries = options.keepOrder === true ? copy : newestFirst(copy);
    this.positions = new Map();
    this.entries.forEach((entry, i) => {
      const id = idOf(entry);
      if (id !== undefined && !this.positions.has(id)) this.positions.set(id, i);
    });
    this.aliases = new Map(Object.entries(options.aliases ?? DEFAULT_MODEL_ALIASES));
  }

  /** The entry with this id, else the one its alias names; undefined when neither is listed. */
  find(idOrAlias: string): unknown {
    const position = this.positions.get(idOrAlias) ?? this.positions.get(this.aliases.get(idOrAlias) ?? '');
    return position === undefined ? undefined : this.entries[position];
  }

  isRetired(idOrAlias: string): boolean {
    const entry = this.find(idOrAlias);
    return isRecord(entry) && entry['lifecycle'] === 'retired';
  }

  /** Listed ids and the aliases that resolve to one, for FakeAnthropicOptions.knownModels. */
  names(): string[] {
    const aliases = [...this.aliases].filter(([, id]) => this.positions.has(id)).map(([alias]) => alias);
    return [...this.positions.keys(), ...aliases];
  }

  page(query: PageQuery): PageResult {
    const cursor = query.afterId ?? query.beforeId;
    const at = cursor === undefined ? undefined : this.positions.get(cursor);
    if (cursor !== undefined && at === undefined) {
      const param = query.afterId !== undefined ? 'after_id' : 'before_id';
      return { ok: false, message: `${param}: no model with id ${JSON.stringify(cursor)}` };
    }
    // The cursor is placed in the whole listing, so it may name a model the lifecycle filter leaves out.
    const matching: unknown[] = [];
    this.entries.forEach((entry, i) => {
      if (at !== undefined && (query.afterId !== undefined ? i <= at : i >= at)) return;
      if (passes(entry, query.lifecycles)) matching.push(entry);
    });
    const data = query.beforeId !== undefined ? matching.slice(-query.limit) : matching.slice(0, query.limit);
    return {
      ok: true,
      page: {
        data,
        first_id: data.length > 0 ? (idOf(data[0]) ?? null) : null,
        last_id: data.length > 0 ? (idOf(data[data.length - 1]) ?? null) : null,
        has_more: matching.length > data.length,
      },
    };
  }
}

export function idOf(entry: unknown): string | undefined {
  return isRecord(entry) && typeof entry['id'] === 'string' ? entry['id'] : undefined;
}

/** An entry whose lifecycle is none of the known ones always passes: it is a test's garbage, served as given. */
function passes(entry: unknown, wanted: ReadonlySet<ModelLifecycle>): boolean {
  const lifecycle = isRecord(entry) ? entry['lifecycle'] : undefined;
  const known = MODEL_LIFECYCLES.find((l) => l === lifecycle);
  return known === undefined || wanted.has(known);
}

/** created_at descending, then id ascending; entries without a usable date go last, in the order given. */
function newestFirst(entries: unknown[]): unknown[] {
  const time = (entry: unknown): number => {
    const created = isRecord(entry) ? entry['created_at'] : undefined;
    const ms = typeof created === 'string' ? Date.parse(created) : NaN;
    return Number.isNaN(ms) ? -Infinity : ms;
  };
  const keyed = entries.map((entry) => ({ entry, time: time(entry), id: idOf(entry) ?? '' }));
  keyed.sort((a, b) => {
    if (a.time !== b.time) return a.time === -Infinity ? 1 : b.time === -Infinity ? -1 : b.time - a.time;
    if (a.time === -Infinity) return 0;
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  });
  return keyed.map((k) => k.entry);
}
