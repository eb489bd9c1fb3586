// Original file: proto/modelrouter/v1/model_router.proto


/**
 * Message is one conversation turn.
 */
export interface Message {
  /**
   * "user" or "assistant".
   */
  'role'?: (string);
  /**
   * The turn's text.
   */
  'content'?: (string);
}

/**
 * Message is one conversation turn.
 */
export interface Message__Output {
  /**
   * "user" or "assistant".
   */
  'role': (string);
  /**
   * The turn's text.
   */
  'content': (string);
}
