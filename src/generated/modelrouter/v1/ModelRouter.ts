// Original file: proto/modelrouter/v1/model_router.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { CompleteChunk as _modelrouter_v1_CompleteChunk, CompleteChunk__Output as _modelrouter_v1_CompleteChunk__Output } from '../../modelrouter/v1/CompleteChunk';
import type { CompleteRequest as _modelrouter_v1_CompleteRequest, CompleteRequest__Output as _modelrouter_v1_CompleteRequest__Output } from '../../modelrouter/v1/CompleteRequest';
import type { CompleteResponse as _modelrouter_v1_CompleteResponse, CompleteResponse__Output as _modelrouter_v1_CompleteResponse__Output } from '../../modelrouter/v1/CompleteResponse';
import type { CountTokensResponse as _modelrouter_v1_CountTokensResponse, CountTokensResponse__Output as _modelrouter_v1_CountTokensResponse__Output } from '../../modelrouter/v1/CountTokensResponse';
import type { GetBudgetRequest as _modelrouter_v1_GetBudgetRequest, GetBudgetRequest__Output as _modelrouter_v1_GetBudgetRequest__Output } from '../../modelrouter/v1/GetBudgetRequest';
import type { GetBudgetResponse as _modelrouter_v1_GetBudgetResponse, GetBudgetResponse__Output as _modelrouter_v1_GetBudgetResponse__Output } from '../../modelrouter/v1/GetBudgetResponse';
import type { GetModelRequest as _modelrouter_v1_GetModelRequest, GetModelRequest__Output as _modelrouter_v1_GetModelRequest__Output } from '../../modelrouter/v1/GetModelRequest';
import type { ListModelsRequest as _modelrouter_v1_ListModelsRequest, ListModelsRequest__Output as _modelrouter_v1_ListModelsRequest__Output } from '../../modelrouter/v1/ListModelsRequest';
import type { ListModelsResponse as _modelrouter_v1_ListModelsResponse, ListModelsResponse__Output as _modelrouter_v1_ListModelsResponse__Output } from '../../modelrouter/v1/ListModelsResponse';
import type { Model as _modelrouter_v1_Model, Model__Output as _modelrouter_v1_Model__Output } from '../../modelrouter/v1/Model';
import type { RefreshCatalogRequest as _modelrouter_v1_RefreshCatalogRequest, RefreshCatalogRequest__Output as _modelrouter_v1_RefreshCatalogRequest__Output } from '../../modelrouter/v1/RefreshCatalogRequest';
import type { RefreshCatalogResponse as _modelrouter_v1_RefreshCatalogResponse, RefreshCatalogResponse__Output as _modelrouter_v1_RefreshCatalogResponse__Output } from '../../modelrouter/v1/RefreshCatalogResponse';
import type { RouteDecision as _modelrouter_v1_RouteDecision, RouteDecision__Output as _modelrouter_v1_RouteDecision__Output } from '../../modelrouter/v1/RouteDecision';

/**
 * ModelRouter routes task-typed completion requests to Claude models.
 */
