// Original file: proto/modelrouter/v1/model_router.proto

import type { Budget as _modelrouter_v1_Budget, Budget__Output as _modelrouter_v1_Budget__Output } from '../../modelrouter/v1/Budget';

/**
 * GetBudgetResponse is the budgets asked for, by name.
 */
export interface GetBudgetResponse {
  /**
   * The budgets, each in its current period.
   */
  'budgets'?: (_modelrouter_v1_Budget)[];
}

/**
 * GetBudgetResponse is the budgets asked for, by name.
 */
export interface GetBudgetResponse__Output {
  /**
   * The budgets, each in its current period.
   */
  'budgets': (_modelrouter_v1_Budget__Output)[];
}
