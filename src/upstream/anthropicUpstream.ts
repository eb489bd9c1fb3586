import Anthropic, { AnthropicError, APIConnectionError, APIUserAbortError } from '@anthropic-ai/sdk';
import type { Logger } from '../observability/logger';
import { toMessageParams } from './toMessageParams';
import {
  StreamInterruptedError,
  type StreamSink,
  type Upstream,
  type UpstreamRequest,
  type UpstreamResult,
} from './upstream';

export interface AnthropicUpstreamOptions {
  apiKey: string;
  baseURL: string | undefined;
  /** Backstop only: the executor aborts each attempt on its own, shorter timer. */
  timeoutMs: number;
  logger: Logger;
  /** The transport; the SDK's built-in fetch when omitted. */
  fetch?: typeof fetch;
}

export function createAnthropicClient(options: AnthropicUpstreamOptions): Anthropic {
  const sdkLogger = options.logger.child({ component: 'anthropic-sdk' });
  return new Anthropic({
    apiKey: options.apiKey,
    ...(options.baseURL !== undefined ? { baseURL: options.baseURL } : {}),
    ...(options.fetch !== undefined ? { fetch: options.fetch } : {}),
    // The router owns retries: the SDK's would retry 529s twice per model and wait out any retry-after.
    maxRetries: 0,
    timeout: options.timeoutMs,
    openTelemetry: false,
    logLevel: 'warn',
    logger: {
      error: (msg: string) => sdkLogger.error(msg),
      warn: (msg: string) => sdkLogger.warn(msg),
      info: (msg: string) => sdkLogger.info(msg),
      debug: (msg: string) => sdkLogger.debug(msg),
    },
  });
}

export function createAnthropicUpstream(client: Anthropic): Upstream {
  return {
    async complete(call) {
      const message = await client.messages.create(toMessageParams(call), { signal: call.signal });
      return fromMessage(message);
    },
    stream: (call, sink) => streamMessage(client, call, sink),
  };
}

function fromMessage(message: Anthropic.Message): UpstreamResult {
  let text = '';
  let thinking = '';
  for (const block of message.content) {
    if (block.type === 'text') text += block.text;
    else if (block.type === 'thinking') thinking += block.thinking;
  }
  return {
    id: message.id,
    text,
    thinking,
    stopReason: message.stop_reason ?? '',
    usage: {
      input_tokens: message.usage.input_tokens,
      output_tokens: message.usage.output_tokens,
      cache_read_input_tokens: message.usage.cache_read_input_tokens ?? 0,
      cache_creation_input_tokens: message.usage.cache_creation_input_tokens ?? 0,
    },
  };
}

async function streamMessage(client: Anthropic, call: UpstreamRequest, sink: StreamSink): Promise<UpstreamResult> {
  const result: UpstreamResult = {
    id: '',
    text: '',
    thinking: '',
    stopReason: '',
    usage: { input_tokens: 0, output_tokens: 0, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 },
  };
  let deltas = 0;
  let stopped = false;
  try {
    const stream = await client.messages.create({ ...toMessageParams(call), stream: true }, { signal: call.signal });
    for await (const event of stream) {
      call.progress?.();
      switch (event.type) {
        case 'message_start':
          result.id = event.message.id;
          result.usage.input_tokens = event.message.usage.input_tokens;
          result.usage.cache_read_input_tokens = event.message.usage.cache_read_input_tokens ?? 0;
          result.usage.cache_creation_input_tokens = event.message.usage.cache_creation_input_tokens ?? 0;
          break;
        case 'content_block_delta':
          if (event.delta.type === 'text_delta') {
            result.text += event.delta.text;
            deltas += 1;
            await sink.text(event.delta.text);
          } else if (event.delta.type === 'thinking_delta') {
            result.thinking += event.delta.thinking;
            deltas += 1;
            await sink.thinking(event.delta.thinking);
          }
          break;
        case 'message_delta':
          result.stopReason = event.delta.stop_reason ?? result.stopReason;
          result.usage.output_tokens = event.usage.output_tokens;
          break;
        case 'message_stop':
          stopped = true;
          break;
        default:
          break;
      }
    }
    // The SDK ends the iteration quietly when its signal aborts; a stream without message_stop is not an answer.
    if (call.signal.aborted) throw new APIUserAbortError();
    if (!stopped) throw new APIConnectionError({ message: 'upstream stream ended before message_stop' });
    return result;
  } catch (caught) {
    // A connection cut mid-body surfaces as undici's `TypeError: terminated`, not as an SDK error.
    const err = caught instanceof AnthropicError || call.signal.aborted ? caught : new APIConnectionError({ message: String((caught as Error).message ?? caught), cause: caught as Error });
    if (deltas > 0) throw new StreamInterruptedError(err, deltas, result.text.length + result.thinking.length);
    throw err;
  }
}
