import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { Empty as _google_protobuf_Empty, Empty__Output as _google_protobuf_Empty__Output } from './google/protobuf/Empty';
import type { ListValue as _google_protobuf_ListValue, ListValue__Output as _google_protobuf_ListValue__Output } from './google/protobuf/ListValue';
import type { Struct as _google_protobuf_Struct, Struct__Output as _google_protobuf_Struct__Output } from './google/protobuf/Struct';
import type { Value as _google_protobuf_Value, Value__Output as _google_protobuf_Value__Output } from './google/protobuf/Value';
import type { Attempt as _modelrouter_v1_Attempt, Attempt__Output as _modelrouter_v1_Attempt__Output } from './modelrouter/v1/Attempt';
import type { Budget as _modelrouter_v1_Budget, Budget__Output as _modelrouter_v1_Budget__Output } from './modelrouter/v1/Budget';
import type { CacheControl as _modelrouter_v1_CacheControl, CacheControl__Output as _modelrouter_v1_CacheControl__Output } from './modelrouter/v1/CacheControl';
import type { CompleteChunk as _modelrouter_v1_CompleteChunk, CompleteChunk__Output as _modelrouter_v1_CompleteChunk__Output } from './modelrouter/v1/CompleteChunk';
import type { CompleteRequest as _modelrouter_v1_CompleteRequest, CompleteRequest__Output as _modelrouter_v1_CompleteRequest__Output } from './modelrouter/v1/CompleteRequest';
import type { CompleteResponse as _modelrouter_v1_CompleteResponse, CompleteResponse__Output as _modelrouter_v1_CompleteResponse__Output } from './modelrouter/v1/CompleteResponse';
import type { ContentBlock as _modelrouter_v1_ContentBlock, ContentBlock__Output as _modelrouter_v1_ContentBlock__Output } from './modelrouter/v1/ContentBlock';
import type { CountTokensResponse as _modelrouter_v1_CountTokensResponse, CountTokensResponse__Output as _modelrouter_v1_CountTokensResponse__Output } from './modelrouter/v1/CountTokensResponse';
import type { Deployment as _modelrouter_v1_Deployment, Deployment__Output as _modelrouter_v1_Deployment__Output } from './modelrouter/v1/Deployment';
import type { DocumentBlock as _modelrouter_v1_DocumentBlock, DocumentBlock__Output as _modelrouter_v1_DocumentBlock__Output } from './modelrouter/v1/DocumentBlock';
import type { GetBudgetRequest as _modelrouter_v1_GetBudgetRequest, GetBudgetRequest__Output as _modelrouter_v1_GetBudgetRequest__Output } from './modelrouter/v1/GetBudgetRequest';
import type { GetBudgetResponse as _modelrouter_v1_GetBudgetResponse, GetBudgetResponse__Output as _modelrouter_v1_GetBudgetResponse__Output } from './modelrouter/v1/GetBudgetResponse';
import type { GetModelRequest as _modelrouter_v1_GetModelRequest, GetModelRequest__Output as _modelrouter_v1_GetModelRequest__Output } from './modelrouter/v1/GetModelRequest';
import type { ImageBlock as _modelrouter_v1_ImageBlock, ImageBlock__Output as _modelrouter_v1_ImageBlock__Output } from './modelrouter/v1/ImageBlock';
import type { ListModelsRequest as _modelrouter_v1_ListModelsRequest, ListModelsRequest__Output as _modelrouter_v1_ListModelsRequest__Output } from './modelrouter/v1/ListModelsRequest';
import type { ListModelsResponse as _modelrouter_v1_ListModelsResponse, ListModelsResponse__Output as _modelrouter_v1_ListModelsResponse__Output } from './modelrouter/v1/ListModelsResponse';
import type { MediaSource as _modelrouter_v1_MediaSource, MediaSource__Output as _modelrouter_v1_MediaSource__Output } from './modelrouter/v1/MediaSource';
import type { Message as _modelrouter_v1_Message, Message__Output as _modelrouter_v1_Message__Output } from './modelrouter/v1/Message';
import type { Model as _modelrouter_v1_Model, Model__Output as _modelrouter_v1_Model__Output } from './modelrouter/v1/Model';
import type { ModelRouterClient as _modelrouter_v1_ModelRouterClient, ModelRouterDefinition as _modelrouter_v1_ModelRouterDefinition } from './modelrouter/v1/ModelRouter';
import type { Pricing as _modelrouter_v1_Pricing, Pricing__Output as _modelrouter_v1_Pricing__Output } from './modelrouter/v1/Pricing';
import type { RedactedThinkingBlock as _modelrouter_v1_RedactedThinkingBlock, RedactedThinkingBlock__Output as _modelrouter_v1_RedactedThinkingBlock__Output } from './modelrouter/v1/RedactedThinkingBlock';
import type { RefreshCatalogRequest as _modelrouter_v1_RefreshCatalogRequest, RefreshCatalogRequest__Output as _modelrouter_v1_RefreshCatalogRequest__Output } from './modelrouter/v1/RefreshCatalogRequest';
import type { RefreshCatalogResponse as _modelrouter_v1_RefreshCatalogResponse, RefreshCatalogResponse__Output as _modelrouter_v1_RefreshCatalogResponse__Output } from './modelrouter/v1/RefreshCatalogResponse';
import type { RouteDecision as _modelrouter_v1_RouteDecision, RouteDecision__Output as _modelrouter_v1_RouteDecision__Output } from './modelrouter/v1/RouteDecision';
import type { StreamRestart as _modelrouter_v1_StreamRestart, StreamRestart__Output as _modelrouter_v1_StreamRestart__Output } from './modelrouter/v1/StreamRestart';
import type { TextBlock as _modelrouter_v1_TextBlock, TextBlock__Output as _modelrouter_v1_TextBlock__Output } from './modelrouter/v1/TextBlock';
import type { ThinkingBlock as _modelrouter_v1_ThinkingBlock, ThinkingBlock__Output as _modelrouter_v1_ThinkingBlock__Output } from './modelrouter/v1/ThinkingBlock';
import type { Tool as _modelrouter_v1_Tool, Tool__Output as _modelrouter_v1_Tool__Output } from './modelrouter/v1/Tool';
import type { ToolChoice as _modelrouter_v1_ToolChoice, ToolChoice__Output as _modelrouter_v1_ToolChoice__Output } from './modelrouter/v1/ToolChoice';
import type { ToolResultBlock as _modelrouter_v1_ToolResultBlock, ToolResultBlock__Output as _modelrouter_v1_ToolResultBlock__Output } from './modelrouter/v1/ToolResultBlock';
import type { ToolUseBlock as _modelrouter_v1_ToolUseBlock, ToolUseBlock__Output as _modelrouter_v1_ToolUseBlock__Output } from './modelrouter/v1/ToolUseBlock';
import type { Usage as _modelrouter_v1_Usage, Usage__Output as _modelrouter_v1_Usage__Output } from './modelrouter/v1/Usage';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  google: {
    protobuf: {
      Empty: MessageTypeDefinition<_google_protobuf_Empty, _google_protobuf_Empty__Output>
      ListValue: MessageTypeDefinition<_google_protobuf_ListValue, _google_protobuf_ListValue__Output>
      NullValue: EnumTypeDefinition
      Struct: MessageTypeDefinition<_google_protobuf_Struct, _google_protobuf_Struct__Output>
      Value: MessageTypeDefinition<_google_protobuf_Value, _google_protobuf_Value__Output>
    }
  }
  modelrouter: {
    v1: {
      Attempt: MessageTypeDefinition<_modelrouter_v1_Attempt, _modelrouter_v1_Attempt__Output>
      Budget: MessageTypeDefinition<_modelrouter_v1_Budget, _modelrouter_v1_Budget__Output>
      CacheControl: MessageTypeDefinition<_modelrouter_v1_CacheControl, _modelrouter_v1_CacheControl__Output>
      CacheMode: EnumTypeDefinition
      CompleteChunk: MessageTypeDefinition<_modelrouter_v1_CompleteChunk, _modelrouter_v1_CompleteChunk__Output>
      CompleteRequest: MessageTypeDefinition<_modelrouter_v1_CompleteRequest, _modelrouter_v1_CompleteRequest__Output>
      CompleteResponse: MessageTypeDefinition<_modelrouter_v1_CompleteResponse, _modelrouter_v1_CompleteResponse__Output>
      ContentBlock: MessageTypeDefinition<_modelrouter_v1_ContentBlock, _modelrouter_v1_ContentBlock__Output>
      CountTokensResponse: MessageTypeDefinition<_modelrouter_v1_CountTokensResponse, _modelrouter_v1_CountTokensResponse__Output>
      Deployment: MessageTypeDefinition<_modelrouter_v1_Deployment, _modelrouter_v1_Deployment__Output>
      DocumentBlock: MessageTypeDefinition<_modelrouter_v1_DocumentBlock, _modelrouter_v1_DocumentBlock__Output>
      GetBudgetRequest: MessageTypeDefinition<_modelrouter_v1_GetBudgetRequest, _modelrouter_v1_GetBudgetRequest__Output>
      GetBudgetResponse: MessageTypeDefinition<_modelrouter_v1_GetBudgetResponse, _modelrouter_v1_GetBudgetResponse__Output>
      GetModelRequest: MessageTypeDefinition<_modelrouter_v1_GetModelRequest, _modelrouter_v1_GetModelRequest__Output>
      ImageBlock: MessageTypeDefinition<_modelrouter_v1_ImageBlock, _modelrouter_v1_ImageBlock__Output>
      ListModelsRequest: MessageTypeDefinition<_modelrouter_v1_ListModelsRequest, _modelrouter_v1_ListModelsRequest__Output>
      ListModelsResponse: MessageTypeDefinition<_modelrouter_v1_ListModelsResponse, _modelrouter_v1_ListModelsResponse__Output>
      MediaSource: MessageTypeDefinition<_modelrouter_v1_MediaSource, _modelrouter_v1_MediaSource__Output>
      Message: MessageTypeDefinition<_modelrouter_v1_Message, _modelrouter_v1_Message__Output>
      Model: MessageTypeDefinition<_modelrouter_v1_Model, _modelrouter_v1_Model__Output>
      /**
       * ModelRouter routes task-typed completion requests to Claude models.
       */
      ModelRouter: SubtypeConstructor<typeof grpc.Client, _modelrouter_v1_ModelRouterClient> & { service: _modelrouter_v1_ModelRouterDefinition }
      Pricing: MessageTypeDefinition<_modelrouter_v1_Pricing, _modelrouter_v1_Pricing__Output>
      RedactedThinkingBlock: MessageTypeDefinition<_modelrouter_v1_RedactedThinkingBlock, _modelrouter_v1_RedactedThinkingBlock__Output>
      RefreshCatalogRequest: MessageTypeDefinition<_modelrouter_v1_RefreshCatalogRequest, _modelrouter_v1_RefreshCatalogRequest__Output>
      RefreshCatalogResponse: MessageTypeDefinition<_modelrouter_v1_RefreshCatalogResponse, _modelrouter_v1_RefreshCatalogResponse__Output>
      RouteDecision: MessageTypeDefinition<_modelrouter_v1_RouteDecision, _modelrouter_v1_RouteDecision__Output>
      StreamRestart: MessageTypeDefinition<_modelrouter_v1_StreamRestart, _modelrouter_v1_StreamRestart__Output>
      TextBlock: MessageTypeDefinition<_modelrouter_v1_TextBlock, _modelrouter_v1_TextBlock__Output>
      ThinkingBlock: MessageTypeDefinition<_modelrouter_v1_ThinkingBlock, _modelrouter_v1_ThinkingBlock__Output>
      Tool: MessageTypeDefinition<_modelrouter_v1_Tool, _modelrouter_v1_Tool__Output>
      ToolChoice: MessageTypeDefinition<_modelrouter_v1_ToolChoice, _modelrouter_v1_ToolChoice__Output>
      ToolResultBlock: MessageTypeDefinition<_modelrouter_v1_ToolResultBlock, _modelrouter_v1_ToolResultBlock__Output>
      ToolUseBlock: MessageTypeDefinition<_modelrouter_v1_ToolUseBlock, _modelrouter_v1_ToolUseBlock__Output>
      Usage: MessageTypeDefinition<_modelrouter_v1_Usage, _modelrouter_v1_Usage__Output>
    }
  }
}

