// Original file: proto/modelrouter/v1/model_router.proto


/**
 * CacheControl marks a prompt-cache breakpoint (Anthropic prompt caching).
 */
export interface CacheControl {
  /**
   * "ephemeral".
   */
  'type'?: (string);
  /**
   * "" (the API's default, 5 minutes), "5m" or "1h".
   */
  'ttl'?: (string);
}

/**
 * CacheControl marks a prompt-cache breakpoint (Anthropic prompt caching).
 */
export interface CacheControl__Output {
  /**
   * "ephemeral".
   */
  'type': (string);
  /**
   * "" (the API's default, 5 minutes), "5m" or "1h".
   */
  'ttl': (string);
}
