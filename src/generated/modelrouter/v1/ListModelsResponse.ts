// Original file: proto/modelrouter/v1/model_router.proto

import type { Model as _modelrouter_v1_Model, Model__Output as _modelrouter_v1_Model__Output } from '../../modelrouter/v1/Model';

/**
 * ListModelsResponse is one page of models, newest first.
 */
export interface ListModelsResponse {
  /**
   * The page.
   */
  'data'?: (_modelrouter_v1_Model)[];
  /**
   * First id of the page (before_id for the previous page).
   */
  'first_id'?: (string);
  /**
   * Last id of the page (after_id for the next page).
   */
  'last_id'?: (string);
  /**
   * Whether more models lie in the requested direction.
   */
  'has_more'?: (boolean);
}

/**
 * ListModelsResponse is one page of models, newest first.
 */
export interface ListModelsResponse__Output {
  /**
   * The page.
   */
  'data': (_modelrouter_v1_Model__Output)[];
  /**
   * First id of the page (before_id for the previous page).
   */
  'first_id': (string);
  /**
   * Last id of the page (after_id for the next page).
   */
  'last_id': (string);
  /**
   * Whether more models lie in the requested direction.
   */
  'has_more': (boolean);
}
