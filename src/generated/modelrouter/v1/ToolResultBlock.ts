// Original file: proto/modelrouter/v1/model_router.proto

import type { ContentBlock as _modelrouter_v1_ContentBlock, ContentBlock__Output as _modelrouter_v1_ContentBlock__Output } from '../../modelrouter/v1/ContentBlock';

/**
 * ToolResultBlock answers a tool call.
 */
export interface ToolResultBlock {
  /**
   * The id of the ToolUseBlock it answers.
   */
  'tool_use_id'?: (string);
  /**
   * The result (text, image or document blocks).
   */
  'content'?: (_modelrouter_v1_ContentBlock)[];
  /**
   * Whether the tool failed.
   */
  'is_error'?: (boolean);
}

/**
 * ToolResultBlock answers a tool call.
 */
export interface ToolResultBlock__Output {
  /**
   * The id of the ToolUseBlock it answers.
   */
  'tool_use_id': (string);
  /**
   * The result (text, image or document blocks).
   */
  'content': (_modelrouter_v1_ContentBlock__Output)[];
  /**
   * Whether the tool failed.
   */
  'is_error': (boolean);
}
