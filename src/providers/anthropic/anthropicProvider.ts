import Anthropic, { APIConnectionError, APIUserAbortError } from '@anthropic-ai/sdk';
import type { StreamEvent } from '../../domain/events';
import type { Message, Usage } from '../../domain/messages';
import type { Logger } from '../../observability/logger';
import type { AbortCause } from '../../domain/abort';
import type { Provider, ProviderRequest } from '../provider';
import { classifyError } from './classifyError';
import { streamBody } from './pooledFetch';
import { sseEvents } from './sseEvents';

export interface AnthropicClientOptions {
  apiKey: string;
  baseURL: string | undefined;
  /** Backstop only: the executor aborts each attempt on its own, shorter timer. */
  timeoutMs: number;
  logger: Logger;
  /** The transport; the SDK's built-in fetch when omitted. */
  fetch?: typeof fetch;
}

export function createAnthropicClient(options: AnthropicClientOptions): Anthropic {
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

type Body = Anthropic.MessageCreateParamsNonStreaming;

export interface ProviderHooks {
  /** An event of a stream could not be read and was skipped (counted per model, logged). */
  malformedEvent(model: string, detail: string): void;
}

/** Anthropic's Messages API through the official SDK: the request body goes as the router built it. */
export function createAnthropicProvider(client: Anthropic, hooks: ProviderHooks): Provider {
  return {
    name: 'anthropic',
    stream: (request) => streamAnswer(client, request, hooks),
    async *listModels(signal) {
      try {
        // Retired models only come when asked for; the router must know them to say "retired", not "not found".
        yield* client.models.list({ lifecycle: ['active', 'deprecated', 'retired'], limit: 1000 }, { signal });
      } catch (err) {
        throw classifyError(err, abortCause(signal));
      }
    },
    async countTokens(request) {
      const { max_tokens: _unused, ...params } = request.params;
      try {
        const counted = await client.messages.countTokens({ ...params, model: request.model } as unknown as Anthropic.MessageCountTokensParams, options(request));
        return counted.input_tokens;
      } catch (err) {
        throw classifyError(err, abortCause(request.signal));
      }
    },
  };
}

async function* streamAnswer(client: Anthropic, request: ProviderRequest, hooks: ProviderHooks): AsyncGenerator<StreamEvent> {
  const body = { ...request.params, model: request.model } as unknown as Body;
  try {
    if (!request.stream) {
      const message = await client.messages.create(body, options(request));
      yield { type: 'message', message: normalize(message as unknown as Message, request.model) };
      return;
    }
    // The SDK sends the request and turns an HTTP error into its APIError; the body is read here, tolerantly.
    const response = await client.messages.create({ ...body, stream: true }, options(request)).asResponse();
    const chunks = streamBody(response);
    if (!chunks) throw new APIConnectionError({ message: 'upstream answered a stream with no body' });
    const malformed = (detail: string): void => hooks.malformedEvent(request.model, detail);
    for await (const event of sseEvents(chunks, response.headers, malformed)) {
      yield event.type === 'message_start' ? { type: 'message_start', message: normalize(event.message, request.model) } : event;
    }
    if (request.signal.aborted) throw new APIUserAbortError();
  } catch (err) {
    throw classifyError(err, abortCause(request.signal));
  }
}

function options(request: Pick<ProviderRequest, 'signal' | 'betas'>): Anthropic.RequestOptions {
  return request.betas.length > 0 ? { signal: request.signal, headers: { 'anthropic-beta': request.betas.join(',') } } : { signal: request.signal };
}

function abortCause(signal: AbortSignal): AbortCause | undefined {
  return signal.aborted ? (signal.reason as AbortCause) : undefined;
}

/** The answer under the catalog id it was asked for, with the optional usage counters as numbers. */
function normalize(message: Message, model: string): Message {
  const usage = message.usage as Partial<Record<keyof Usage, unknown>>;
  const normalized: Usage = {
    ...(message.usage as object),
    input_tokens: Number(usage.input_tokens ?? 0),
    output_tokens: Number(usage.output_tokens ?? 0),
    cache_read_input_tokens: Number(usage.cache_read_input_tokens ?? 0),
    cache_creation_input_tokens: Number(usage.cache_creation_input_tokens ?? 0),
  };
  const split = usage.cache_creation as Usage['cache_creation'] | null | undefined;
  if (split) normalized.cache_creation = split;
  return { ...message, model, usage: normalized };
}
