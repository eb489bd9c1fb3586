// Original file: proto/modelrouter/v1/model_router.proto


/**
 * GetBudgetRequest names the budget to read.
 */
export interface GetBudgetRequest {
  /**
   * A budget's name, e.g. "caller:search-team:day" or "team=search:month"; empty: every budget that applies to the caller.
   */
  'name'?: (string);
}

/**
 * GetBudgetRequest names the budget to read.
 */
export interface GetBudgetRequest__Output {
  /**
   * A budget's name, e.g. "caller:search-team:day" or "team=search:month"; empty: every budget that applies to the caller.
   */
  'name': (string);
}
