// Original file: proto/modelrouter/v1/model_router.proto

import type { Message as _modelrouter_v1_Message, Message__Output as _modelrouter_v1_Message__Output } from '../../modelrouter/v1/Message';
import type { CacheMode as _modelrouter_v1_CacheMode, CacheMode__Output as _modelrouter_v1_CacheMode__Output } from '../../modelrouter/v1/CacheMode';

/**
 * CompleteRequest is a task-typed completion request.
 */
export interface CompleteRequest {
  /**
   * Policy task (e.g. simple_qa, code_generation, complex_reasoning, general). Empty means the default task.
   */
  'task'?: (string);
  /**
   * Explicit model id or alias. Overrides the policy: only this model is tried.
   */
  'model'?: (string);
  /**
   * System prompt.
   */
  'system'?: (string);
  /**
   * The conversation, oldest first; at least one message.
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
   * Custom stop sequences.
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
  '_temperature'?: "temperature";
  '_top_p'?: "top_p";
}

/**
 * CompleteRequest is a task-typed completion request.
 */
export interface CompleteRequest__Output {
  /**
   * Policy task (e.g. simple_qa, code_generation, complex_reasoning, general). Empty means the default task.
   */
  'task': (string);
  /**
   * Explicit model id or alias. Overrides the policy: only this model is tried.
   */
  'model': (string);
  /**
   * System prompt.
   */
  'system': (string);
  /**
   * The conversation, oldest first; at least one message.
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
   * Custom stop sequences.
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
  '_temperature'?: "temperature";
  '_top_p'?: "top_p";
}
