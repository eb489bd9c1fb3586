import Anthropic, { APIConnectionError, APIUserAbortError } from '@anthropic-ai/sdk';
import type { StreamEvent } from '../../domain/events';
import type { Message, Usage } from '../../domain/messages';
import type { Logger } from '../../observability/logger';
import { endSpan, NO_TRACE, outgoingHeaders, startSpan } from '../../observability/tracing';
import type { AbortCause } from '../../domain/abort';
import type { CancelSource } from '../../util/lazyAbort';
import type { Provider, ProviderRequest } from '../provider';
import { classifyError } from './classifyError';
import { streamBody } from './pooledFetch';
import { attemptFetchOptions, builtinFetch } from './requestSignal';
import { SseDecoder } from './sseDecoder';

export interface AnthropicClientOptions {
  apiKey: string;
  baseURL: string | undefined;
  /** Backstop only: the executor aborts each attempt on its own, shorter timer. */
  timeoutMs: number;
  logger: Logger;
  /** The transport (it must answer to the attempt's cancel, requestSignal.ts); Node's own fetch when omitted (builtinFetch). */
  fetch?: typeof fetch;
}

export function createAnthropicClient(options: AnthropicClientOptions): Anthropic {
  return new Anthropic({ apiKey: options.apiKey, ...sdkClientOptions(options) });
}

/** What every SDK client of the router is given, whatever the platform. */
export function sdkClientOptions(options: Omit<AnthropicClientOptions, 'apiKey'>): {
  baseURL?: string;
  fetch: typeof fetch;
  maxRetries: number;
  timeout: number;
  openTelemetry: false;
  logLevel: 'warn';
  logger: Record<'error' | 'warn' | 'info' | 'debug', (msg: string) => void>;
} {
  const sdkLogger = options.logger.child({ component: 'anthropic-sdk' });
  return {
    ...(options.baseURL !== undefined ? { baseURL: options.baseURL } : {}),
    // Without the router's transport, Node's own, still aborted by each attempt's signal.
    fetch: options.fetch ?? builtinFetch,
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
  };
}

type Body = Anthropic.MessageCreateParamsNonStreaming;

export interface ProviderHooks {
  /** An event of a stream could not be read and was skipped (counted per model, logged). */
  malformedEvent(model: string, detail: string): void;
}

/** What differs between the platforms that speak the Messages API through an Anthropic SDK client. */
export interface PlatformTraits {
  name: string;
  /** sse: the body is read here, tolerantly; sdk: the SDK decodes it (Bedrock's AWS event-stream). */
  streamDecoding: 'sse' | 'sdk';
  countsTokens: boolean;
  /** Whether the platform serves the Models API (only Anthropic's own does). */
  listsModels: boolean;
}

/** The part of an SDK client the router uses: Anthropic's, AnthropicBedrock and AnthropicVertex all have it. */
export type MessagesClient = Pick<Anthropic, 'messages' | 'models'>;

export const ANTHROPIC_TRAITS: PlatformTraits = { name: 'anthropic', streamDecoding: 'sse', countsTokens: true, listsModels: true };

/** Anthropic's Messages API through the official SDK: the request body goes as the router built it. */
export function createAnthropicProvider(client: Anthropic, hooks: ProviderHooks): Provider {
  return createSdkProvider(client, hooks, ANTHROPIC_TRAITS);
}

/** A platform reached through an Anthropic SDK client; the body goes as the router built it, under the platform's model id. */
export function createSdkProvider(client: MessagesClient, hooks: ProviderHooks, traits: PlatformTraits): Provider {
  return {
    name: traits.name,
    countsTokens: traits.countsTokens,
    stream: (request) => streamAnswer(client, request, hooks, traits),
    async *listModels(signal) {
      if (!traits.listsModels) return;
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
        const body = { ...params, model: request.platformModel ?? request.model } as unknown as Anthropic.MessageCountTokensParams;
        const counted = await client.messages.countTokens(body, options(request));
        return counted.input_tokens;
      } catch (err) {
        throw classifyError(err, abortCause(request.signal));
      }
    },
  };
}

