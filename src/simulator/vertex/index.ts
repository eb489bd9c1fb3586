export { FakeVertex, type FakeVertexOptions, type RecordedVertexRequest } from './fakeVertex';
export { defaultGoogleMessage, googleErrorBody, googleStatusName, type ErrorShape, type VertexFault } from './errors';
export { anthropicModelId, COUNT_TOKENS_MODEL, defaultVertexModels, matchRoute, vertexModelId, type VertexCallKind, type VertexRoute } from './route';
