import type { Budget } from '../../generated/modelrouter/v1/Budget';
import { budgetFields, type BudgetStatus } from '../../domain/budget';

export function budgetToProto(b: BudgetStatus): Budget {
  return budgetFields(b);
}
