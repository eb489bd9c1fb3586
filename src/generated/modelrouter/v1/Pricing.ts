// Original file: proto/modelrouter/v1/model_router.proto


/**
 * Pricing is in US dollars per million tokens.
 */
export interface Pricing {
  /**
   * Base input tokens.
   */
  'input_per_mtok'?: (number | string);
  /**
   * Output tokens.
   */
  'output_per_mtok'?: (number | string);
  /**
   * Prompt-cache writes with a 5 minute lifetime.
   */
  'cache_write_5m_per_mtok'?: (number | string);
  /**
   * Prompt-cache writes with a 1 hour lifetime.
   */
  'cache_write_1h_per_mtok'?: (number | string);
  /**
   * Prompt-cache hits and refreshes.
   */
  'cache_read_per_mtok'?: (number | string);
}

/**
 * Pricing is in US dollars per million tokens.
 */
export interface Pricing__Output {
  /**
   * Base input tokens.
   */
  'input_per_mtok': (number);
  /**
   * Output tokens.
   */
  'output_per_mtok': (number);
  /**
   * Prompt-cache writes with a 5 minute lifetime.
   */
  'cache_write_5m_per_mtok': (number);
  /**
   * Prompt-cache writes with a 1 hour lifetime.
   */
  'cache_write_1h_per_mtok': (number);
  /**
   * Prompt-cache hits and refreshes.
   */
  'cache_read_per_mtok': (number);
}
