import type { Lifecycle, ModelConfig, PricingConfig } from '../config/schema';
import type { JsonObject } from '../domain/json';

export type { Lifecycle };

/** The largest window the context-1m beta opens. */
export const LONG_CONTEXT_WINDOW = 1_000_000;

/** One model as routing sees it: upstream's facts (when the catalog is live) merged with the config's. */
export interface CatalogModel {
  readonly id: string;
  readonly display_name: string;
  /** RFC 3339 release time; newest first is the Models API's order, and `family:<line>` picks by it. */
  readonly created_at: string;
  readonly aliases: readonly string[];
  /** The model line (haiku, sonnet, opus, ...), as upstream reports it; null when the model belongs to none. */
  readonly line: string | null;
  /** The line, or "other": what ListModels has always called the family. */
  readonly family: string;
  readonly lifecycle: Lifecycle;
  /** Not active: family selectors skip it; named explicitly it still answers (until retired). */
  readonly deprecated: boolean;
  readonly deprecated_at: string | undefined;
  readonly retires_at: string | undefined;
  readonly context_window: number;
  readonly max_output_tokens: number;
  readonly extended_thinking: boolean;
  /** Which `thinking.type` values the model takes. */
  readonly thinking_types: { readonly enabled: boolean; readonly adaptive: boolean };
  readonly vision: boolean;
  readonly pdf_input: boolean;
  readonly context_1m: boolean;
  readonly long_context_pricing: PricingConfig | undefined;
  readonly text_editor: readonly string[];
  /** Continues a final assistant turn: a stream cut mid-answer can be continued on it. */
  readonly prefill: boolean;
  readonly betas: readonly string[];
  readonly forbids_temperature_with_top_p: boolean;
  readonly bedrock_id: string | undefined;
  readonly vertex_id: string | undefined;
  readonly pricing: PricingConfig;
  /** Bedrock's or Vertex's own price, where the config gives one. */
  readonly provider_pricing: { bedrock?: PricingConfig | undefined; vertex?: PricingConfig | undefined } | undefined;
  /** No price in the config: priced as the newest priced model of its line, and said so. */
  readonly price_estimated: boolean;
  /** Upstream's capabilities object as the Models API reports it, when live. */
  readonly capabilities: JsonObject | undefined;
}

/** A model of the config, as the catalog holds it when upstream has not said otherwise. */
export function fromConfig(config: ModelConfig): CatalogModel {
  const lifecycle: Lifecycle = config.lifecycle ?? (config.deprecated ? 'deprecated' : 'active');
  return {
    id: config.id,
    display_name: config.display_name,
    created_at: config.created_at,
    aliases: config.aliases,
    line: config.family,
    family: config.family,
    lifecycle,
    deprecated: lifecycle !== 'active',
    deprecated_at: config.deprecated_at,
    retires_at: config.retires_at,
    context_window: config.context_window,
    max_output_tokens: config.max_output_tokens,
    extended_thinking: config.extended_thinking,
    thinking_types: { enabled: config.extended_thinking, adaptive: false },
    vision: config.vision,
    pdf_input: config.pdf_input,
    context_1m: config.context_1m,
    long_context_pricing: config.long_context_pricing,
    text_editor: config.text_editor,
    prefill: config.prefill,
    betas: config.betas,
    forbids_temperature_with_top_p: config.forbids_temperature_with_top_p,
    bedrock_id: config.bedrock_id,
    vertex_id: config.vertex_id,
    pricing: config.pricing,
    provider_pricing: config.provider_pricing,
    price_estimated: false,
    capabilities: undefined,
  };
}
