// Original file: proto/modelrouter/v1/model_router.proto

import type { Pricing as _modelrouter_v1_Pricing, Pricing__Output as _modelrouter_v1_Pricing__Output } from '../../modelrouter/v1/Pricing';
import type { Struct as _google_protobuf_Struct, Struct__Output as _google_protobuf_Struct__Output } from '../../google/protobuf/Struct';
import type { Deployment as _modelrouter_v1_Deployment, Deployment__Output as _modelrouter_v1_Deployment__Output } from '../../modelrouter/v1/Deployment';

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
   * haiku | sonnet | opus | ... (the line; "other" when the model belongs to none)
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
   * Whether the model is deprecated or retired; family selectors skip it.
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
  /**
   * active | deprecated | retired, as the Models API reports it.
   */
  'lifecycle'?: (string);
  /**
   * The model line (haiku, sonnet, opus, fable, mythos, ...); empty when the model belongs to none.
   */
  'line'?: (string);
  /**
   * RFC 3339 time of the model's deprecation, when deprecated or retired.
   */
  'deprecated_at'?: (string);
  /**
   * Whether PDF documents are supported.
   */
  'pdf_input'?: (boolean);
  /**
   * No price in the config: the pricing shown is the newest priced model's of the same line.
   */
  'price_estimated'?: (boolean);
  /**
   * The Models API's capabilities object, as upstream reports it (empty when the catalog is the config alone).
   */
  'capabilities'?: (_google_protobuf_Struct | null);
  /**
   * Where the model can be called (platform, key or region), each with its own circuit; circuit_state above is
   * closed while any of them is.
   */
  'deployments'?: (_modelrouter_v1_Deployment)[];
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
   * haiku | sonnet | opus | ... (the line; "other" when the model belongs to none)
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
   * Whether the model is deprecated or retired; family selectors skip it.
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
  /**
   * active | deprecated | retired, as the Models API reports it.
   */
  'lifecycle': (string);
  /**
   * The model line (haiku, sonnet, opus, fable, mythos, ...); empty when the model belongs to none.
   */
  'line': (string);
  /**
   * RFC 3339 time of the model's deprecation, when deprecated or retired.
   */
  'deprecated_at': (string);
  /**
   * Whether PDF documents are supported.
   */
  'pdf_input': (boolean);
  /**
   * No price in the config: the pricing shown is the newest priced model's of the same line.
   */
  'price_estimated': (boolean);
  /**
   * The Models API's capabilities object, as upstream reports it (empty when the catalog is the config alone).
   */
  'capabilities': (_google_protobuf_Struct__Output | null);
  /**
   * Where the model can be called (platform, key or region), each with its own circuit; circuit_state above is
   * closed while any of them is.
   */
  'deployments': (_modelrouter_v1_Deployment__Output)[];
}
