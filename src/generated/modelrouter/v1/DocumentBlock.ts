// Original file: proto/modelrouter/v1/model_router.proto

import type { MediaSource as _modelrouter_v1_MediaSource, MediaSource__Output as _modelrouter_v1_MediaSource__Output } from '../../modelrouter/v1/MediaSource';

/**
 * DocumentBlock is a PDF or plain-text document in a request.
 */
export interface DocumentBlock {
  /**
   * The document.
   */
  'source'?: (_modelrouter_v1_MediaSource | null);
  /**
   * Optional title.
   */
  'title'?: (string);
  /**
   * Optional context about the document, not cited from.
   */
  'context'?: (string);
  /**
   * Whether answers cite this document.
   */
  'citations'?: (boolean);
}

/**
 * DocumentBlock is a PDF or plain-text document in a request.
 */
export interface DocumentBlock__Output {
  /**
   * The document.
   */
  'source': (_modelrouter_v1_MediaSource__Output | null);
  /**
   * Optional title.
   */
  'title': (string);
  /**
   * Optional context about the document, not cited from.
   */
  'context': (string);
  /**
   * Whether answers cite this document.
   */
  'citations': (boolean);
}
