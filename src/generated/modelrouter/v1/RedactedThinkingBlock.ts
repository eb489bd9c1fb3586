// Original file: proto/modelrouter/v1/model_router.proto


/**
 * RedactedThinkingBlock is thinking the API encrypted; send it back unchanged.
 */
export interface RedactedThinkingBlock {
  /**
   * Opaque data.
   */
  'data'?: (string);
}

/**
 * RedactedThinkingBlock is thinking the API encrypted; send it back unchanged.
 */
export interface RedactedThinkingBlock__Output {
  /**
   * Opaque data.
   */
  'data': (string);
}
