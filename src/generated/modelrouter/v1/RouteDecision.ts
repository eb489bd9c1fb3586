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
   * Why, in words; for an inferred task, the classifier's evidence ("inferred code_generation (0.93): code fence, 'function'").
   */
  'reason'?: (string);
  /**
   * The request named no task (or "auto"): the router's classifier chose `task`.
   */
  'task_inferred'?: (boolean);
  /**
   * The classifier's confidence in its class, 0 to 1 (0 when the task was named); below
   * routing.infer_min_confidence the default task is used.
   */
  'task_confidence'?: (number | string);
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
   * Why, in words; for an inferred task, the classifier's evidence ("inferred code_generation (0.93): code fence, 'function'").
   */
  'reason': (string);
  /**
   * The request named no task (or "auto"): the router's classifier chose `task`.
   */
  'task_inferred': (boolean);
  /**
   * The classifier's confidence in its class, 0 to 1 (0 when the task was named); below
   * routing.infer_min_confidence the default task is used.
   */
  'task_confidence': (number);
}
