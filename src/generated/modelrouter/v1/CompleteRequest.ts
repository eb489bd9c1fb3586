// Original file: proto/modelrouter/v1/model_router.proto

import type { Message as _modelrouter_v1_Message, Message__Output as _modelrouter_v1_Message__Output } from '../../modelrouter/v1/Message';
import type { CacheMode as _modelrouter_v1_CacheMode, CacheMode__Output as _modelrouter_v1_CacheMode__Output } from '../../modelrouter/v1/CacheMode';
import type { ContentBlock as _modelrouter_v1_ContentBlock, ContentBlock__Output as _modelrouter_v1_ContentBlock__Output } from '../../modelrouter/v1/ContentBlock';
import type { Tool as _modelrouter_v1_Tool, Tool__Output as _modelrouter_v1_Tool__Output } from '../../modelrouter/v1/Tool';
import type { ToolChoice as _modelrouter_v1_ToolChoice, ToolChoice__Output as _modelrouter_v1_ToolChoice__Output } from '../../modelrouter/v1/ToolChoice';
import type { Struct as _google_protobuf_Struct, Struct__Output as _google_protobuf_Struct__Output } from '../../google/protobuf/Struct';

/**
 * CompleteRequest is a task-typed completion request.
 */
export interface CompleteRequest {
  /**
   * Policy task (e.g. simple_qa, code_generation, complex_reasoning, general). Empty or "auto": the router
   * infers it from the request (routing.infer_task; unsure: the default task).
   * At most 128 characters.
   */
  'task'?: (string);
  /**
   * Explicit model id or alias. Overrides the policy: only this model is tried. At most 256 characters.
   */
  'model'?: (string);
  /**
   * System prompt.
   */
  'system'?: (string);
  /**
   * The conversation, oldest first; at least one message, at most limits.max_messages (10,000).
   */
  'messages'?: (_modelrouter_v1_Message)[];
  /**
   * Upper bound on output tokens. 0 means the configured default, capped at the model's max output.
   */
  'max_tokens'?: (number);
  /**
   * Sampling temperature in [0, 1].
   */
  'temperature'?: (number | string);
  /**
   * Nucleus sampling in [0, 1].
   */
  'top_p'?: (number | string);
  /**
   * Custom stop sequences: at most limits.max_stop_sequences (256), each at most 1,000 characters.
   */
  'stop_sequences'?: (string)[];
  /**
   * Extended thinking budget in tokens; 0 disables thinking.
   */
  'thinking_budget_tokens'?: (number);
  /**
   * How this request uses the response cache.
   */
  'cache'?: (_modelrouter_v1_CacheMode);
  /**
   * Labels (team, feature, ...) copied into the request log: at most 16, keys up to 64 and values up to 256 characters.
   */
  'labels'?: ({[key: string]: string});
  /**
   * System prompt as blocks (e.g. with cache_control); when set, system must be empty.
   */
  'system_blocks'?: (_modelrouter_v1_ContentBlock)[];
  /**
   * Tools the model may call: at most limits.max_tools (1,000).
   */
  'tools'?: (_modelrouter_v1_Tool)[];
  /**
   * Whether and which tool the model must call.
   */
  'tool_choice'?: (_modelrouter_v1_ToolChoice | null);
  /**
   * Only sample from the top K options for each token.
   */
  'top_k'?: (number);
  /**
   * metadata.user_id: an opaque id of the end user, for Anthropic's abuse detection.
   */
  'user_id'?: (string);
  /**
   * anthropic-beta values, e.g. "context-1m-2025-08-07".
   */
  'betas'?: (string)[];
  /**
   * Top-level Messages API fields the proto lacks, merged into the upstream body. A field also set above (or
   * model, messages, stream) is refused with INVALID_ARGUMENT.
   */
  'extra'?: (_google_protobuf_Struct | null);
  /**
   * A stream cut mid-answer that cannot be continued may start over on the next model: a `restart` chunk tells the
   * caller to drop what it got, then the whole answer comes again. Off by default (then: a clean UNAVAILABLE).
   */
  'stream_restart'?: (boolean);
  '_temperature'?: "temperature";
  '_top_p'?: "top_p";
  '_top_k'?: "top_k";
}

/**
 * CompleteRequest is a task-typed completion request.
 */
export interface CompleteRequest__Output {
  /**
   * Policy task (e.g. simple_qa, code_generation, complex_reasoning, general). Empty or "auto": the router
   * infers it from the request (routing.infer_task; unsure: the default task).
   * At most 128 characters.
   */
  'task': (string);
  /**
   * Explicit model id or alias. Overrides the policy: only this model is tried. At most 256 characters.
   */
  'model': (string);
  /**
   * System prompt.
   */
  'system': (string);
  /**
   * The conversation, oldest first; at least one message, at most limits.max_messages (10,000).
   */
  'messages': (_modelrouter_v1_Message__Output)[];
  /**
   * Upper bound on output tokens. 0 means the configured default, capped at the model's max output.
   */
  'max_tokens': (number);
  /**
   * Sampling temperature in [0, 1].
   */
  'temperature'?: (number);
  /**
   * Nucleus sampling in [0, 1].
   */
  'top_p'?: (number);
  /**
   * Custom stop sequences: at most limits.max_stop_sequences (256), each at most 1,000 characters.
   */
  'stop_sequences': (string)[];
  /**
   * Extended thinking budget in tokens; 0 disables thinking.
   */
  'thinking_budget_tokens': (number);
  /**
   * How this request uses the response cache.
   */
  'cache': (_modelrouter_v1_CacheMode__Output);
  /**
   * Labels (team, feature, ...) copied into the request log: at most 16, keys up to 64 and values up to 256 characters.
   */
  'labels': ({[key: string]: string});
  /**
   * System prompt as blocks (e.g. with cache_control); when set, system must be empty.
   */
  'system_blocks': (_modelrouter_v1_ContentBlock__Output)[];
  /**
   * Tools the model may call: at most limits.max_tools (1,000).
   */
  'tools': (_modelrouter_v1_Tool__Output)[];
  /**
   * Whether and which tool the model must call.
   */
  'tool_choice': (_modelrouter_v1_ToolChoice__Output | null);
  /**
   * Only sample from the top K options for each token.
   */
  'top_k'?: (number);
  /**
   * metadata.user_id: an opaque id of the end user, for Anthropic's abuse detection.
   */
  'user_id': (string);
  /**
   * anthropic-beta values, e.g. "context-1m-2025-08-07".
   */
  'betas': (string)[];
  /**
   * Top-level Messages API fields the proto lacks, merged into the upstream body. A field also set above (or
   * model, messages, stream) is refused with INVALID_ARGUMENT.
   */
  'extra': (_google_protobuf_Struct__Output | null);
  /**
   * A stream cut mid-answer that cannot be continued may start over on the next model: a `restart` chunk tells the
   * caller to drop what it got, then the whole answer comes again. Off by default (then: a clean UNAVAILABLE).
   */
  'stream_restart': (boolean);
  '_temperature'?: "temperature";
  '_top_p'?: "top_p";
  '_top_k'?: "top_k";
}
