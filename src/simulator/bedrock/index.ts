export { FakeBedrock, type BedrockRecordedRequest, type FakeBedrockOptions } from './fakeBedrock';
export { EXCEPTIONS, resolveStatusFault, streamExceptionFor, type BedrockException, type ResolvedError, type StreamException } from './errors';
export { chunkFrame, decodeFrames, EVENT_STREAM_CONTENT_TYPE, exceptionFrame } from './eventStream';
export { anthropicModelName, BEDROCK_ANTHROPIC_VERSION, INVOKE, INVOKE_STREAM, defaultVersionCheck, type Operation } from './invokeRequest';
