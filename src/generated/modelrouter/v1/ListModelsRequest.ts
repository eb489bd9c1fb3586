// Original file: proto/modelrouter/v1/model_router.proto


/**
 * ListModelsRequest pages through the catalog.
 */
export interface ListModelsRequest {
  /**
   * Return the page right after this model id.
   */
  'after_id'?: (string);
  /**
   * Return the page right before this model id.
   */
  'before_id'?: (string);
  /**
   * Page size, 1..1000; 0 means 20.
   */
  'limit'?: (number);
}

/**
 * ListModelsRequest pages through the catalog.
 */
export interface ListModelsRequest__Output {
  /**
   * Return the page right after this model id.
   */
  'after_id': (string);
  /**
   * Return the page right before this model id.
   */
  'before_id': (string);
  /**
   * Page size, 1..1000; 0 means 20.
   */
  'limit': (number);
}
