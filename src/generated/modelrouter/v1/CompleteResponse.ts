// Original file: proto/modelrouter/v1/model_router.proto

import type { Usage as _modelrouter_v1_Usage, Usage__Output as _modelrouter_v1_Usage__Output } from '../../modelrouter/v1/Usage';
import type { Attempt as _modelrouter_v1_Attempt, Attempt__Output as _modelrouter_v1_Attempt__Output } from '../../modelrouter/v1/Attempt';

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
}
