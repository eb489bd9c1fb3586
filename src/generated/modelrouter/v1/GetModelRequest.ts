// Original file: proto/modelrouter/v1/model_router.proto


/**
 * GetModelRequest names a model.
 */
export interface GetModelRequest {
  /**
   * Model id or alias.
   */
  'id'?: (string);
}

/**
 * GetModelRequest names a model.
 */
export interface GetModelRequest__Output {
  /**
   * Model id or alias.
   */
  'id': (string);
}
