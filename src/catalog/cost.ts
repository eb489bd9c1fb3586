import type { PricingConfig } from '../config/schema';

export interface TokenUsage {
  input_tokens: number;
  output_tokens: number;
  cache_read_input_tokens: number;
  cache_creation_input_tokens: number;
}

const PER_MILLION = 1_000_000;

/**
 * US dollars for one call. Prompt-cache writes are priced at the 5-minute rate: that is the API's default
 * lifetime, and the usage block does not say which lifetime was written.
 */
export function costUsd(usage: TokenUsage, price: PricingConfig): number {
  const micros =
    usage.input_tokens * price.input +
    usage.output_tokens * price.output +
    usage.cache_read_input_tokens * price.cache_read +
    usage.cache_creation_input_tokens * price.cache_write_5m;
  // Round to 1e-10 USD so sums of float prices do not print as 0.0034500000000000004.
  return Math.round((micros / PER_MILLION) * 1e10) / 1e10;
}
