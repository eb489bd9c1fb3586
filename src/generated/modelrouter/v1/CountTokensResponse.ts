// Original file: proto/modelrouter/v1/model_router.proto

import type { Long } from '@grpc/proto-loader';

/**
 * CountTokensResponse is the input token count of a request on the model it would be routed to.
 */
export interface CountTokensResponse {
  /**
   * Input tokens as the model would count them (system, messages, tools).
   */
  'input_tokens'?: (number | string | Long);
  /**
   * The model that counted them.
   */
  'model'?: (string);
}

/**
 * CountTokensResponse is the input token count of a request on the model it would be routed to.
 */
export interface CountTokensResponse__Output {
  /**
   * Input tokens as the model would count them (system, messages, tools).
   */
  'input_tokens': (string);
  /**
   * The model that counted them.
   */
  'model': (string);
}
