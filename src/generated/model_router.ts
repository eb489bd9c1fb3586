import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { Attempt as _modelrouter_v1_Attempt, Attempt__Output as _modelrouter_v1_Attempt__Output } from './modelrouter/v1/Attempt';
import type { CompleteChunk as _modelrouter_v1_CompleteChunk, CompleteChunk__Output as _modelrouter_v1_CompleteChunk__Output } from './modelrouter/v1/CompleteChunk';
import type { CompleteRequest as _modelrouter_v1_CompleteRequest, CompleteRequest__Output as _modelrouter_v1_CompleteRequest__Output } from './modelrouter/v1/CompleteRequest';
import type { CompleteResponse as _modelrouter_v1_CompleteResponse, CompleteResponse__Output as _modelrouter_v1_CompleteResponse__Output } from './modelrouter/v1/CompleteResponse';
import type { GetModelRequest as _modelrouter_v1_GetModelRequest, GetModelRequest__Output as _modelrouter_v1_GetModelRequest__Output } from './modelrouter/v1/GetModelRequest';
import type { ListModelsRequest as _modelrouter_v1_ListModelsRequest, ListModelsRequest__Output as _modelrouter_v1_ListModelsRequest__Output } from './modelrouter/v1/ListModelsRequest';
import type { ListModelsResponse as _modelrouter_v1_ListModelsResponse, ListModelsResponse__Output as _modelrouter_v1_ListModelsResponse__Output } from './modelrouter/v1/ListModelsResponse';
import type { Message as _modelrouter_v1_Message, Message__Output as _modelrouter_v1_Message__Output } from './modelrouter/v1/Message';
import type { Model as _modelrouter_v1_Model, Model__Output as _modelrouter_v1_Model__Output } from './modelrouter/v1/Model';
import type { ModelRouterClient as _modelrouter_v1_ModelRouterClient, ModelRouterDefinition as _modelrouter_v1_ModelRouterDefinition } from './modelrouter/v1/ModelRouter';
import type { Pricing as _modelrouter_v1_Pricing, Pricing__Output as _modelrouter_v1_Pricing__Output } from './modelrouter/v1/Pricing';
import type { RouteDecision as _modelrouter_v1_RouteDecision, RouteDecision__Output as _modelrouter_v1_RouteDecision__Output } from './modelrouter/v1/RouteDecision';
import type { Usage as _modelrouter_v1_Usage, Usage__Output as _modelrouter_v1_Usage__Output } from './modelrouter/v1/Usage';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  modelrouter: {
    v1: {
      Attempt: MessageTypeDefinition<_modelrouter_v1_Attempt, _modelrouter_v1_Attempt__Output>
      CacheMode: EnumTypeDefinition
      CompleteChunk: MessageTypeDefinition<_modelrouter_v1_CompleteChunk, _modelrouter_v1_CompleteChunk__Output>
      CompleteRequest: MessageTypeDefinition<_modelrouter_v1_CompleteRequest, _modelrouter_v1_CompleteRequest__Output>
      CompleteResponse: MessageTypeDefinition<_modelrouter_v1_CompleteResponse, _modelrouter_v1_CompleteResponse__Output>
      GetModelRequest: MessageTypeDefinition<_modelrouter_v1_GetModelRequest, _modelrouter_v1_GetModelRequest__Output>
      ListModelsRequest: MessageTypeDefinition<_modelrouter_v1_ListModelsRequest, _modelrouter_v1_ListModelsRequest__Output>
      ListModelsResponse: MessageTypeDefinition<_modelrouter_v1_ListModelsResponse, _modelrouter_v1_ListModelsResponse__Output>
      Message: MessageTypeDefinition<_modelrouter_v1_Message, _modelrouter_v1_Message__Output>
      Model: MessageTypeDefinition<_modelrouter_v1_Model, _modelrouter_v1_Model__Output>
      /**
       * ModelRouter routes task-typed completion requests to Claude models.
       */
      ModelRouter: SubtypeConstructor<typeof grpc.Client, _modelrouter_v1_ModelRouterClient> & { service: _modelrouter_v1_ModelRouterDefinition }
      Pricing: MessageTypeDefinition<_modelrouter_v1_Pricing, _modelrouter_v1_Pricing__Output>
      RouteDecision: MessageTypeDefinition<_modelrouter_v1_RouteDecision, _modelrouter_v1_RouteDecision__Output>
      Usage: MessageTypeDefinition<_modelrouter_v1_Usage, _modelrouter_v1_Usage__Output>
    }
  }
}

