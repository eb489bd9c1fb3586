import type { Catalog } from '../catalog/catalog';
import { paginate } from '../catalog/paginate';
import type { CompleteChunk } from '../generated/modelrouter/v1/CompleteChunk';
import type { CompleteRequest__Output } from '../generated/modelrouter/v1/CompleteRequest';
import type { CompleteResponse } from '../generated/modelrouter/v1/CompleteResponse';
import type { GetModelRequest__Output } from '../generated/modelrouter/v1/GetModelRequest';
import type { ListModelsRequest__Output } from '../generated/modelrouter/v1/ListModelsRequest';
import type { ListModelsResponse } from '../generated/modelrouter/v1/ListModelsResponse';
import type { Model } from '../generated/modelrouter/v1/Model';
import type { ModelRouterHandlers } from '../generated/modelrouter/v1/ModelRouter';
import type { RouteDecision } from '../generated/modelrouter/v1/RouteDecision';
import { admit, type CallerDirectory } from '../auth/callerDirectory';
import { invalidArgument } from '../errors/routerError';
import type { Logger } from '../observability/logger';
import type { OutcomeObserver } from '../observability/requestOutcome';
import type { BreakerRegistry } from '../resilience/breakerRegistry';
import type { Router } from '../router/router';
import { serverStreaming } from './handleServerStreamingCall';
import { unary } from './handleUnaryCall';
import { modelToProto } from './modelToProto';

export interface ServiceDeps {
  router: Router;
  catalog: Catalog;
  breakers: BreakerRegistry;
  callers: CallerDirectory;
  logger: Logger;
  observe: OutcomeObserver;
}

/** modelrouter.v1.ModelRouter: thin async handlers; the request path itself lives in Router. */
export function modelRouterService({ router, catalog, breakers, callers, logger, observe }: ServiceDeps): ModelRouterHandlers {
  const env = { callers, logger, observe };
  const toProto = (model: Parameters<typeof modelToProto>[0]): Model => modelToProto(model, breakers.state(model.id));
  return {
    Complete: unary<CompleteRequest__Output, CompleteResponse>(
      'Complete',
      (request, ctx) => {
        admit(ctx.callerInfo);
        return router.complete(request, ctx);
      },
      env,
    ),

    StreamComplete: serverStreaming<CompleteRequest__Output, CompleteChunk>(
      'StreamComplete',
      async (request, write, ctx) => {
        admit(ctx.callerInfo);
        const done = await router.stream(request, ctx, {
          text: (text_delta) => write({ text_delta }),
          thinking: (thinking_delta) => write({ thinking_delta }),
        });
        await write({ done });
      },
      env,
    ),

    Route: unary<CompleteRequest__Output, RouteDecision>(
      'Route',
      async (request, ctx) => {
        admit(ctx.callerInfo);
        return router.route(request, ctx);
      },
      env,
    ),

    ListModels: unary<ListModelsRequest__Output, ListModelsResponse>(
      'ListModels',
      async (request) => {
        const page = paginate(catalog, request);
        return { ...page, data: page.data.map(toProto) };
      },
      env,
    ),

    GetModel: unary<GetModelRequest__Output, Model>(
      'GetModel',
      async (request) => {
        if (!request.id) throw invalidArgument('id is required (a model id or alias)');
        return toProto(catalog.get(request.id));
      },
      env,
    ),
  };
}
