import { z } from 'zod';
import { isRecord, type JsonObject } from '../domain/json';

const date = z.string().refine((s) => !Number.isNaN(Date.parse(s)));
/** Lines beyond today's five will come ("more lines may be added"): any short lower-case word is one. */
const line = z.string().regex(/^[a-z][a-z0-9-]{0,31}$/);

const entrySchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9._:@-]{1,200}$/),
  display_name: z.string().max(200).optional(),
  created_at: date,
  lifecycle: z.enum(['active', 'deprecated', 'retired']),
  line: line.nullable().optional(),
  max_input_tokens: z.int().positive().nullable().optional(),
  max_tokens: z.int().positive().nullable().optional(),
  deprecated_at: date.nullable().optional(),
  retires_at: date.nullable().optional(),
  capabilities: z.custom<JsonObject>(isRecord).nullable().optional(),
});

/** One model as the Models API lists it, checked. */
export type UpstreamModel = z.infer<typeof entrySchema>;

export interface Listing {
  models: UpstreamModel[];
  /** Entries that were not models (missing id, unknown lifecycle, a bad line, a repeated id): skipped and counted. */
  skipped: number;
}

export class ListingError extends Error {
  override readonly name = 'ListingError';
}

/**
 * Reads a listing as the SDK's auto-pagination yields it. Bad entries are skipped and counted, never fatal; a
 * listing longer than `maxModels` (10,000 models, or pagination that never ends) is refused whole, so the last
 * good catalog stays.
 */
export async function readListing(entries: AsyncIterable<unknown>, maxModels: number): Promise<Listing> {
  const models: UpstreamModel[] = [];
  const ids = new Set<string>();
  let skipped = 0;
  let seen = 0;
  for await (const entry of entries) {
    seen += 1;
    if (seen > maxModels) throw new ListingError(`the listing has more than ${maxModels} entries (catalog.max_models); kept the last good catalog`);
    const parsed = entrySchema.safeParse(entry);
    if (!parsed.success || ids.has(parsed.data.id)) {
      skipped += 1;
      continue;
    }
    ids.add(parsed.data.id);
    models.push(parsed.data);
  }
  if (models.length === 0) throw new ListingError(`the listing has no usable model (${skipped} entries skipped); kept the last good catalog`);
  return { models, skipped };
}
