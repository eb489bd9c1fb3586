import type { FastifyInstance } from 'fastify';
import { budgetFields } from '../../domain/budget';
import type { Router } from '../../core/router';
import { httpCallInfo } from './callInfo';

/** GET /v1/budgets (every budget that applies to the caller) and GET /v1/budgets/{name}: GetBudget over HTTP. */
export function registerBudgets(app: FastifyInstance, router: Router): void {
  app.get('/v1/budgets', async (request, reply) => ({ data: (await router.getBudget(httpCallInfo(request, reply), '')).map(budgetFields) }));
  app.get<{ Params: { name: string } }>('/v1/budgets/:name', async (request, reply) => ({
    data: (await router.getBudget(httpCallInfo(request, reply), request.params.name)).map(budgetFields),
  }));
}
