// Original file: proto/modelrouter/v1/model_router.proto


/**
 * RouteDecision says which model would serve a request.
 */
export interface RouteDecision {
  /**
   * The task the request would be routed as.
   */
  'task'?: (string);
  /**
   * The model that would be tried first.
   */
  'model'?: (string);
  /**
   * The models that would be tried next, in order.
   */
  'fallbacks'?: (string)[];
  /**
   * Why, in words.
   */
  'reason'?: (string);
}

/**
 * RouteDecision says which model would serve a request.
 */
export interface RouteDecision__Output {
  /**
   * The task the request would be routed as.
   */
  'task': (string);
  /**
   * The model that would be tried first.
   */
  'model': (string);
  /**
   * The models that would be tried next, in order.
   */
  'fallbacks': (string)[];
  /**
   * Why, in words.
   */
  'reason': (string);
}
