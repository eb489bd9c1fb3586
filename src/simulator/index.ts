export { FakeAnthropic, type FakeAnthropicOptions, type RecordedRequest } from './fakeAnthropic';
export { ANY_MODEL, FaultTable, defaultErrorMessage, errorTypeForStatus, type Fault } from './faults';
export {
  buildReply,
  countWords,
  messageBody,
  splitIntoDeltas,
  streamEvents,
  type ContentBlock,
  type Reply,
  type ReplyOverrides,
  type SseEvent,
} from './replies';
export { parseMessagesRequest, type ChatMessage, type MessagesRequest, type ParseResult } from './request';
export { sseFrame } from './sse';
