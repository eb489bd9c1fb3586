import type { CatalogConfig, ModelConfig, ModelOverride, PricingConfig } from '../config/schema';
import { isRecord, type JsonObject } from '../domain/json';
import { Catalog, type CatalogMeta } from './catalog';
import { fromConfig, type CatalogModel, type Lifecycle } from './model';
import type { UpstreamModel } from './upstreamListing';

const UNKNOWN_WINDOW = 200_000;
const UNKNOWN_MAX_OUTPUT = 8_192;
const NO_PRICE: PricingConfig = { input: 0, output: 0, cache_write_5m: 0, cache_write_1h: 0, cache_read: 0 };

export interface Merged {
  catalog: Catalog;
  /** Where a config override differs from upstream: `<id>.<field>: upstream <x>, config <y>` (logged once). */
  overridden: string[];
}

/**
 * Upstream is the truth for which models exist, their lifecycle, line, limits and capabilities; the config adds what
 * the API does not say (prices, Bedrock/Vertex ids, the 1M window, text editor types, betas), and its
 * `catalog.overrides` win over upstream. A model without a price is priced as the newest priced model of its line.
 */
export function mergeCatalog(
  configModels: readonly ModelConfig[],
  upstream: readonly UpstreamModel[],
  settings: Pick<CatalogConfig, 'overrides' | 'defaults' | 'pin'>,
  meta: Omit<CatalogMeta, 'pins'>,
): Merged {
  const byId = new Map(configModels.map((m) => [m.id, m]));
  const overridden: string[] = [];
  const merged = upstream.map((u) => {
    const config = byId.get(u.id);
    const base = fromUpstream(u, config, settings.defaults);
    const override = settings.overrides[u.id];
    return override ? applyOverride(base, override, overridden) : base;
  });
  return { catalog: new Catalog(priceUnpriced(merged), { ...meta, pins: settings.pin }), overridden };
}

function fromUpstream(u: UpstreamModel, config: ModelConfig | undefined, defaults: CatalogConfig['defaults']): CatalogModel {
  const base = config ? fromConfig(config) : undefined;
  const caps = u.capabilities ?? undefined;
  const line = u.line ?? null;
  const lifecycle: Lifecycle = u.lifecycle;
  const thinking = {
    enabled: supported(caps, 'thinking', 'types', 'enabled') ?? base?.thinking_types.enabled ?? false,
    adaptive: supported(caps, 'thinking', 'types', 'adaptive') ?? base?.thinking_types.adaptive ?? false,
  };
  return {
    id: u.id,
    display_name: u.display_name ?? base?.display_name ?? u.id,
    created_at: u.created_at,
    aliases: base?.aliases ?? [],
    line,
    family: line ?? 'other',
    lifecycle,
    deprecated: lifecycle !== 'active',
    deprecated_at: u.deprecated_at ?? undefined,
    retires_at: u.retires_at ?? undefined,
    context_window: u.max_input_tokens ?? base?.context_window ?? UNKNOWN_WINDOW,
    max_output_tokens: u.max_tokens ?? base?.max_output_tokens ?? UNKNOWN_MAX_OUTPUT,
    extended_thinking: supported(caps, 'thinking') ?? base?.extended_thinking ?? false,
    thinking_types: thinking,
    vision: supported(caps, 'image_input') ?? base?.vision ?? true,
    pdf_input: supported(caps, 'pdf_input') ?? base?.pdf_input ?? true,
    context_1m: base?.context_1m ?? false,
    long_context_pricing: base?.long_context_pricing,
    text_editor: base?.text_editor ?? defaults.text_editor,
    prefill: base?.prefill ?? defaults.prefill,
    betas: base?.betas ?? defaults.betas,
    forbids_temperature_with_top_p: base?.forbids_temperature_with_top_p ?? false,
    bedrock_id: base?.bedrock_id,
    vertex_id: base?.vertex_id,
    pricing: base?.pricing ?? NO_PRICE,
    provider_pricing: base?.provider_pricing,
    price_estimated: base === undefined,
    capabilities: caps,
  };
}

/** `capabilities.<path>.supported`, when upstream says. */
function supported(caps: JsonObject | undefined, ...path: string[]): boolean | undefined {
  let node: unknown = caps;
  for (const key of path) node = isRecord(node) ? node[key] : undefined;
  return isRecord(node) && typeof node['supported'] === 'boolean' ? node['supported'] : undefined;
}

function applyOverride(model: CatalogModel, override: ModelOverride, notes: string[]): CatalogModel {
  const next: Record<string, unknown> = { ...model };
  for (const [key, value] of Object.entries(override)) {
    if (value === undefined) continue;
    const field = key === 'family' ? 'line' : key;
    if (JSON.stringify(next[field]) !== JSON.stringify(value)) {
      notes.push(`${model.id}.${key}: upstream ${(JSON.stringify(next[field]) as string | undefined) ?? 'unset'}, config ${JSON.stringify(value)}`);
    }
    next[field] = value;
  }
  if (override.family !== undefined) next['family'] = override.family;
  if (override.pricing !== undefined) next['price_estimated'] = false;
  const lifecycle: Lifecycle = override.lifecycle ?? (override.deprecated ? 'deprecated' : undefined) ?? model.lifecycle;
  return { ...(next as unknown as CatalogModel), lifecycle, deprecated: lifecycle !== 'active' };
}

/** Models without a price take the newest priced model's of their line (or of any line): an estimate, said so. */
function priceUnpriced(models: CatalogModel[]): CatalogModel[] {
  const priced = models.filter((m) => !m.price_estimated).sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at));
  return models.map((m) => {
    if (!m.price_estimated) return m;
    const like = priced.find((p) => p.line === m.line && m.line !== null) ?? priced[0];
    return { ...m, pricing: like?.pricing ?? NO_PRICE, long_context_pricing: m.long_context_pricing ?? like?.long_context_pricing };
  });
}
