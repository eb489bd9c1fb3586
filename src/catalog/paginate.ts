import { invalidRequest } from '../domain/routerError';
import type { Catalog, CatalogModel } from './catalog';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 1000;

export interface PageRequest {
  after_id: string;
  before_id: string;
  limit: number;
}

export interface Page {
  data: readonly CatalogModel[];
  first_id: string;
  last_id: string;
  has_more: boolean;
}

/** Cursor pagination exactly as Anthropic's Models API: newest first, `after_id` / `before_id`, `has_more`. */
export function paginate(catalog: Catalog, request: PageRequest): Page {
  const limit = request.limit === 0 ? DEFAULT_PAGE_SIZE : request.limit;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw invalidRequest(`limit must be between 1 and ${MAX_PAGE_SIZE} (got ${request.limit})`);
  }
  if (request.after_id && request.before_id) {
    throw invalidRequest('give after_id or before_id, not both');
  }
  const all = catalog.models;
  let start: number;
  let end: number;
  let hasMore: boolean;
  if (request.before_id) {
    end = cursorIndex(all, request.before_id, 'before_id');
    start = Math.max(0, end - limit);
    hasMore = start > 0;
  } else {
    start = request.after_id ? cursorIndex(all, request.after_id, 'after_id') + 1 : 0;
    end = Math.min(all.length, start + limit);
    hasMore = end < all.length;
  }
  const data = all.slice(start, end);
  return { data, first_id: data[0]?.id ?? '', last_id: data[data.length - 1]?.id ?? '', has_more: hasMore };
}

function cursorIndex(models: readonly CatalogModel[], cursor: string, field: string): number {
  const index = models.findIndex((m) => m.id === cursor || m.aliases.includes(cursor));
  if (index < 0) throw invalidRequest(`${field} '${cursor}' is not a model id in the catalog`);
  return index;
}
