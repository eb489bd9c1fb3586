// Original file: proto/modelrouter/v1/model_router.proto


/**
 * ThinkingBlock is extended thinking; send it back unchanged (signature included) in later turns.
 */
export interface ThinkingBlock {
  /**
   * The thinking text.
   */
  'thinking'?: (string);
  /**
   * Signature that proves the thinking came from the model.
   */
  'signature'?: (string);
}

/**
 * ThinkingBlock is extended thinking; send it back unchanged (signature included) in later turns.
 */
export interface ThinkingBlock__Output {
  /**
   * The thinking text.
   */
  'thinking': (string);
  /**
   * Signature that proves the thinking came from the model.
   */
  'signature': (string);
}
