// Original file: proto/modelrouter/v1/model_router.proto

import type { Struct as _google_protobuf_Struct, Struct__Output as _google_protobuf_Struct__Output } from '../../google/protobuf/Struct';
import type { CacheControl as _modelrouter_v1_CacheControl, CacheControl__Output as _modelrouter_v1_CacheControl__Output } from '../../modelrouter/v1/CacheControl';

/**
 * Tool is a tool the model may call.
 */
export interface Tool {
  /**
   * The tool's name.
   */
  'name'?: (string);
  /**
   * What the tool does (custom tools).
   */
  'description'?: (string);
  /**
   * JSON Schema of the tool's input (custom tools).
   */
  'input_schema'?: (_google_protobuf_Struct | null);
  /**
   * "" for a custom tool; else an Anthropic tool type such as text_editor_20250429.
   */
  'type'?: (string);
  /**
   * Extra fields of that tool type (e.g. max_characters), passed through.
   */
  'options'?: (_google_protobuf_Struct | null);
  /**
   * Prompt-cache breakpoint after the tools up to this one.
   */
  'cache_control'?: (_modelrouter_v1_CacheControl | null);
}

/**
 * Tool is a tool the model may call.
 */
export interface Tool__Output {
  /**
   * The tool's name.
   */
  'name': (string);
  /**
   * What the tool does (custom tools).
   */
  'description': (string);
  /**
   * JSON Schema of the tool's input (custom tools).
   */
  'input_schema': (_google_protobuf_Struct__Output | null);
  /**
   * "" for a custom tool; else an Anthropic tool type such as text_editor_20250429.
   */
  'type': (string);
  /**
   * Extra fields of that tool type (e.g. max_characters), passed through.
   */
  'options': (_google_protobuf_Struct__Output | null);
  /**
   * Prompt-cache breakpoint after the tools up to this one.
   */
  'cache_control': (_modelrouter_v1_CacheControl__Output | null);
}
