import type { Usage } from '../domain/messages';
import type { ModelConfig, PricingConfig } from '../config/schema';

const PER_MILLION = 1_000_000;
/** Above this many input tokens a 1M-window call is billed at the long-context rates, all of its tokens. */
export const LONG_CONTEXT_THRESHOLD = 200_000;

/** Total input of a call: base, cache reads and cache writes. */
export function totalInputTokens(usage: Usage): number {
  return usage.input_tokens + usage.cache_read_input_tokens + usage.cache_creation_input_tokens;
}

/**
 * US dollars for one call. Cache writes are priced by lifetime when upstream reports the split (`cache_creation`),
 * else at the 5-minute rate, the API's default. A call whose input exceeds 200k tokens on a model with
 * long-context prices is priced at those, as Anthropic bills the 1M window.
 */
export function costUsd(usage: Usage, model: Pick<ModelConfig, 'pricing' | 'long_context_pricing'>): number {
  const price: PricingConfig = model.long_context_pricing && totalInputTokens(usage) > LONG_CONTEXT_THRESHOLD ? model.long_context_pricing : model.pricing;
  const split = usage.cache_creation;
  const writes1h = split ? split.ephemeral_1h_input_tokens : 0;
  const writes5m = usage.cache_creation_input_tokens - writes1h;
  const micros =
    usage.input_tokens * price.input +
    usage.output_tokens * price.output +
    usage.cache_read_input_tokens * price.cache_read +
    writes5m * price.cache_write_5m +
    writes1h * price.cache_write_1h;
  // Round to 1e-10 USD so sums of float prices do not print as 0.0034500000000000004.
  return Math.round((micros / PER_MILLION) * 1e10) / 1e10;
}
