import type { CompleteChunk } from '../../generated/modelrouter/v1/CompleteChunk';
import type { CompleteRequest__Output } from '../../generated/modelrouter/v1/CompleteRequest';
import type { CompleteResponse } from '../../generated/modelrouter/v1/CompleteResponse';
import type { CountTokensResponse } from '../../generated/modelrouter/v1/CountTokensResponse';
import type { GetBudgetRequest__Output } from '../../generated/modelrouter/v1/GetBudgetRequest';
import type { GetBudgetResponse } from '../../generated/modelrouter/v1/GetBudgetResponse';
import type { GetModelRequest__Output } from '../../generated/modelrouter/v1/GetModelRequest';
import type { ListModelsRequest__Output } from '../../generated/modelrouter/v1/ListModelsRequest';
import type { ListModelsResponse } from '../../generated/modelrouter/v1/ListModelsResponse';
import type { Model } from '../../generated/modelrouter/v1/Model';
import type { ModelRouterHandlers } from '../../generated/modelrouter/v1/ModelRouter';
import type { RefreshCatalogRequest__Output } from '../../generated/modelrouter/v1/RefreshCatalogRequest';
import type { RefreshCatalogResponse } from '../../generated/modelrouter/v1/RefreshCatalogResponse';
import type { RouteDecision } from '../../generated/modelrouter/v1/RouteDecision';
import type { Router } from '../../core/router';
import type { Logger } from '../../observability/logger';
import { protoPath } from './fieldPath';
import { budgetToProto } from './budgetToProto';
import { modelToProto } from './modelToProto';
import { toRouterRequest } from './request';
import { toChunk, toCompleteResponse, toRouteDecision } from './response';
import { serverStreaming } from './serverStreaming';
import { unary } from './unary';

/** A bad field of a CompleteRequest is named as the caller wrote it. */
const completeRequestPaths = (request: CompleteRequest__Output) => (field: Parameters<typeof protoPath>[0]) => protoPath(field, request);

/** modelrouter.v1.ModelRouter: proto in, proto out; the request path itself is the core Router's. */
export function modelRouterService(router: Router, logger: Logger): ModelRouterHandlers {
  return {
    Complete: unary<CompleteRequest__Output, CompleteResponse>(
      'Complete',
      async (request, call) => toCompleteResponse(await router.complete(call, () => toRouterRequest(request))),
      logger,
      completeRequestPaths,
    ),

    StreamComplete: serverStreaming<CompleteRequest__Output, CompleteChunk>(
      'StreamComplete',
      async (request, call, write) => {
        for await (const event of router.stream(call, () => toRouterRequest(request))) {
          const chunk = toChunk(event);
          if (chunk) await write(chunk);
        }
      },
      logger,
      completeRequestPaths,
    ),

    Route: unary<CompleteRequest__Output, RouteDecision>(
      'Route',
      async (request, call) => toRouteDecision(await router.route(call, () => toRouterRequest(request))),
      logger,
      completeRequestPaths,
    ),

    CountTokens: unary<CompleteRequest__Output, CountTokensResponse>(
      'CountTokens',
      async (request, call) => {
        const counted = await router.countTokens(call, () => toRouterRequest(request));
        return { input_tokens: counted.inputTokens, model: counted.model };
      },
      logger,
      completeRequestPaths,
    ),

    ListModels: unary<ListModelsRequest__Output, ListModelsResponse>(
      'ListModels',
      async (request, call) => {
        const page = await router.listModels(call, request);
        return { ...page, data: page.data.map(modelToProto) };
      },
      logger,
    ),

    RefreshCatalog: unary<RefreshCatalogRequest__Output, RefreshCatalogResponse>(
      'RefreshCatalog',
      async (_request, call) => {
        const result = await router.refreshCatalog(call);
        return { outcome: result.outcome, models: result.models, skipped: result.skipped, changes: result.changes, error: result.error ?? '' };
      },
      logger,
    ),

    GetBudget: unary<GetBudgetRequest__Output, GetBudgetResponse>(
      'GetBudget',
      async (request, call) => ({ budgets: (await router.getBudget(call, request.name)).map(budgetToProto) }),
      logger,
    ),

    GetModel: unary<GetModelRequest__Output, Model>(
      'GetModel',
      async (request, call) => {
        return modelToProto(await router.getModel(call, request.id));
      },
      logger,
    ),
  };
}
