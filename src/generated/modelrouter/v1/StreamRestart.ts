// Original file: proto/modelrouter/v1/model_router.proto


/**
 * StreamRestart says the answer starts over.
 */
export interface StreamRestart {
  /**
   * Why: what cut the first answer.
   */
  'reason'?: (string);
  /**
   * The model that answers now.
   */
  'model'?: (string);
}

/**
 * StreamRestart says the answer starts over.
 */
export interface StreamRestart__Output {
  /**
   * Why: what cut the first answer.
   */
  'reason': (string);
  /**
   * The model that answers now.
   */
  'model': (string);
}
