// Original file: proto/modelrouter/v1/model_router.proto

import type { Long } from '@grpc/proto-loader';

/**
 * Usage counts tokens as Anthropic reports them.
 */
export interface Usage {
  /**
   * Input tokens billed at the base rate.
   */
  'input_tokens'?: (number | string | Long);
  /**
   * Output tokens.
   */
  'output_tokens'?: (number | string | Long);
  /**
   * Input tokens read from the prompt cache.
   */
  'cache_read_input_tokens'?: (number | string | Long);
  /**
   * Input tokens written to the prompt cache.
   */
  'cache_creation_input_tokens'?: (number | string | Long);
}

/**
 * Usage counts tokens as Anthropic reports them.
 */
export interface Usage__Output {
  /**
   * Input tokens billed at the base rate.
   */
  'input_tokens': (string);
  /**
   * Output tokens.
   */
  'output_tokens': (string);
  /**
   * Input tokens read from the prompt cache.
   */
  'cache_read_input_tokens': (string);
  /**
   * Input tokens written to the prompt cache.
   */
  'cache_creation_input_tokens': (string);
}
