// Original file: proto/modelrouter/v1/model_router.proto

import type { CompleteResponse as _modelrouter_v1_CompleteResponse, CompleteResponse__Output as _modelrouter_v1_CompleteResponse__Output } from '../../modelrouter/v1/CompleteResponse';

/**
 * CompleteChunk is one event of a streamed answer.
 */
export interface CompleteChunk {
  /**
   * The next piece of the answer's text.
   */
  'text_delta'?: (string);
  /**
   * The final chunk: the whole response (text included).
   */
  'done'?: (_modelrouter_v1_CompleteResponse | null);
  /**
   * The next piece of extended-thinking text.
   */
  'thinking_delta'?: (string);
  /**
   * What this chunk carries.
   */
  'event'?: "text_delta"|"done"|"thinking_delta";
}

/**
 * CompleteChunk is one event of a streamed answer.
 */
export interface CompleteChunk__Output {
  /**
   * The next piece of the answer's text.
   */
  'text_delta'?: (string);
  /**
   * The final chunk: the whole response (text included).
   */
  'done'?: (_modelrouter_v1_CompleteResponse__Output | null);
  /**
   * The next piece of extended-thinking text.
   */
  'thinking_delta'?: (string);
  /**
   * What this chunk carries.
   */
  'event'?: "text_delta"|"done"|"thinking_delta";
}
