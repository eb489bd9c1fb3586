// Original file: proto/modelrouter/v1/model_router.proto

import type { MediaSource as _modelrouter_v1_MediaSource, MediaSource__Output as _modelrouter_v1_MediaSource__Output } from '../../modelrouter/v1/MediaSource';

/**
 * ImageBlock is an image in a request.
 */
export interface ImageBlock {
  /**
   * The image.
   */
  'source'?: (_modelrouter_v1_MediaSource | null);
}

/**
 * ImageBlock is an image in a request.
 */
export interface ImageBlock__Output {
  /**
   * The image.
   */
  'source': (_modelrouter_v1_MediaSource__Output | null);
}
