import type { TokenUsage } from '../catalog/cost';
import type { CompletionRequest } from '../policy/completionRequest';

export interface UpstreamRequest {
  /** Catalog model id (never an alias: the catalog resolved it). */
  model: string;
  request: CompletionRequest;
  maxTokens: number;
  /** Aborted when the caller goes away, the deadline passes or the attempt times out. */
  signal: AbortSignal;
  /** Called on every stream event: upstream is alive, so the per-attempt cap restarts. */
  progress?: () => void;
}

export interface UpstreamResult {
  id: string;
  text: string;
  thinking: string;
  stopReason: string;
  usage: TokenUsage;
}

/**
 * Receives a stream's deltas in order. A returned promise pauses reading from upstream until it settles,
 * which is how the caller's gRPC flow control reaches the upstream connection.
 */
export interface StreamSink {
  text(delta: string): void | Promise<void>;
  thinking(delta: string): void | Promise<void>;
}

/** The one seam to Anthropic: the router never touches the SDK outside src/upstream. */
export interface Upstream {
  complete(call: UpstreamRequest): Promise<UpstreamResult>;
  stream(call: UpstreamRequest, sink: StreamSink): Promise<UpstreamResult>;
}

/**
 * Thrown by stream() when upstream fails after content reached the caller: the answer cannot move to another
 * model without the caller seeing two answers, so the executor must not fall back.
 */
export class StreamInterruptedError extends Error {
  override readonly name = 'StreamInterruptedError';

  constructor(
    override readonly cause: unknown,
    readonly deltasSent: number,
    readonly charsSent: number,
  ) {
    super(`stream interrupted after ${deltasSent} deltas (${charsSent} characters)`);
  }
}
