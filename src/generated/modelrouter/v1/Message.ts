// Original file: proto/modelrouter/v1/model_router.proto

import type { ContentBlock as _modelrouter_v1_ContentBlock, ContentBlock__Output as _modelrouter_v1_ContentBlock__Output } from '../../modelrouter/v1/ContentBlock';

/**
 * Message is one conversation turn.
 */
export interface Message {
  /**
   * "user" or "assistant".
   */
  'role'?: (string);
  /**
   * The turn's text (a text-only turn). Leave empty when blocks are set.
   */
  'content'?: (string);
  /**
   * The turn's content blocks; when set, content must be empty.
   */
  'blocks'?: (_modelrouter_v1_ContentBlock)[];
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
   * The turn's text (a text-only turn). Leave empty when blocks are set.
   */
  'content': (string);
  /**
   * The turn's content blocks; when set, content must be empty.
   */
  'blocks': (_modelrouter_v1_ContentBlock__Output)[];
}
