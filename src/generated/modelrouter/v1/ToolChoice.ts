// Original file: proto/modelrouter/v1/model_router.proto


/**
 * ToolChoice says whether and which tool the model must call.
 */
export interface ToolChoice {
  /**
   * auto | any | tool | none
   */
  'type'?: (string);
  /**
   * The tool to call, when type is "tool".
   */
  'name'?: (string);
  /**
   * At most one tool call per answer.
   */
  'disable_parallel_tool_use'?: (boolean);
}

/**
 * ToolChoice says whether and which tool the model must call.
 */
export interface ToolChoice__Output {
  /**
   * auto | any | tool | none
   */
  'type': (string);
  /**
   * The tool to call, when type is "tool".
   */
  'name': (string);
  /**
   * At most one tool call per answer.
   */
  'disable_parallel_tool_use': (boolean);
}
