// Original file: proto/modelrouter/v1/model_router.proto

import type { Struct as _google_protobuf_Struct, Struct__Output as _google_protobuf_Struct__Output } from '../../google/protobuf/Struct';

/**
 * TextBlock is text, in a request or an answer.
 */
export interface TextBlock {
  /**
   * The text.
   */
  'text'?: (string);
  /**
   * Citations as Anthropic returns them (answers to documents with citations enabled).
   */
  'citations'?: (_google_protobuf_Struct)[];
}

/**
 * TextBlock is text, in a request or an answer.
 */
export interface TextBlock__Output {
  /**
   * The text.
   */
  'text': (string);
  /**
   * Citations as Anthropic returns them (answers to documents with citations enabled).
   */
  'citations': (_google_protobuf_Struct__Output)[];
}