async function* streamAnswer(client: MessagesClient, request: ProviderRequest, hooks: ProviderHooks, traits: PlatformTraits): AsyncGenerator<StreamEvent> {
  const body = upstreamBody(request);
  const traced = startSpan('modelrouter.upstream', request.trace ?? NO_TRACE, {
    kind: 'client',
    attributes: {
      'gen_ai.system': 'anthropic',
      'gen_ai.request.model': request.platformModel ?? request.model,
      'modelrouter.provider': traits.name,
      'modelrouter.stream': request.stream,
    },
  });
  let failure: unknown;
  request = { ...request, trace: traced.context };
  try {
    if (!request.stream) {
      const message = await client.messages.create(body as unknown as Body, options(request));
      yield { type: 'message', message: normalize(message as unknown as Message, request.model) };
      return;
    }
    if (traits.streamDecoding === 'sdk') {
      body.stream = true;
      const stream = await client.messages.create(body as unknown as Anthropic.MessageCreateParamsStreaming, options(request));
      for await (const event of stream) {
        let handedOn = false;
        try {
          yield underCatalogId(event as unknown as StreamEvent, request.model);
          handedOn = true;
        } finally {
          // Left mid-answer: the SDK's stream cancels its body before it aborts the request, and a read waiting on a
          // silent upstream holds that cancel (and this return) until upstream speaks. Aborted first, it ends now.
          if (!handedOn) stream.controller.abort();
        }
      }
    } else {
      // The SDK sends the request and turns an HTTP error into its APIError; the body is read here, tolerantly.
      body.stream = true;
      const response = await client.messages.create(body as unknown as Anthropic.MessageCreateParamsStreaming, options(request)).asResponse();
      const chunks = streamBody(response);
      if (!chunks) throw new APIConnectionError({ message: 'upstream answered a stream with no body' });
      const decoder = new SseDecoder(response.headers, (detail) => hooks.malformedEvent(request.model, detail));
      for await (const chunk of chunks) {
        for (const event of decoder.push(chunk)) yield underCatalogId(event, request.model);
        decoder.check();
      }
      for (const event of decoder.end()) yield underCatalogId(event, request.model);
      decoder.check();
    }
    if (request.signal.aborted) throw new APIUserAbortError();
  } catch (err) {
    failure = classifyError(err, abortCause(request.signal));
    throw failure;
  } finally {
    endSpan(traced.span, failure);
  }
}

/**
 * The caller's params under the platform's model id. The keys set here are declared before the params are spread
 * in and assigned after: Node 20's V8 takes a slow path for a key added to a spread copy (about 0.7 µs a key).
 */
function upstreamBody(request: ProviderRequest): { model: string; stream?: boolean | undefined } {
  const body: { model: unknown; stream: unknown } = { model: undefined, stream: undefined, ...request.params };
  body.model = request.platformModel ?? request.model;
  return body as { model: string; stream?: boolean | undefined };
}

function options(request: Pick<ProviderRequest, 'signal' | 'betas' | 'trace'>): Anthropic.RequestOptions {
  // The W3C trace context goes upstream (and to any gateway in between) with the request.
  const headers: Record<string, string> = request.trace ? outgoingHeaders(request.trace) : {};
  if (request.betas.length > 0) headers['anthropic-beta'] = request.betas.join(',');
  // Not the SDK's `signal`: given one, the SDK keeps every streamed answer past the young generation (requestSignal.ts).
  const fetchOptions = attemptFetchOptions(request.signal);
  return Object.keys(headers).length > 0 ? { fetchOptions, headers } : { fetchOptions };
}

function abortCause(signal: Pick<CancelSource, 'aborted' | 'reason'>): AbortCause | undefined {
  return signal.aborted ? (signal.reason as AbortCause) : undefined;
}

/** A stream event as the router hands it on: message_start's message normalized, every other event as it came. */
function underCatalogId(event: StreamEvent, model: string): StreamEvent {
  return event.type === 'message_start' ? { type: 'message_start', message: normalize(event.message, model) } : event;
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
