// Original file: proto/modelrouter/v1/model_router.proto

import type { Struct as _google_protobuf_Struct, Struct__Output as _google_protobuf_Struct__Output } from '../../google/protobuf/Struct';

/**
 * ToolUseBlock is the model calling a tool (in an answer, and in the history sent back).
 */
export interface ToolUseBlock {
  /**
   * Tool call id, echoed by the matching ToolResultBlock.
   */
  'id'?: (string);
  /**
   * The tool's name.
   */
  'name'?: (string);
  /**
   * The tool's input, a JSON object.
   */
  'input'?: (_google_protobuf_Struct | null);
}

/**
 * ToolUseBlock is the model calling a tool (in an answer, and in the history sent back).
 */
export interface ToolUseBlock__Output {
  /**
   * Tool call id, echoed by the matching ToolResultBlock.
   */
  'id': (string);
  /**
   * The tool's name.
   */
  'name': (string);
  /**
   * The tool's input, a JSON object.
   */
  'input': (_google_protobuf_Struct__Output | null);
}
