// Original file: proto/modelrouter/v1/model_router.proto

import type { Usage as _modelrouter_v1_Usage, Usage__Output as _modelrouter_v1_Usage__Output } from '../../modelrouter/v1/Usage';
import type { Attempt as _modelrouter_v1_Attempt, Attempt__Output as _modelrouter_v1_Attempt__Output } from '../../modelrouter/v1/Attempt';
import type { ContentBlock as _modelrouter_v1_ContentBlock, ContentBlock__Output as _modelrouter_v1_ContentBlock__Output } from '../../modelrouter/v1/ContentBlock';

/**
 * CompleteResponse is the answer and how it was obtained.
 */
export interface CompleteResponse {
  /**
   * Upstream message id.
   */
  'id'?: (string);
  /**
   * The model that served the answer.
   */
  'model'?: (string);
  /**
   * The answer's text.
   */
  'text'?: (string);
  /**
   * end_turn | max_tokens | stop_sequence | refusal | ...
   */
  'stop_reason'?: (string);
  /**
   * Tokens used by the serving call.
   */
  'usage'?: (_modelrouter_v1_Usage | null);
  /**
   * True when served from the response cache, or by joining an identical request already in flight.
   */
  'cached'?: (boolean);
  /**
   * Every step of the fallback chain, in order.
   */
  'attempts'?: (_modelrouter_v1_Attempt)[];
  /**
   * What this call cost in US dollars (0 for a cache hit).
   */
  'cost_usd'?: (number | string);
  /**
   * The task the request was routed as.
   */
  'task'?: (string);
  /**
   * True when a model other than the chain's first served the answer.
   */
  'fallback'?: (boolean);
  /**
   * The extended-thinking text, when thinking was requested.
   */
  'thinking'?: (string);
  /**
   * The whole answer in order: text, thinking (signatures included), tool_use and any other blocks.
   */
  'content'?: (_modelrouter_v1_ContentBlock)[];
  /**
   * The stop sequence that ended the answer, when stop_reason is stop_sequence.
   */
  'stop_sequence'?: (string);
  /**
   * The platform that served the answer: anthropic | bedrock | vertex.
   */
  'provider'?: (string);
  /**
   * The request named no task (or "auto"): the router's classifier chose `task` (routing.infer_task).
   */
  'task_inferred'?: (boolean);
  /**
   * The serving model has no price in the config: cost_usd is estimated from the newest priced model of its line.
   * (Field 14 until provider fallback.)
   */
  'cost_estimated'?: (boolean);
  /**
   * The deployment that served: <model>@<provider>[:<key name or region>].
   */
  'deployment'?: (string);
}

/**
 * CompleteResponse is the answer and how it was obtained.
 */
export interface CompleteResponse__Output {
  /**
   * Upstream message id.
   */
  'id': (string);
  /**
   * The model that served the answer.
   */
  'model': (string);
  /**
   * The answer's text.
   */
  'text': (string);
  /**
   * end_turn | max_tokens | stop_sequence | refusal | ...
   */
  'stop_reason': (string);
  /**
   * Tokens used by the serving call.
   */
  'usage': (_modelrouter_v1_Usage__Output | null);
  /**
   * True when served from the response cache, or by joining an identical request already in flight.
   */
  'cached': (boolean);
  /**
   * Every step of the fallback chain, in order.
   */
  'attempts': (_modelrouter_v1_Attempt__Output)[];
  /**
   * What this call cost in US dollars (0 for a cache hit).
   */
  'cost_usd': (number);
  /**
   * The task the request was routed as.
   */
  'task': (string);
  /**
   * True when a model other than the chain's first served the answer.
   */
  'fallback': (boolean);
  /**
   * The extended-thinking text, when thinking was requested.
   */
  'thinking': (string);
  /**
   * The whole answer in order: text, thinking (signatures included), tool_use and any other blocks.
   */
  'content': (_modelrouter_v1_ContentBlock__Output)[];
  /**
   * The stop sequence that ended the answer, when stop_reason is stop_sequence.
   */
  'stop_sequence': (string);
  /**
   * The platform that served the answer: anthropic | bedrock | vertex.
   */
  'provider': (string);
  /**
   * The request named no task (or "auto"): the router's classifier chose `task` (routing.infer_task).
   */
  'task_inferred': (boolean);
  /**
   * The serving model has no price in the config: cost_usd is estimated from the newest priced model of its line.
   * (Field 14 until provider fallback.)
   */
  'cost_estimated': (boolean);
  /**
   * The deployment that served: <model>@<provider>[:<key name or region>].
   */
  'deployment': (string);
}