export interface ModelRouterClient extends grpc.Client {
  /**
   * Complete answers a request with one model of the task's chain, falling back along the chain on model failures.
   */
  Complete(argument: _modelrouter_v1_CompleteRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_modelrouter_v1_CompleteResponse__Output>): grpc.ClientUnaryCall;
  Complete(argument: _modelrouter_v1_CompleteRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_modelrouter_v1_CompleteResponse__Output>): grpc.ClientUnaryCall;
  Complete(argument: _modelrouter_v1_CompleteRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_modelrouter_v1_CompleteResponse__Output>): grpc.ClientUnaryCall;
  Complete(argument: _modelrouter_v1_CompleteRequest, callback: grpc.requestCallback<_modelrouter_v1_CompleteResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Complete answers a request with one model of the task's chain, falling back along the chain on model failures.
   */
  complete(argument: _modelrouter_v1_CompleteRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_modelrouter_v1_CompleteResponse__Output>): grpc.ClientUnaryCall;
  complete(argument: _modelrouter_v1_CompleteRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_modelrouter_v1_CompleteResponse__Output>): grpc.ClientUnaryCall;
  complete(argument: _modelrouter_v1_CompleteRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_modelrouter_v1_CompleteResponse__Output>): grpc.ClientUnaryCall;
  complete(argument: _modelrouter_v1_CompleteRequest, callback: grpc.requestCallback<_modelrouter_v1_CompleteResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * CountTokens routes like Route, then counts the request's input tokens on that model upstream. Not cached, not billed.
   */
  CountTokens(argument: _modelrouter_v1_CompleteRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_modelrouter_v1_CountTokensResponse__Output>): grpc.ClientUnaryCall;
  CountTokens(argument: _modelrouter_v1_CompleteRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_modelrouter_v1_CountTokensResponse__Output>): grpc.ClientUnaryCall;
  CountTokens(argument: _modelrouter_v1_CompleteRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_modelrouter_v1_CountTokensResponse__Output>): grpc.ClientUnaryCall;
  CountTokens(argument: _modelrouter_v1_CompleteRequest, callback: grpc.requestCallback<_modelrouter_v1_CountTokensResponse__Output>): grpc.ClientUnaryCall;
  /**
   * CountTokens routes like Route, then counts the request's input tokens on that model upstream. Not cached, not billed.
   */
  countTokens(argument: _modelrouter_v1_CompleteRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_modelrouter_v1_CountTokensResponse__Output>): grpc.ClientUnaryCall;
  countTokens(argument: _modelrouter_v1_CompleteRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_modelrouter_v1_CountTokensResponse__Output>): grpc.ClientUnaryCall;
  countTokens(argument: _modelrouter_v1_CompleteRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_modelrouter_v1_CountTokensResponse__Output>): grpc.ClientUnaryCall;
  countTokens(argument: _modelrouter_v1_CompleteRequest, callback: grpc.requestCallback<_modelrouter_v1_CountTokensResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * GetBudget reads spend budgets in their current period: one by name, or every one that applies to the caller.
   * With auth on a caller reads its own caller budgets and the label budgets: another caller's is PERMISSION_DENIED;
   * an unknown name is NOT_FOUND.
   */
  GetBudget(argument: _modelrouter_v1_GetBudgetRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_modelrouter_v1_GetBudgetResponse__Output>): grpc.ClientUnaryCall;
  GetBudget(argument: _modelrouter_v1_GetBudgetRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_modelrouter_v1_GetBudgetResponse__Output>): grpc.ClientUnaryCall;
  GetBudget(argument: _modelrouter_v1_GetBudgetRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_modelrouter_v1_GetBudgetResponse__Output>): grpc.ClientUnaryCall;
  GetBudget(argument: _modelrouter_v1_GetBudgetRequest, callback: grpc.requestCallback<_modelrouter_v1_GetBudgetResponse__Output>): grpc.ClientUnaryCall;
  /**
   * GetBudget reads spend budgets in their current period: one by name, or every one that applies to the caller.
   * With auth on a caller reads its own caller budgets and the label budgets: another caller's is PERMISSION_DENIED;
   * an unknown name is NOT_FOUND.
   */
  getBudget(argument: _modelrouter_v1_GetBudgetRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_modelrouter_v1_GetBudgetResponse__Output>): grpc.ClientUnaryCall;
  getBudget(argument: _modelrouter_v1_GetBudgetRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_modelrouter_v1_GetBudgetResponse__Output>): grpc.ClientUnaryCall;
  getBudget(argument: _modelrouter_v1_GetBudgetRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_modelrouter_v1_GetBudgetResponse__Output>): grpc.ClientUnaryCall;
  getBudget(argument: _modelrouter_v1_GetBudgetRequest, callback: grpc.requestCallback<_modelrouter_v1_GetBudgetResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * GetModel looks a model up by id or alias.
   */
  GetModel(argument: _modelrouter_v1_GetModelRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_modelrouter_v1_Model__Output>): grpc.ClientUnaryCall;
  GetModel(argument: _modelrouter_v1_GetModelRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_modelrouter_v1_Model__Output>): grpc.ClientUnaryCall;
  GetModel(argument: _modelrouter_v1_GetModelRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_modelrouter_v1_Model__Output>): grpc.ClientUnaryCall;
  GetModel(argument: _modelrouter_v1_GetModelRequest, callback: grpc.requestCallback<_modelrouter_v1_Model__Output>): grpc.ClientUnaryCall;
  /**
   * GetModel looks a model up by id or alias.
   */
  getModel(argument: _modelrouter_v1_GetModelRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_modelrouter_v1_Model__Output>): grpc.ClientUnaryCall;
  getModel(argument: _modelrouter_v1_GetModelRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_modelrouter_v1_Model__Output>): grpc.ClientUnaryCall;
  getModel(argument: _modelrouter_v1_GetModelRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_modelrouter_v1_Model__Output>): grpc.ClientUnaryCall;
  getModel(argument: _modelrouter_v1_GetModelRequest, callback: grpc.requestCallback<_modelrouter_v1_Model__Output>): grpc.ClientUnaryCall;
  
  /**
   * ListModels pages through the catalog the way Anthropic's Models API does: newest first, cursor pagination.
   */
  ListModels(argument: _modelrouter_v1_ListModelsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_modelrouter_v1_ListModelsResponse__Output>): grpc.ClientUnaryCall;
  ListModels(argument: _modelrouter_v1_ListModelsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_modelrouter_v1_ListModelsResponse__Output>): grpc.ClientUnaryCall;
  ListModels(argument: _modelrouter_v1_ListModelsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_modelrouter_v1_ListModelsResponse__Output>): grpc.ClientUnaryCall;
  ListModels(argument: _modelrouter_v1_ListModelsRequest, callback: grpc.requestCallback<_modelrouter_v1_ListModelsResponse__Output>): grpc.ClientUnaryCall;
  /**
   * ListModels pages through the catalog the way Anthropic's Models API does: newest first, cursor pagination.
   */
  listModels(argument: _modelrouter_v1_ListModelsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_modelrouter_v1_ListModelsResponse__Output>): grpc.ClientUnaryCall;
  listModels(argument: _modelrouter_v1_ListModelsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_modelrouter_v1_ListModelsResponse__Output>): grpc.ClientUnaryCall;
  listModels(argument: _modelrouter_v1_ListModelsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_modelrouter_v1_ListModelsResponse__Output>): grpc.ClientUnaryCall;
  listModels(argument: _modelrouter_v1_ListModelsRequest, callback: grpc.requestCallback<_modelrouter_v1_ListModelsResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * RefreshCatalog reads the Models API now and swaps the catalog in (SIGHUP does the same); the last good catalog
   * stays when upstream cannot be read. FAILED_PRECONDITION when the catalog is not live (catalog.live: false).
   */
  RefreshCatalog(argument: _modelrouter_v1_RefreshCatalogRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_modelrouter_v1_RefreshCatalogResponse__Output>): grpc.ClientUnaryCall;
  RefreshCatalog(argument: _modelrouter_v1_RefreshCatalogRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_modelrouter_v1_RefreshCatalogResponse__Output>): grpc.ClientUnaryCall;
  RefreshCatalog(argument: _modelrouter_v1_RefreshCatalogRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_modelrouter_v1_RefreshCatalogResponse__Output>): grpc.ClientUnaryCall;
  RefreshCatalog(argument: _modelrouter_v1_RefreshCatalogRequest, callback: grpc.requestCallback<_modelrouter_v1_RefreshCatalogResponse__Output>): grpc.ClientUnaryCall;
  /**
   * RefreshCatalog reads the Models API now and swaps the catalog in (SIGHUP does the same); the last good catalog
   * stays when upstream cannot be read. FAILED_PRECONDITION when the catalog is not live (catalog.live: false).
   */
  refreshCatalog(argument: _modelrouter_v1_RefreshCatalogRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_modelrouter_v1_RefreshCatalogResponse__Output>): grpc.ClientUnaryCall;
  refreshCatalog(argument: _modelrouter_v1_RefreshCatalogRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_modelrouter_v1_RefreshCatalogResponse__Output>): grpc.ClientUnaryCall;
  refreshCatalog(argument: _modelrouter_v1_RefreshCatalogRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_modelrouter_v1_RefreshCatalogResponse__Output>): grpc.ClientUnaryCall;
  refreshCatalog(argument: _modelrouter_v1_RefreshCatalogRequest, callback: grpc.requestCallback<_modelrouter_v1_RefreshCatalogResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Route is a dry run: which model would serve the request, its fallbacks and why. No upstream call.
   */
  Route(argument: _modelrouter_v1_CompleteRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_modelrouter_v1_RouteDecision__Output>): grpc.ClientUnaryCall;
  Route(argument: _modelrouter_v1_CompleteRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_modelrouter_v1_RouteDecision__Output>): grpc.ClientUnaryCall;
  Route(argument: _modelrouter_v1_CompleteRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_modelrouter_v1_RouteDecision__Output>): grpc.ClientUnaryCall;
  Route(argument: _modelrouter_v1_CompleteRequest, callback: grpc.requestCallback<_modelrouter_v1_RouteDecision__Output>): grpc.ClientUnaryCall;
  /**
   * Route is a dry run: which model would serve the request, its fallbacks and why. No upstream call.
   */
  route(argument: _modelrouter_v1_CompleteRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_modelrouter_v1_RouteDecision__Output>): grpc.ClientUnaryCall;
  route(argument: _modelrouter_v1_CompleteRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_modelrouter_v1_RouteDecision__Output>): grpc.ClientUnaryCall;
  route(argument: _modelrouter_v1_CompleteRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_modelrouter_v1_RouteDecision__Output>): grpc.ClientUnaryCall;
  route(argument: _modelrouter_v1_CompleteRequest, callback: grpc.requestCallback<_modelrouter_v1_RouteDecision__Output>): grpc.ClientUnaryCall;
  
  /**
   * StreamComplete answers like Complete, sending text as it is generated; the last chunk is `done`.
   */
  StreamComplete(argument: _modelrouter_v1_CompleteRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_modelrouter_v1_CompleteChunk__Output>;
  StreamComplete(argument: _modelrouter_v1_CompleteRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_modelrouter_v1_CompleteChunk__Output>;
  /**
   * StreamComplete answers like Complete, sending text as it is generated; the last chunk is `done`.
   */
  streamComplete(argument: _modelrouter_v1_CompleteRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_modelrouter_v1_CompleteChunk__Output>;
  streamComplete(argument: _modelrouter_v1_CompleteRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_modelrouter_v1_CompleteChunk__Output>;
  
}

/**
 * ModelRouter routes task-typed completion requests to Claude models.
 */
export interface ModelRouterHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Complete answers a request with one model of the task's chain, falling back along the chain on model failures.
   */
  Complete: grpc.handleUnaryCall<_modelrouter_v1_CompleteRequest__Output, _modelrouter_v1_CompleteResponse>;
  
  /**
   * CountTokens routes like Route, then counts the request's input tokens on that model upstream. Not cached, not billed.
   */
  CountTokens: grpc.handleUnaryCall<_modelrouter_v1_CompleteRequest__Output, _modelrouter_v1_CountTokensResponse>;
  
  /**
   * GetBudget reads spend budgets in their current period: one by name, or every one that applies to the caller.
   * With auth on a caller reads its own caller budgets and the label budgets: another caller's is PERMISSION_DENIED;
   * an unknown name is NOT_FOUND.
   */
  GetBudget: grpc.handleUnaryCall<_modelrouter_v1_GetBudgetRequest__Output, _modelrouter_v1_GetBudgetResponse>;
  
  /**
   * GetModel looks a model up by id or alias.
   */
  GetModel: grpc.handleUnaryCall<_modelrouter_v1_GetModelRequest__Output, _modelrouter_v1_Model>;
  
  /**
   * ListModels pages through the catalog the way Anthropic's Models API does: newest first, cursor pagination.
   */
  ListModels: grpc.handleUnaryCall<_modelrouter_v1_ListModelsRequest__Output, _modelrouter_v1_ListModelsResponse>;
  
  /**
   * RefreshCatalog reads the Models API now and swaps the catalog in (SIGHUP does the same); the last good catalog
   * stays when upstream cannot be read. FAILED_PRECONDITION when the catalog is not live (catalog.live: false).
   */
  RefreshCatalog: grpc.handleUnaryCall<_modelrouter_v1_RefreshCatalogRequest__Output, _modelrouter_v1_RefreshCatalogResponse>;
  
  /**
   * Route is a dry run: which model would serve the request, its fallbacks and why. No upstream call.
   */
  Route: grpc.handleUnaryCall<_modelrouter_v1_CompleteRequest__Output, _modelrouter_v1_RouteDecision>;
  
  /**
   * StreamComplete answers like Complete, sending text as it is generated; the last chunk is `done`.
   */
  StreamComplete: grpc.handleServerStreamingCall<_modelrouter_v1_CompleteRequest__Output, _modelrouter_v1_CompleteChunk>;
  
}

export interface ModelRouterDefinition extends grpc.ServiceDefinition {
  Complete: MethodDefinition<_modelrouter_v1_CompleteRequest, _modelrouter_v1_CompleteResponse, _modelrouter_v1_CompleteRequest__Output, _modelrouter_v1_CompleteResponse__Output>
  CountTokens: MethodDefinition<_modelrouter_v1_CompleteRequest, _modelrouter_v1_CountTokensResponse, _modelrouter_v1_CompleteRequest__Output, _modelrouter_v1_CountTokensResponse__Output>
  GetBudget: MethodDefinition<_modelrouter_v1_GetBudgetRequest, _modelrouter_v1_GetBudgetResponse, _modelrouter_v1_GetBudgetRequest__Output, _modelrouter_v1_GetBudgetResponse__Output>
  GetModel: MethodDefinition<_modelrouter_v1_GetModelRequest, _modelrouter_v1_Model, _modelrouter_v1_GetModelRequest__Output, _modelrouter_v1_Model__Output>
  ListModels: MethodDefinition<_modelrouter_v1_ListModelsRequest, _modelrouter_v1_ListModelsResponse, _modelrouter_v1_ListModelsRequest__Output, _modelrouter_v1_ListModelsResponse__Output>
  RefreshCatalog: MethodDefinition<_modelrouter_v1_RefreshCatalogRequest, _modelrouter_v1_RefreshCatalogResponse, _modelrouter_v1_RefreshCatalogRequest__Output, _modelrouter_v1_RefreshCatalogResponse__Output>
  Route: MethodDefinition<_modelrouter_v1_CompleteRequest, _modelrouter_v1_RouteDecision, _modelrouter_v1_CompleteRequest__Output, _modelrouter_v1_RouteDecision__Output>
  StreamComplete: MethodDefinition<_modelrouter_v1_CompleteRequest, _modelrouter_v1_CompleteChunk, _modelrouter_v1_CompleteRequest__Output, _modelrouter_v1_CompleteChunk__Output>
}
