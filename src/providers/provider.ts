import type { CancelSource } from '../util/lazyAbort';
import type { StreamEvent } from '../domain/events';
import type { MessagesParams } from '../domain/messages';
import type { TraceContext } from '../observability/tracing';

/** One upstream call, as the router asks for it: the body is final (model set per attempt, rewrites applied). */
export interface ProviderRequest {
  /** Catalog model id: answers are reported under it. */
  model: string;
  /** The id the platform knows the model by (Bedrock's or Vertex's); the catalog id when absent. */
  platformModel?: string;
  params: MessagesParams & { max_tokens: number };
  /** anthropic-beta values. */
  betas: readonly string[];
  /** Ask upstream to stream (SSE); otherwise it answers with one JSON body, handed on as one `message` event. */
  stream: boolean;
  /** Aborted when the caller goes away, its deadline passes or the attempt times out; the reason says which. */
  signal: CancelSource;
  /** The attempt's span context: the upstream request gets a span under it, and its traceparent goes upstream. */
  trace?: TraceContext | undefined;
}

/**
 * The one seam to a model platform (Anthropic today; Bedrock and Vertex behind the same interface next). Every
 * failure is thrown as a RouterError already classified: blame, retryability, retry-after, upstream status and type.
 */
export interface Provider {
  readonly name: string;
  /** Whether countTokens is served on this platform (Bedrock's SDK has no such endpoint). */
  readonly countsTokens: boolean;
  /** The answer's events, from message_start to message_stop (or one `message`); ends only after a complete answer. */
  stream(request: ProviderRequest): AsyncIterable<StreamEvent>;
  countTokens(request: Omit<ProviderRequest, 'stream'>): Promise<number>;
  /** The Models API listing, every lifecycle, page after page, entries as upstream sent them. */
  listModels(signal: AbortSignal): AsyncIterable<unknown>;
}
