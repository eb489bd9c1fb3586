// Original file: proto/modelrouter/v1/model_router.proto

import type { Pricing as _modelrouter_v1_Pricing, Pricing__Output as _modelrouter_v1_Pricing__Output } from '../../modelrouter/v1/Pricing';

/**
 * Model describes one catalog entry.
 */
export interface Model {
  /**
   * Model id, e.g. claude-sonnet-4-20250514.
   */
  'id'?: (string);
  /**
   * Always "model".
   */
  'type'?: (string);
  /**
   * Human-readable name.
   */
  'display_name'?: (string);
  /**
   * RFC 3339 release time.
   */
  'created_at'?: (string);
  /**
   * Aliases that resolve to this id.
   */
  'aliases'?: (string)[];
  /**
   * haiku | sonnet | opus
   */
  'family'?: (string);
  /**
   * Context window in tokens.
   */
  'context_window'?: (number);
  /**
   * Largest max_tokens the model accepts.
   */
  'max_output_tokens'?: (number);
  /**
   * Whether extended thinking is supported.
   */
  'extended_thinking'?: (boolean);
  /**
   * closed | open | half_open
   */
  'circuit_state'?: (string);
  /**
   * Price per million tokens.
   */
  'pricing'?: (_modelrouter_v1_Pricing | null);
  /**
   * Whether image input is supported.
   */
  'vision'?: (boolean);
  /**
   * Whether the model is deprecated; family selectors skip deprecated models.
   */
  'deprecated'?: (boolean);
  /**
   * RFC 3339 date the model stops being served, when announced.
   */
  'retires_at'?: (string);
  /**
   * AWS Bedrock model id, when published.
   */
  'bedrock_id'?: (string);
  /**
   * GCP Vertex AI model id, when published.
   */
  'vertex_id'?: (string);
}

/**
 * Model describes one catalog entry.
 */
export interface Model__Output {
  /**
   * Model id, e.g. claude-sonnet-4-20250514.
   */
  'id': (string);
  /**
   * Always "model".
   */
  'type': (string);
  /**
   * Human-readable name.
   */
  'display_name': (string);
  /**
   * RFC 3339 release time.
   */
  'created_at': (string);
  /**
   * Aliases that resolve to this id.
   */
  'aliases': (string)[];
  /**
   * haiku | sonnet | opus
   */
  'family': (string);
  /**
   * Context window in tokens.
   */
  'context_window': (number);
  /**
   * Largest max_tokens the model accepts.
   */
  'max_output_tokens': (number);
  /**
   * Whether extended thinking is supported.
   */
  'extended_thinking': (boolean);
  /**
   * closed | open | half_open
   */
  'circuit_state': (string);
  /**
   * Price per million tokens.
   */
  'pricing': (_modelrouter_v1_Pricing__Output | null);
  /**
   * Whether image input is supported.
   */
  'vision': (boolean);
  /**
   * Whether the model is deprecated; family selectors skip deprecated models.
   */
  'deprecated': (boolean);
  /**
   * RFC 3339 date the model stops being served, when announced.
   */
  'retires_at': (string);
  /**
   * AWS Bedrock model id, when published.
   */
  'bedrock_id': (string);
  /**
   * GCP Vertex AI model id, when published.
   */
  'vertex_id': (string);
}
