// Original file: proto/modelrouter/v1/model_router.proto

import type { CompleteResponse as _modelrouter_v1_CompleteResponse, CompleteResponse__Output as _modelrouter_v1_CompleteResponse__Output } from '../../modelrouter/v1/CompleteResponse';
import type { ContentBlock as _modelrouter_v1_ContentBlock, ContentBlock__Output as _modelrouter_v1_ContentBlock__Output } from '../../modelrouter/v1/ContentBlock';
import type { Empty as _google_protobuf_Empty, Empty__Output as _google_protobuf_Empty__Output } from '../../google/protobuf/Empty';
import type { StreamRestart as _modelrouter_v1_StreamRestart, StreamRestart__Output as _modelrouter_v1_StreamRestart__Output } from '../../modelrouter/v1/StreamRestart';

/**
 * CompleteChunk is one event of a streamed answer.
 */
export interface CompleteChunk {
  /**
   * The next piece of the text block at `index`.
   */
  'text_delta'?: (string);
  /**
   * The final chunk: the whole response (text and content included).
   */
  'done'?: (_modelrouter_v1_CompleteResponse | null);
  /**
   * The next piece of the thinking block at `index`.
   */
  'thinking_delta'?: (string);
  /**
   * A block begins at `index`; tool_use carries id and name, text and thinking are empty.
   */
  'block_start'?: (_modelrouter_v1_ContentBlock | null);
  /**
   * The next piece of the input JSON of the tool_use block at `index`.
   */
  'input_json_delta'?: (string);
  /**
   * The signature of the thinking block at `index`.
   */
  'signature_delta'?: (string);
  /**
   * The block at `index` is complete.
   */
  'block_stop'?: (_google_protobuf_Empty | null);
  /**
   * The content block the event belongs to.
   */
  'index'?: (number);
  /**
   * Drop everything received so far: the answer starts over from `model` (only with stream_restart).
   */
  'restart'?: (_modelrouter_v1_StreamRestart | null);
  /**
   * What this chunk carries.
   */
  'event'?: "text_delta"|"done"|"thinking_delta"|"block_start"|"input_json_delta"|"signature_delta"|"block_stop"|"restart";
}

/**
 * CompleteChunk is one event of a streamed answer.
 */
export interface CompleteChunk__Output {
  /**
   * The next piece of the text block at `index`.
   */
  'text_delta'?: (string);
  /**
   * The final chunk: the whole response (text and content included).
   */
  'done'?: (_modelrouter_v1_CompleteResponse__Output | null);
  /**
   * The next piece of the thinking block at `index`.
   */
  'thinking_delta'?: (string);
  /**
   * A block begins at `index`; tool_use carries id and name, text and thinking are empty.
   */
  'block_start'?: (_modelrouter_v1_ContentBlock__Output | null);
  /**
   * The next piece of the input JSON of the tool_use block at `index`.
   */
  'input_json_delta'?: (string);
  /**
   * The signature of the thinking block at `index`.
   */
  'signature_delta'?: (string);
  /**
   * The block at `index` is complete.
   */
  'block_stop'?: (_google_protobuf_Empty__Output | null);
  /**
   * The content block the event belongs to.
   */
  'index': (number);
  /**
   * Drop everything received so far: the answer starts over from `model` (only with stream_restart).
   */
  'restart'?: (_modelrouter_v1_StreamRestart__Output | null);
  /**
   * What this chunk carries.
   */
  'event'?: "text_delta"|"done"|"thinking_delta"|"block_start"|"input_json_delta"|"signature_delta"|"block_stop"|"restart";
}
