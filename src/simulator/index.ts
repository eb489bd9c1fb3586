export { FakeAnthropic, type FakeAnthropicOptions, type RecordedRequest } from './fakeAnthropic';
export { ANY_MODEL, FaultTable, defaultErrorMessage, errorTypeForStatus, type Fault, type ModelsFault, type UsageOverride } from './faults';
export { COUNT_TOKENS_PATH, MESSAGES_PATH, type ApiPath } from './handlers';
export { capabilitiesFor, type CapabilityExtras, type Generation } from './modelCapabilities';
export { DEFAULT_MODEL_ALIASES, DEFAULT_MODEL_LINEUP } from './modelLineup';
export { MODEL_LIFECYCLES, ModelListing, type ModelListingOptions, type PageQuery, type PageResult } from './modelListing';
export { MODELS_PATH, parseListQuery } from './modelsApi';
export type { CapabilitySupport, ModelCapabilities, ModelInfo, ModelLifecycle, ModelLine, ModelListEntry, ModelPage } from './modelTypes';
export { PromptCache, type CacheUsage } from './promptCache';
export { buildReply, countWords, messageBody, splitIntoDeltas, withUsage, type ContentBlock, type Reply, type ReplyOverrides } from './replies';
export {
  parseCountTokensRequest,
  parseMessagesRequest,
  type ChatMessage,
  type MessagesRequest,
  type ParseResult,
  type RequestBlock,
  type ToolChoice,
  type ToolSpec,
} from './request';
export { sseFrame } from './sse';
export { streamEvents, type SseEvent } from './streamEvents';
export { estimateInputTokens } from './tokens';
export { buildToolInput, plannedToolCall, type ToolCall } from './toolUse';
